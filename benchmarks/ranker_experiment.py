"""Would a candidate-span ranker add to the rules? Rank word n-grams with a logistic regression and see.

An experiment, nothing here is shipped. For every paper (title + abstract):

1. candidates: word n-grams of 1-5 words inside one sentence, not crossing
   punctuation other than hyphens, not starting or ending with a stop word or
   a number; one instance per normalised key (``score.py``'s ``norm``) per paper;
2. a logistic regression (L2, numpy, hashed features) scores each key: the
   probability that an annotator lists it as an entity. Features are general
   ones: head and first word, their suffixes, length, shape, counts in the
   paper and the title, the words around it, how often the corpus uses it, and
   how it relates to the rule predictions (equal to one, contains one, inside
   one, overlaps one);
3. merged: keys above a threshold that do not contain, and are not contained
   in, a rule entity (or a better candidate) are added, role ``used``, typed by
   a second classifier (a multinomial logistic regression on the same
   features, or the majority gold type of the head word); only method, task
   and metric are added;
4. filter variant: rule entities whose every form scores below a threshold
   are dropped.

Training only on the gold dev file (``../shared/gold/dev.jsonl``). The dev
figure is by 5-fold cross-validation (thresholds and the typing choice are
picked on the pooled out-of-fold predictions, so it is a little optimistic);
the held-out silver files are scored with a model trained on all of dev and
the thresholds picked on dev. Of ``heldout_test.jsonl`` only aggregate figures
are printed.

Usage (from the repository root)::

    kg build ../shared/seeds -o /tmp/ranker-out
    python benchmarks/ranker_experiment.py --papers /tmp/ranker-out/papers.jsonl
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import re
import subprocess
import sys
import time
import zlib
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.readers import read_papers  # noqa: E402

SILVER = ROOT / "benchmarks" / "silver"
DIM = 1 << 18
TYPES = ["method", "model", "dataset", "task", "metric"]
ADDABLE = {"method", "task", "metric"}
NUMBER = re.compile(r"^[\d.,%×x+\-]+$")


def _load_scorer(path: Path):
    spec = importlib.util.spec_from_file_location("kg_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def _h(feature: str) -> int:
    return zlib.crc32(feature.encode("utf-8")) & (DIM - 1)


def _word_tokens(text: str) -> tuple[str, ...]:
    """Lower-case alphanumeric words, plural "s" dropped as ``norm`` does (no trailing-word stripping)."""
    out = []
    for t in re.split(r"[^0-9a-z]+", text.lower()):
        if t:
            out.append(t[:-1] if len(t) > 3 and t.endswith("s") and not t.endswith("ss") else t)
    return tuple(out)


def _contains(big: tuple, small: tuple) -> bool:
    n = len(small)
    return 0 < n <= len(big) and any(big[i:i + n] == small for i in range(len(big) - n + 1))


def _shape(word: str) -> str:
    s = re.sub(r"[A-Z]+", "X", re.sub(r"[a-z]+", "x", re.sub(r"[0-9]+", "d", word)))
    return s[:4]


# ---------------------------------------------------------------- candidates

class Featurizer:
    def __init__(self, texts: dict[str, str], norm):
        import spacy
        from spacy.lang.en.stop_words import STOP_WORDS

        self.nlp = spacy.blank("en")
        self.nlp.add_pipe("sentencizer")
        self.stop = STOP_WORDS
        self.norm = norm
        self.texts = texts
        self.docfreq: Counter = Counter()

    def fit_docfreq(self, titles):
        """How many papers of the corpus use each candidate key (unsupervised: texts only)."""
        for title in titles:
            self.docfreq.update({c["key"] for c in self.candidates(title)})

    def fit_corpus_rules(self, rules: dict[str, list[dict]]):
        """How the rules type each key and head word across the corpus (unsupervised: rule output only)."""
        self.rule_key_type: dict[str, Counter] = defaultdict(Counter)
        self.rule_head_type: dict[str, Counter] = defaultdict(Counter)
        for entities in rules.values():
            for ent in entities:
                for form in {ent["name"], *ent.get("aliases", [])}:
                    self.rule_key_type[self.norm(form)][ent["type"]] += 1
                words = _word_tokens(ent["name"])
                if words and not any(ch.isupper() for ch in ent["name"][1:]):
                    self.rule_head_type[words[-1]][ent["type"]] += 1

    def candidates(self, title: str) -> list[dict]:
        text = self.texts[title]
        doc = self.nlp(text)
        words = []  # (token index, normalised word) of word tokens, for rule-mention positions
        segments, current = [], []
        for tok in doc:
            boundary = tok.is_sent_start or tok.is_space or (tok.is_punct and tok.text != "-") \
                or (not tok.text[0].isalnum() and tok.text != "-")
            if boundary and current:
                segments.append(current)
                current = []
            if not (tok.is_space or (tok.is_punct and tok.text != "-") or (not tok.text[0].isalnum() and tok.text != "-")):
                current.append(tok.i)
        if current:
            segments.append(current)
        for tok in doc:
            if tok.text[0].isalnum():
                words.append(tok.i)
        self._doc, self._words = doc, words
        lowered = text.lower()
        title_end = len(title)
        found: dict[str, dict] = {}
        for seg in segments:
            for a in range(len(seg)):
                first = doc[seg[a]]
                if self._bad_edge(first):
                    continue
                n_words = 0
                for b in range(a, len(seg)):
                    if seg[b] != seg[a] + (b - a):  # not contiguous (a skipped space)
                        break
                    last = doc[seg[b]]
                    if last.text != "-":
                        n_words += 1
                    if n_words > 5:
                        break
                    if self._bad_edge(last):
                        continue
                    span = doc[seg[a]:seg[b] + 1]
                    surface = span.text
                    key = self.norm(surface)
                    if not key:
                        continue
                    entry = found.get(key)
                    if entry is None:
                        entry = found[key] = {"key": key, "surface": surface, "n": n_words, "count": 0,
                                              "title": False, "prev": set(), "next": set(), "prev2": set(),
                                              "tokens": _word_tokens(surface), "positions": set(),
                                              "caps_mid": False, "first_char": span.start_char}
                    entry["count"] += 1
                    entry["title"] |= span.start_char < title_end
                    entry["prev"].add(doc[span.start - 1].lower_ if span.start > 0 else "<s>")
                    entry["prev2"].add(" ".join(t.lower_ for t in doc[max(0, span.start - 2):span.start]))
                    entry["next"].add(doc[span.end].lower_ if span.end < len(doc) else "</s>")
                    entry["positions"].update(range(span.start, span.end))
                    if not first.is_sent_start and any(t.text[:1].isupper() for t in span):
                        entry["caps_mid"] = True
        for entry in found.values():
            entry["phrase_count"] = lowered.count(entry["surface"].lower())
        return list(found.values())

    def _bad_edge(self, tok) -> bool:
        return tok.text == "-" or tok.lower_ in self.stop or bool(NUMBER.match(tok.text))

    def rule_relations(self, cands: list[dict], rule_entities: list[dict]) -> None:
        """Mark how each candidate relates to the rule predictions of its paper."""
        doc, words = self._doc, self._words
        wnorm = [_word_tokens(doc[i].text) for i in words]
        wnorm = [w[0] if w else "" for w in wnorm]
        covered: dict[int, str] = {}
        forms = []
        for ent in rule_entities:
            for form in {ent["name"], *ent.get("aliases", [])}:
                toks = _word_tokens(form)
                if not toks:
                    continue
                forms.append((self.norm(form), toks, ent["type"]))
                n = len(toks)
                for i in range(len(wnorm) - n + 1):
                    if tuple(wnorm[i:i + n]) == toks:
                        for j in range(i, i + n):
                            covered[words[j]] = ent["type"]
        for c in cands:
            rel, rtype = "none", ""
            for key, toks, typ in forms:
                if key == c["key"]:
                    rel, rtype = "equal", typ
                    break
            if rel == "none":
                for key, toks, typ in forms:
                    if _contains(toks, c["tokens"]):
                        rel, rtype = "inside", typ
                        break
                    if _contains(c["tokens"], toks):
                        rel, rtype = "contains", typ
            if rel == "none":
                hit = [covered[p] for p in c["positions"] if p in covered]
                if hit:
                    rel, rtype = "overlap", hit[0]
            c["rel"], c["rtype"] = rel, rtype

    def features(self, c: dict) -> list[int]:
        words = c["surface"].replace("-", " - ").split()
        words = [w for w in words if w != "-"] or [c["surface"]]
        head, first = words[-1].lower(), words[0].lower()
        count = min(c["count"], 4)
        df = self.docfreq.get(c["key"], 0)
        dfb = "0" if df <= 1 else "1" if df <= 3 else "2" if df <= 10 else "3" if df <= 40 else "4"
        shape = " ".join(_shape(w) for w in words)[:16]
        f = ["bias", f"n={c['n']}", f"head={head}", f"first={first}", f"hs3={head[-3:]}", f"hs4={head[-4:]}",
             f"fs3={first[-3:]}", f"fs4={first[-4:]}", f"shape={shape}", f"count={count}", f"title={c['title']}",
             f"df={dfb}", f"rel={c['rel']}", f"rel={c['rel']}|{c['rtype']}", f"rel={c['rel']}|n={c['n']}",
             f"rel={c['rel']}|count={count}", f"caps_mid={c['caps_mid']}", f"n={c['n']}|count={count}",
             f"df={dfb}|n={c['n']}", f"head={head}|rel={c['rel']}", f"hyphen={'-' in c['surface']}",
             f"digit={any(ch.isdigit() for ch in c['surface'])}",
             f"upper={any(w.isupper() and len(w) > 1 for w in words)}", f"title={c['title']}|n={c['n']}",
             f"phrase={min(c['phrase_count'], 4)}"]
        stop = self.stop
        left_open = any(p[:1].isalnum() and p not in stop for p in c["prev"])
        right_open = any(p[:1].isalnum() and p not in stop for p in c["next"])
        f += [f"left_open={left_open}", f"right_open={right_open}", f"open={left_open}|{right_open}|{c['caps_mid']}"]
        kt = self.rule_key_type.get(c["key"])
        f += [f"corpus_rule={kt.most_common(1)[0][0] if kt else '-'}"]
        ht = self.rule_head_type.get(c["tokens"][-1] if c["tokens"] else "")
        f += [f"corpus_head={ht.most_common(1)[0][0] if ht else '-'}",
              f"corpus_head={ht.most_common(1)[0][0] if ht else '-'}|n={c['n']}"]
        f += [f"prev={p}" for p in c["prev"]] + [f"next={p}" for p in c["next"]]
        f += [f"prev2={p}" for p in c["prev2"]]
        return sorted({_h(x) for x in f})


# ---------------------------------------------------------------- learners

def _design(rows_feats: list[list[int]]):
    rows = np.concatenate([np.full(len(f), i) for i, f in enumerate(rows_feats)]) if rows_feats else np.zeros(0, int)
    cols = np.concatenate([np.asarray(f, dtype=np.int64) for f in rows_feats]) if rows_feats else np.zeros(0, int)
    return rows, cols, len(rows_feats)


def _dot(X, w):
    rows, cols, n = X
    return np.bincount(rows, weights=w[cols], minlength=n)


def train_logreg(X, y, l2=1e-4, steps=300, lr=0.1, pos_weight=1.0):
    rows, cols, n = X
    w = np.zeros(DIM)
    m, v = np.zeros(DIM), np.zeros(DIM)
    sw = np.where(y > 0, pos_weight, 1.0)
    for t in range(1, steps + 1):
        p = 1 / (1 + np.exp(-_dot(X, w)))
        err = (p - y) * sw / n
        g = np.bincount(cols, weights=err[rows], minlength=DIM) + l2 * w
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        w -= lr * (m / (1 - 0.9 ** t)) / (np.sqrt(v / (1 - 0.999 ** t)) + 1e-8)
    return w


def train_softmax(X, y, k, l2=1e-4, steps=300, lr=0.1):
    rows, cols, n = X
    W = np.zeros((DIM, k))
    m, v = np.zeros_like(W), np.zeros_like(W)
    onehot = np.eye(k)[y]
    for t in range(1, steps + 1):
        z = np.stack([_dot(X, W[:, j]) for j in range(k)], 1)
        z -= z.max(1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(1, keepdims=True)
        err = (p - onehot) / n
        g = np.stack([np.bincount(cols, weights=err[rows, j], minlength=DIM) for j in range(k)], 1) + l2 * W
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        W -= lr * (m / (1 - 0.9 ** t)) / (np.sqrt(v / (1 - 0.999 ** t)) + 1e-8)
    return W


class Ranker:
    def __init__(self, only_new: bool = False):
        self.only_new = only_new  # rank only candidates unrelated to the rule predictions

    def fit(self, data: list[tuple[str, list[dict]]], gold: dict[str, list[dict]], norm):
        feats, ys, tfeats, tys = [], [], [], []
        heads: dict[str, Counter] = defaultdict(Counter)
        for title, cands in data:
            gtype = {}
            for g in gold[title]:
                for form in {g["name"], *g.get("aliases", [])}:
                    gtype.setdefault(norm(form), g["type"])
                words = _word_tokens(g["name"])
                if words:
                    heads[words[-1]][g["type"]] += 1
            for c in cands:
                if not self.only_new or c["rel"] == "none":
                    feats.append(c["feats"])
                    ys.append(c["key"] in gtype)
                if c["key"] in gtype:
                    tfeats.append(c["feats"])
                    tys.append(TYPES.index(gtype[c["key"]]) if gtype[c["key"]] in TYPES else 2)
        self.w = train_logreg(_design(feats), np.asarray(ys, float))
        self.W = train_softmax(_design(tfeats), np.asarray(tys), len(TYPES))
        self.heads = {h: c.most_common(1)[0][0] for h, c in heads.items()}
        return self

    def score(self, cands: list[dict]) -> None:
        """Set ``add_score`` (only_new model) or ``score`` (model of all candidates) and the types."""
        if not cands:
            return
        X = _design([c["feats"] for c in cands])
        p = 1 / (1 + np.exp(-_dot(X, self.w)))
        if not self.only_new:
            for c, s in zip(cands, p):
                c["score"] = float(s)
            return
        z = np.stack([_dot(X, self.W[:, j]) for j in range(len(TYPES))], 1)
        for c, s, zz in zip(cands, p, z):
            c["add_score"] = float(s)
            c["type_lr"] = TYPES[int(np.argmax(zz))]
            # the lr type among the addable ones (used when only those may be added)
            c["type_lr_addable"] = max(ADDABLE, key=lambda t: zz[TYPES.index(t)])
            c["type_head"] = self.heads.get(c["tokens"][-1] if c["tokens"] else "", "method")


# ---------------------------------------------------------------- merging

def merge(rules: list[dict], cands: list[dict], *, add_at: float | None, drop_below: float | None,
          typing: str, norm) -> list[dict]:
    kept = list(rules)
    if drop_below is not None:
        by_key = {c["key"]: c["score"] for c in cands}
        kept = []
        for ent in rules:
            scores = [by_key[k] for k in (norm(f) for f in {ent["name"], *ent.get("aliases", [])}) if k in by_key]
            if not scores or max(scores) >= drop_below:
                kept.append(ent)
    if add_at is None:
        return kept
    taken = [_word_tokens(f) for e in rules for f in {e["name"], *e.get("aliases", [])}]
    keys = {norm(f) for e in rules for f in {e["name"], *e.get("aliases", [])}}
    added = []
    for c in sorted(cands, key=lambda c: -c["add_score"]):
        if c["add_score"] < add_at:
            break
        if c["key"] in keys or any(_contains(t, c["tokens"]) or _contains(c["tokens"], t) for t in taken):
            continue
        typ = c["type_" + typing]
        if typ not in ADDABLE:
            continue
        added.append({"name": c["surface"], "aliases": [], "type": typ, "role": "used",
                      "confidence": round(c["add_score"], 3)})
        taken.append(c["tokens"])
        keys.add(c["key"])
    return kept + added


# ---------------------------------------------------------------- main

def _write(path: Path, records: list[dict]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for r in records:
            out.write(json.dumps(r) + "\n")
    return path


def _score_cli(scorer_path: Path, gold: Path, pred: Path) -> dict:
    """Run score.py; keep only its aggregate rows (all, method, task, metric)."""
    out = subprocess.run([sys.executable, str(scorer_path), str(gold), str(pred)], capture_output=True,
                         text=True, check=True).stdout
    rows = {}
    for line in out.splitlines():
        parts = line.split()
        if parts and parts[0] in ("all", "method", "task", "metric") and len(parts) >= 4:
            rows[parts[0]] = tuple(float(x) for x in parts[1:4])
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--papers", type=Path, required=True, help="papers.jsonl of kg build on the sample")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--work", type=Path, default=Path("/tmp/kg-ranker"))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--show-diagnosis", type=int, default=0, metavar="N",
                        help="list the N best-scored new candidates on heldout_diagnosis.jsonl (never on the test)")
    args = parser.parse_args(argv)
    scorer_path = args.shared / "eval" / "score.py"
    scorer = _load_scorer(scorer_path)
    norm = scorer.norm

    papers = read_papers([args.shared / "seeds"])
    texts = {p.title: f"{p.title}\n\n{p.abstract}" for p in papers}
    by_tkey = {scorer.title_key(t): t for t in texts}
    rules = {by_tkey[scorer.title_key(r["title"])]: r["entities"] for r in _records(args.papers)}

    fz = Featurizer(texts, norm)
    started = time.perf_counter()
    fz.fit_docfreq(texts)
    fz.fit_corpus_rules(rules)
    t_docfreq = time.perf_counter() - started
    started = time.perf_counter()
    cands = {}
    for title in texts:
        cs = fz.candidates(title)
        fz.rule_relations(cs, rules.get(title, []))
        for c in cs:
            c["feats"] = fz.features(c)
        cands[title] = cs
    t_feat = time.perf_counter() - started
    n_cands = sum(len(c) for c in cands.values())
    print(f"candidates: {n_cands} keys in {len(texts)} papers; docfreq {t_docfreq:.1f} s, "
          f"candidates + features {t_feat:.1f} s", file=sys.stderr)

    dev_path = args.shared / "gold" / "dev.jsonl"
    dev = {by_tkey[scorer.title_key(r["title"])]: r["entities"] for r in _records(dev_path)}
    dev_titles = sorted(dev)
    recall_ceiling = sum(any(norm(f) in {c["key"] for c in cands[t]} for f in {g["name"], *g["aliases"]})
                         for t in dev_titles for g in dev[t]) / sum(len(dev[t]) for t in dev_titles)
    print(f"dev gold entities with a form among the candidates: {recall_ceiling:.3f}", file=sys.stderr)

    # 5-fold CV on dev: out-of-fold scores for every dev paper
    rng = np.random.default_rng(0)
    order = rng.permutation(len(dev_titles))
    folds = [set(np.asarray(dev_titles)[order[i::args.folds]]) for i in range(args.folds)]
    for k, fold in enumerate(folds):
        train = [(t, cands[t]) for t in dev_titles if t not in fold]
        for model in (Ranker().fit(train, dev, norm), Ranker(only_new=True).fit(train, dev, norm)):
            for t in fold:
                model.score(cands[t])
        print(f"fold {k + 1}/{args.folds} done", file=sys.stderr, flush=True)
    oof = {t: [dict(c) for c in cands[t]] for t in dev_titles}
    new = sorted(((c["add_score"], c["key"] in {norm(f) for g in dev[t] for f in {g["name"], *g["aliases"]}})
                  for t in dev_titles for c in oof[t] if c["rel"] == "none"), reverse=True)
    print(f"dev CV, candidates unrelated to the rules: {sum(y for _, y in new)} gold of {len(new)}; precision at "
          + ", ".join(f"top {k} {np.mean([y for _, y in new[:k]]):.2f} (score {new[k - 1][0]:.2f})"
                      for k in (10, 25, 50, 100)), file=sys.stderr)
    gold_dev = scorer.load(dev_path)

    def dev_f1(add_at, drop_below, typing):
        pred = {scorer.title_key(t): {"title": t, "entities": merge(rules[t], oof[t], add_at=add_at,
                                                                   drop_below=drop_below, typing=typing,
                                                                   norm=norm)}
                for t in dev_titles}
        return scorer.score(gold_dev, pred)["all"]["f1"]

    grid = [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]
    sweep = {(a, ty): dev_f1(a, None, ty) for a in grid for ty in ("lr_addable", "head")}
    for (a, ty), f in sorted(sweep.items()):
        print(f"  dev CV add>={a} typing={ty}: typed F1 {f:.4f}", file=sys.stderr)
    add_at, typing = max(sweep, key=sweep.get)
    fsweep = {d: dev_f1(None, d, typing) for d in [0.02, 0.05, 0.1, 0.2, 0.3, 0.4]}
    for d, f in fsweep.items():
        print(f"  dev CV drop<{d}: typed F1 {f:.4f}", file=sys.stderr)
    drop_below = max(fsweep, key=fsweep.get)
    both = dev_f1(add_at, drop_below, typing)
    print(f"chosen: add>={add_at} typing={typing} drop<{drop_below} (both: {both:.4f})", file=sys.stderr)

    # final model on all of dev, applied to the held-out papers
    model = Ranker().fit([(t, cands[t]) for t in dev_titles], dev, norm)
    add_model = Ranker(only_new=True).fit([(t, cands[t]) for t in dev_titles], dev, norm)
    started = time.perf_counter()
    for t in texts:
        if t not in dev:
            model.score(cands[t])
            add_model.score(cands[t])
    t_score = time.perf_counter() - started
    print(f"scoring {len(texts) - len(dev)} held-out papers: {t_score:.2f} s", file=sys.stderr)
    if args.show_diagnosis:
        diag = {by_tkey[scorer.title_key(r["title"])]: r["entities"] for r in _records(SILVER / "heldout_diagnosis.jsonl")}
        rows = []
        for t, gents in diag.items():
            gkeys = {norm(f): g["type"] for g in gents for f in {g["name"], *g["aliases"]}}
            rows += [(c["add_score"], c["surface"], c["type_" + typing], gkeys.get(c["key"], "-"))
                     for c in cands[t] if c["rel"] == "none"]
        rows.sort(reverse=True)
        hits = [r[3] != "-" for r in rows]
        print("heldout_diagnosis, new candidates: precision at " + ", ".join(
            f"top {k} {np.mean(hits[:k]):.2f} (score {rows[k - 1][0]:.2f})" for k in (10, 25, 50, 100)), file=sys.stderr)
        for r in rows[:args.show_diagnosis]:
            print(f"  {r[0]:.2f} {r[1]!r} as {r[2]}; gold: {r[3]}", file=sys.stderr)
    variants = {"rules": (None, None), "rules+ranker": (add_at, None), "rules-filter": (None, drop_below),
                "rules+ranker+filter": (add_at, drop_below)}
    sets = {"dev (5-fold CV)": (dev_path, dev_titles, oof),
            "heldout_diagnosis": (SILVER / "heldout_diagnosis.jsonl", None, cands),
            "heldout_test (aggregate)": (SILVER / "heldout_test.jsonl", None, cands)}
    print("| set | predictions | P | R | typed F1 | method F1 | task F1 | metric F1 |")
    print("|---|---|---|---|---|---|---|---|")
    for set_name, (gold_path, titles, pool) in sets.items():
        if titles is None:
            titles = [by_tkey[scorer.title_key(r["title"])] for r in _records(gold_path)]
        for name, (a, d) in variants.items():
            records = [{"title": t, "entities": merge(rules[t], pool[t], add_at=a, drop_below=d, typing=typing,
                                                      norm=norm)} for t in titles]
            pred = _write(args.work / f"{set_name.split()[0]}-{name}.jsonl", records)
            rows = _score_cli(scorer_path, gold_path, pred)
            p, r, f = rows["all"]
            print(f"| {set_name} | {name} | {p:.3f} | {r:.3f} | {f:.3f} | {rows['method'][2]:.3f} | "
                  f"{rows['task'][2]:.3f} | {rows['metric'][2]:.3f} |")
    np.savez_compressed(args.work / "ranker.npz", w=add_model.w.astype(np.float32),
                        W=add_model.W.astype(np.float32))
    nz = int((np.abs(add_model.w) > 1e-4).sum())
    print(f"weights: {nz} non-zero of {DIM}; {(args.work / 'ranker.npz').stat().st_size // 1024} KiB compressed; "
          f"candidates + features for {len(texts)} papers {t_feat:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
