"""Fit the link-confidence model (``kg/rules/calibration.tsv``) and check it on papers it never saw.

Every link of a build of the sample corpus is labelled right or wrong by the
scorer's own matching (typed, one-to-one) against an annotation file; a
logistic regression over :func:`kg.calibration.features` learns from

- ``../shared/gold/dev.jsonl``: the 148 dev papers, and
- ``benchmarks/silver/heldout_diagnosis.jsonl``: 60 held-out papers (our silver),

with its L2 penalty chosen by 5-fold cross-validation over papers. It is then
checked, as aggregate figures only, on ``benchmarks/silver/heldout_test.jsonl``
(88 other held-out papers): Brier score, expected calibration error (ECE,
10 bins) and average precision of the ranking, next to the same figures for
the rules' own confidence.

Usage (from the repository root; about 30 s)::

    python benchmarks/fit_calibration.py            # fit; write kg/rules/calibration.tsv and docs/quality.md
    python benchmarks/fit_calibration.py --check    # print only
"""
from __future__ import annotations

import argparse
import random
import subprocess
import sys
from datetime import date
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.calibration import WEIGHTS_FILE, features  # noqa: E402
from kg.evaluate import GROUP, match, read_annotations  # noqa: E402
from kg.graph import to_graph  # noqa: E402
from kg.identity import normalise_title  # noqa: E402
from kg.jsonl import to_paper_records  # noqa: E402

sys.path.insert(0, str(ROOT / "benchmarks"))
from quality import update_doc  # noqa: E402

SHARED = ROOT.parent / "shared"
TRAIN = [SHARED / "gold" / "dev.jsonl", ROOT / "benchmarks" / "silver" / "heldout_diagnosis.jsonl"]
CHECK = ROOT / "benchmarks" / "silver" / "heldout_test.jsonl"
PENALTIES = (0.3, 1.0, 3.0, 10.0, 30.0)


def uncalibrated_corpus(seeds: Path):
    """The sample corpus resolved, each link with the rules' own confidence."""
    from kg.extract import extract
    from kg.readers import read_papers
    from kg.resolve import resolve

    return resolve(extract(read_papers([seeds])))


def labelled_links(corpus, annotation_file: Path) -> list[tuple[str, dict[str, float], bool, float]]:
    """(paper title key, features, right?, rules' confidence) for every link of an annotated paper."""
    gold = read_annotations(annotation_file)
    papers = {p.id: p for p in corpus.papers}
    types = {e.id: e.type for e in corpus.entities}
    links = {(l.paper_id, l.entity_id): l for l in corpus.links}
    rows = []
    for record in to_paper_records(to_graph(corpus)):
        key = normalise_title(record["title"])
        if key not in gold:
            continue
        predicted = [e for e in record["entities"] if GROUP.get(e["type"])]
        right = {pi for _, pi in match(gold[key].entities, predicted, typed=True)}
        for pi, entity in enumerate(predicted):
            link = links[(record["id"], entity["id"])]
            rows.append((key, features(link, types[link.entity_id], papers[record["id"]]), pi in right,
                         link.confidence))
    return rows


def fit(X: np.ndarray, y: np.ndarray, penalty: float, steps: int = 4000) -> np.ndarray:
    """L2-penalised logistic regression by gradient descent (the bias is not penalised)."""
    w = np.zeros(X.shape[1])
    mask = np.ones(X.shape[1])
    mask[0] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-X @ w))
        w -= 0.5 * (X.T @ (p - y) + penalty * mask * w) / len(y)
    return w


def figures(p: np.ndarray, y: np.ndarray) -> dict[str, float]:
    """Brier score, expected calibration error over 10 bins, average precision."""
    bins = np.minimum((p * 10).astype(int), 9)
    ece = sum(abs(p[bins == b].mean() - y[bins == b].mean()) * (bins == b).sum()
              for b in range(10) if (bins == b).any()) / len(y)
    order = np.argsort(-p, kind="stable")
    hits = y[order]
    precision_at = np.cumsum(hits) / np.arange(1, len(y) + 1)
    return {"brier": float(np.mean((p - y) ** 2)), "ece": float(ece),
            "ap": float((precision_at * hits).sum() / hits.sum())}


def report(cv, penalty, own_train, n_train, right_train, check) -> str:
    """The figures as the markdown block of ``docs/quality.md``."""
    own_c, model_c, yc = check
    row = lambda label, f: f"| {label} | " + " | ".join(f"{f[k]:.3f}" for k in ("brier", "ece", "ap")) + " |"
    lines = [f"Fitted {date.today()} on {n_train} links ({right_train:.3f} right) of "
             f"{', '.join(p.name for p in TRAIN)}; checked on the {len(yc)} links ({yc.mean():.3f} right) "
             f"of {CHECK.name}, never fitted on.", "",
             "| confidence | Brier | ECE | average precision |", "|---|---|---|---|",
             row("rules' own, training papers", own_train),
             row(f"model, training papers (5-fold CV, L2 penalty {penalty})", cv[penalty]),
             row("rules' own, held-out check", figures(own_c, yc)),
             row("model, held-out check", figures(model_c, yc)), "",
             "Held-out check by confidence band (links, mean confidence, share right):", "",
             "| band | rules' own | model |", "|---|---|---|"]
    edges = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)
    for lo, hi in zip(edges, edges[1:]):
        cells = []
        for p in (own_c, model_c):
            m = (p >= lo) & (p < hi)
            cells.append(f"{m.sum()}, {p[m].mean():.2f}, {yc[m].mean():.2f}" if m.any() else "-")
        lines.append(f"| [{lo:.1f}, {min(hi, 1.0):.1f}) | {cells[0]} | {cells[1]} |")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="print the figures, do not write the weights")
    parser.add_argument("--seeds", type=Path, default=SHARED / "seeds")
    args = parser.parse_args(argv)

    corpus = uncalibrated_corpus(args.seeds)
    train = [row for path in TRAIN for row in labelled_links(corpus, path)]
    check = labelled_links(corpus, CHECK)
    names = ["bias"] + sorted({n for _, f, _, _ in train for n in f} - {"bias"})
    column = {n: i for i, n in enumerate(names)}

    def matrix(rows):
        X = np.zeros((len(rows), len(names)))
        for i, (_, f, _, _) in enumerate(rows):
            for n, v in f.items():
                if n in column:
                    X[i, column[n]] = v
        return X, np.array([float(r[2]) for r in rows]), np.array([r[3] for r in rows])

    X, y, own = matrix(train)
    keys = sorted({r[0] for r in train})
    random.Random(0).shuffle(keys)
    fold = {k: i % 5 for i, k in enumerate(keys)}
    folds = np.array([fold[r[0]] for r in train])
    cv = {}
    for penalty in PENALTIES:
        p = np.zeros(len(y))
        for k in range(5):
            w = fit(X[folds != k], y[folds != k], penalty)
            p[folds == k] = 1.0 / (1.0 + np.exp(-X[folds == k] @ w))
        cv[penalty] = figures(p, y)
    penalty = min(PENALTIES, key=lambda c: cv[c]["brier"])
    w = fit(X, y, penalty)
    Xc, yc, own_c = matrix(check)
    model_c = 1.0 / (1.0 + np.exp(-Xc @ w))

    body = report(cv, penalty, figures(own, y), len(y), y.mean(), (own_c, model_c, yc))
    print(body)
    if args.check:
        return 0
    update_doc(ROOT / "docs" / "quality.md", "calibration", body)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip()
    lines = [
        "# Link confidence model (kg/calibration.py): logistic-regression weights, one feature a line.",
        f"# Fitted by benchmarks/fit_calibration.py on {date.today()} at commit {commit}: {len(y)} links of the",
        "# sample corpus labelled right or wrong against ../shared/gold/dev.jsonl (148 papers) and",
        f"# benchmarks/silver/heldout_diagnosis.jsonl (60 papers); L2 penalty {penalty} by 5-fold CV.",
        "# Refit after changing the rules. Columns: feature <TAB> weight",
    ]
    lines += [f"{n}\t{w[i]:.4f}" for i, n in enumerate(names) if abs(w[i]) >= 5e-5]
    (ROOT / "kg" / "rules" / WEIGHTS_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote kg/rules/{WEIGHTS_FILE} ({len(lines) - 5} weights)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
