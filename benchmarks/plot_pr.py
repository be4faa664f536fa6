"""Typed precision, recall and F1 against the link-confidence threshold, and their plot.

The links of one build's ``papers.jsonl`` are filtered in memory at each
threshold (keep ``confidence >= t``) and rescored with :func:`kg.evaluate.score`;
no rebuild per threshold. ``python benchmarks/quality.py pr`` runs this on the
dev gold and also writes a table into ``docs/quality.md``; on its own::

    python benchmarks/plot_pr.py GOLD.jsonl PAPERS.jsonl -o docs/pr-curve.png
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.evaluate import Annotation, Evaluation, read_annotations, score  # noqa: E402

THRESHOLDS = [round(0.05 * i, 2) for i in range(20)]  # 0.0 .. 0.95


def filtered(pred: dict[str, Annotation], threshold: float) -> dict[str, Annotation]:
    """The predictions keeping only links with confidence >= threshold."""
    return {key: Annotation(a.title, [e for e in a.entities if e.get("confidence", 1.0) >= threshold])
            for key, a in pred.items()}


def pr_points(gold, pred) -> list[tuple[float, Evaluation]]:
    return [(t, score(gold, filtered(pred, t))) for t in THRESHOLDS]



def plot_pr(points: list[tuple[float, Evaluation]], png: Path) -> None:
    """Draw P/R/F1 against the threshold (left) and P against R (right) into ``png``."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ts = [t for t, _ in points]
    p = [r.groups["all"].precision for _, r in points]
    r_ = [r.groups["all"].recall for _, r in points]
    f = [r.groups["all"].f1 for _, r in points]
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.6), dpi=110)
    left.step(ts, p, where="post", label="precision", lw=2, color="tab:blue")
    left.step(ts, r_, where="post", label="recall", lw=2, color="tab:orange")
    left.step(ts, f, where="post", label="F1", lw=2, color="tab:green")
    left.axhline(0.80, ls="--", color="grey", lw=1)
    left.text(0.01, 0.81, "typed F1 target 0.80", color="grey", fontsize=9)
    left.set(xlabel="minimum link confidence (threshold)", ylabel="typed score (dev gold)",
             xlim=(0, 0.95), ylim=(0, 1), title="Typed P / R / F1 vs confidence threshold")
    left.grid(alpha=0.3)
    left.legend(loc="lower left")
    kept = [(t, x, y) for t, x, y, (_, res) in zip(ts, r_, p, points) if res.groups["all"].pred]
    xs, ys = [x for _, x, _ in kept], [y for _, _, y in kept]
    lo_x, hi_x = max(0.0, min(xs) - 0.08), min(1.0, max(xs) + 0.08)
    lo_y, hi_y = max(0.0, min(ys) - 0.08), min(1.0, max(ys) + 0.08)
    grid = [lo_x + (hi_x - lo_x) * i / 200 for i in range(1, 201)]
    for level in (0.4, 0.5, 0.6, 0.7, 0.8):  # iso-F1 curves: P = F R / (2R - F)
        curve = [(x, level * x / (2 * x - level)) for x in grid if 2 * x > level]
        curve = [(x, y) for x, y in curve if lo_y <= y <= hi_y]
        if curve:
            right.plot(*zip(*curve), color="grey", lw=0.8, ls=":")
            right.text(*curve[-1], f"F1 {level:.1f}", color="grey", fontsize=8, ha="right", va="bottom")
    right.plot(xs, ys, "o-", color="tab:purple", lw=1.5)
    distinct: dict[tuple[float, float], float] = {}
    for t, x, y in kept:  # label each distinct point once, at its lowest threshold
        distinct.setdefault((x, y), t)
    for (x, y), t in distinct.items():
        # a point with a close neighbour above it takes its label below
        below = any(abs(x2 - x) < 0.02 and 0 < y2 - y < 0.02 for x2, y2 in distinct)
        right.annotate(f"{t:.2f}", (x, y), textcoords="offset points", fontsize=9,
                       xytext=(6, -13) if below else (5, 5))
    right.set(xlabel="typed recall", ylabel="typed precision", xlim=(lo_x, hi_x), ylim=(lo_y, hi_y),
              title="Precision vs recall (point labels: threshold)")
    right.grid(alpha=0.3)
    fig.tight_layout()
    png.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(png)
    plt.close(fig)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("gold")
    parser.add_argument("papers", help="papers.jsonl of a build")
    parser.add_argument("-o", "--out", type=Path, default=Path("pr-curve.png"))
    args = parser.parse_args()
    points = pr_points(read_annotations(args.gold), read_annotations(args.papers))
    plot_pr(points, args.out)
    for t, r in points:
        a = r.groups["all"]
        print(f"{t:.2f}  P {a.precision:.3f}  R {a.recall:.3f}  F1 {a.f1:.3f}  links {a.pred}")


if __name__ == "__main__":
    main()
