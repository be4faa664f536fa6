"""Score per-paper predictions (``papers.jsonl``) against a gold annotation file.

Both files hold one paper a line, ``{"title", "entities": [{"name",
"aliases", "type", "role"}]}``; gold entities may carry ``named``. Papers are
matched by normalised title. A predicted entity matches a gold one when any
of their forms (name or alias) share :func:`kg.identity.name_key`; matching
is one-to-one within a paper, so an acronym and its long form predicted as
two entities count one hit and one false positive. Dataset and benchmark
form one group; their sub-type is scored separately.

Examples
--------
>>> gold = {"t": Annotation("T", [{"name": "GSM8K", "type": "benchmark", "role": "used", "named": True},
...                               {"name": "accuracy", "type": "metric", "role": "used"}])}
>>> pred = {"t": Annotation("T", [{"name": "gsm8k", "type": "dataset", "role": "used"},
...                               {"name": "PPO", "type": "method", "role": "used"}])}
>>> result = score(gold, pred)
>>> result.groups["all"].f1, result.named_recall, result.subtype_accuracy
(0.5, 1.0, 0.0)
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError
from kg.identity import name_key, normalise_title
from kg.records import TYPE_GROUP

GROUP = TYPE_GROUP
GROUPS = ("method", "model", "data", "task", "metric")


@dataclass
class Annotation:
    title: str
    entities: list[dict]


@dataclass(frozen=True)
class Counts:
    tp: int
    pred: int
    gold: int

    @property
    def precision(self) -> float:
        return self.tp / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4), "tp": self.tp, "pred": self.pred, "gold": self.gold}


@dataclass
class PaperErrors:
    title: str
    missed: list[str]
    spurious: list[str]


@dataclass
class Evaluation:
    groups: dict[str, Counts]
    introduced: Counts
    named_recall: float
    role_accuracy: float
    subtype_accuracy: float
    papers: int
    papers_missing: int
    errors: list[PaperErrors] = field(default_factory=list)

    def as_dict(self) -> dict:
        out = {name: c.as_dict() for name, c in self.groups.items()}
        out.update(
            introduced=self.introduced.as_dict(),
            named_recall=round(self.named_recall, 4),
            role_accuracy=round(self.role_accuracy, 4),
            data_subtype_accuracy=round(self.subtype_accuracy, 4),
            papers=self.papers,
            papers_missing_in_pred=self.papers_missing,
        )
        if self.errors:
            out["errors"] = [vars(e) for e in self.errors]
        return out


def read_annotations(path: str | Path) -> dict[str, Annotation]:
    """Papers of a gold or prediction file keyed by normalised title (one paper twice: the union)."""
    path = Path(path)
    records: dict[str, Annotation] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror}") from None
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{lineno}: not valid JSON ({exc.msg}); "
                             "expected JSON Lines, one paper a line") from None
        if not isinstance(record, dict) or "title" not in record \
                or not isinstance(record.get("entities", []), list):
            raise InputError(f"{path}:{lineno}: a record needs 'title' and a list 'entities'")
        key = normalise_title(record["title"])
        entities = list(record.get("entities", []))
        if key in records:
            records[key].entities.extend(entities)
        else:
            records[key] = Annotation(record["title"], entities)
    return records


def _forms(entity: dict) -> set[str]:
    names = [entity.get("name", "")] + list(entity.get("aliases") or [])
    return {key for key in map(name_key, filter(None, names)) if key}


def match(gold: list[dict], pred: list[dict], *, typed: bool) -> list[tuple[int, int]]:
    """Greedy one-to-one matching in prediction order: ``(gold index, pred index)`` pairs."""
    pairs, used = [], set()
    gold_forms = [_forms(g) for g in gold]
    for pi, p in enumerate(pred):
        p_forms = _forms(p)
        for gi, g in enumerate(gold):
            if gi in used or not p_forms & gold_forms[gi]:
                continue
            if typed and GROUP.get(p.get("type", "")) != GROUP.get(g.get("type", "")):
                continue
            pairs.append((gi, pi))
            used.add(gi)
            break
    return pairs


def score(gold: dict[str, Annotation], pred: dict[str, Annotation], *, n_errors: int = 0) -> Evaluation:
    """Compare predictions with gold, paper by paper."""
    counts = defaultdict(lambda: [0, 0, 0])
    role_ok = role_n = sub_ok = sub_n = named_tp = named_gold = missing = 0
    intro = [0, 0, 0]
    errors = []
    for key, annotation in gold.items():
        g_ents = annotation.entities
        found = pred.get(key)
        missing += found is None
        p_ents = [p for p in (found.entities if found else []) if p.get("type") in GROUP]
        typed = match(g_ents, p_ents, typed=True)
        untyped = match(g_ents, p_ents, typed=False)
        for name, pairs in (("all", typed), ("untyped", untyped)):
            counts[name][0] += len(pairs)
            counts[name][1] += len(p_ents)
            counts[name][2] += len(g_ents)
        for group in GROUPS:
            counts[group][1] += sum(GROUP[p["type"]] == group for p in p_ents)
            counts[group][2] += sum(GROUP.get(g.get("type")) == group for g in g_ents)
        for gi, pi in typed:
            g, p = g_ents[gi], p_ents[pi]
            counts[GROUP[g["type"]]][0] += 1
            role_n += 1
            role_ok += p.get("role") == g.get("role")
            if GROUP[g["type"]] == "data":
                sub_n += 1
                sub_ok += p.get("type") == g.get("type")
            intro[0] += g.get("role") == "introduced" and p.get("role") == "introduced"
        intro[1] += sum(p.get("role") == "introduced" for p in p_ents)
        intro[2] += sum(g.get("role") == "introduced" for g in g_ents)
        matched_gold = {gi for gi, _ in typed}
        for gi, g in enumerate(g_ents):
            if g.get("named"):
                named_gold += 1
                named_tp += gi in matched_gold
        if n_errors:
            matched_pred = {pi for _, pi in typed}
            missed = [f"{g['name']} ({g['type']})" for gi, g in enumerate(g_ents) if gi not in matched_gold]
            spurious = [f"{p['name']} ({p['type']})" for pi, p in enumerate(p_ents) if pi not in matched_pred]
            if missed or spurious:
                errors.append(PaperErrors(annotation.title, missed, spurious))
    return Evaluation(
        groups={name: Counts(*counts[name]) for name in ("all", "untyped", *GROUPS)},
        introduced=Counts(*intro),
        named_recall=named_tp / named_gold if named_gold else 0.0,
        role_accuracy=role_ok / role_n if role_n else 0.0,
        subtype_accuracy=sub_ok / sub_n if sub_n else 0.0,
        papers=len(gold),
        papers_missing=missing,
        errors=errors[:n_errors],
    )


def evaluate(gold_path: str | Path, pred_path: str | Path, *, n_errors: int = 0) -> Evaluation:
    """Score the predictions (a ``papers.jsonl`` or the export folder holding one) against the gold."""
    if Path(pred_path).is_dir():
        pred_path = Path(pred_path) / "papers.jsonl"
    gold, pred = read_annotations(gold_path), read_annotations(pred_path)
    if _has_evidence(gold) and not _has_evidence(pred):
        raise InputError(f"{gold_path} looks like kg's output (its entities carry evidence) and "
                         f"{pred_path} like annotations: the gold file comes first")
    return score(gold, pred, n_errors=n_errors)


def _has_evidence(records: dict[str, Annotation]) -> bool:
    return any("evidence" in entity for record in records.values() for entity in record.entities)


def to_table(result: Evaluation) -> str:
    """The evaluation as a readable table.

    Figures are printed from :meth:`Evaluation.as_dict`'s four-decimal values, as the reference
    scorer prints them, so the two tables agree digit for digit (0.97749 shows as 0.978 in both).
    """
    report = result.as_dict()
    lines = [f"papers: {result.papers} (missing in predictions: {result.papers_missing})",
             f"{'':10} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'pred':>5} {'gold':>5}"]
    for name in [*result.groups, "introduced"]:
        c = report[name]
        lines.append(f"{name:10} {c['precision']:6.3f} {c['recall']:6.3f} {c['f1']:6.3f} "
                     f"{c['tp']:5} {c['pred']:5} {c['gold']:5}")
    lines.append(f"named-entity recall {report['named_recall']:.3f}  role accuracy "
                 f"{report['role_accuracy']:.3f}  dataset/benchmark sub-type accuracy "
                 f"{report['data_subtype_accuracy']:.3f}")
    for e in result.errors:
        lines.append(f"\n# {e.title}")
        lines.extend(f"  {label:9} {'; '.join(names)}" for label, names in
                     (("missed:", e.missed), ("spurious:", e.spurious)) if names)
    return "\n".join(lines)
