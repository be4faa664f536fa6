"""Would a trained span finder add to the rules? Train a spaCy NER on our silver annotations and see.

The experiment behind "What was tried" in docs/quality.md, "Held-out estimate".
It trains ``spacy.blank("en")`` + ``ner`` (no pretrained vectors) on the
silver annotations that may be read (``benchmarks/silver/dev.jsonl`` and
``heldout_diagnosis.jsonl``: 120 abstracts; spans are every occurrence of an
entity's name or alias), then scores on ``heldout_test.jsonl``, which it
never trains on:

- the rules alone (``--papers``, a ``papers.jsonl`` of the sample);
- the NER alone;
- the rules plus the NER's method, task and metric spans the rules did not
  find (``--repeated``: only spans the paper repeats).

Nothing here is shipped; the model is written to ``--work``.

Usage (from the repository root)::

    kg build ../shared/seeds -o /tmp/kg-sample --outputs jsonl
    python benchmarks/ner_experiment.py --papers /tmp/kg-sample/papers.jsonl
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.evaluate import read_annotations, score  # noqa: E402
from kg.identity import name_key  # noqa: E402
from kg.readers import read_papers  # noqa: E402

SILVER = ROOT / "benchmarks" / "silver"
LABELS = {"method": "METHOD", "model": "MODEL", "dataset": "DATA", "benchmark": "DATA", "task": "TASK",
          "metric": "METRIC"}
TYPES = {"METHOD": "method", "MODEL": "model", "DATA": "dataset", "TASK": "task", "METRIC": "metric"}


def _records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.open(encoding="utf-8")]


def gold_spans(text: str, entities: list[dict]) -> list[tuple[int, int, str]]:
    """Every occurrence of an entity's forms, longest first, without overlaps."""
    found = []
    for entity in entities:
        for form in {entity["name"], *entity["aliases"]}:
            if len(form) >= 2:
                found += [(m.start(), m.end(), LABELS[entity["type"]]) for m in
                          re.finditer(r"(?<![\w-])" + re.escape(form) + r"(?![\w-])", text, re.IGNORECASE)]
    kept: list[tuple[int, int, str]] = []
    for span in sorted(found, key=lambda s: (s[0] - s[1], s[0])):
        if all(span[1] <= a or span[0] >= b for a, b, _ in kept):
            kept.append(span)
    return sorted(kept)


def train(texts: dict[str, str], epochs: int):
    import spacy
    from spacy.training import Example

    nlp = spacy.blank("en")
    ner = nlp.add_pipe("ner")
    for label in sorted(set(LABELS.values())):
        ner.add_label(label)
    examples = []
    for name in ("dev.jsonl", "heldout_diagnosis.jsonl"):
        for record in _records(SILVER / name):
            doc = nlp.make_doc(texts[record["title"]])
            spans = [doc.char_span(s, e, label=label, alignment_mode="contract")
                     for s, e, label in gold_spans(doc.text, record["entities"])]
            ents = [(sp.start_char, sp.end_char, sp.label_) for sp in spans if sp is not None]
            examples.append(Example.from_dict(doc, {"entities": ents}))
    random.seed(0)
    spacy.util.fix_random_seed(0)
    optimizer = nlp.initialize(lambda: examples)
    for epoch in range(epochs):
        random.shuffle(examples)
        losses: dict = {}
        for batch in spacy.util.minibatch(examples, size=8):
            nlp.update(batch, sgd=optimizer, losses=losses, drop=0.2)
        print(f"epoch {epoch + 1}/{epochs}: loss {losses['ner']:.0f}", file=sys.stderr, flush=True)
    return nlp


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--papers", type=Path, required=True, help="papers.jsonl of kg build on the sample")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--epochs", type=int, default=25)
    parser.add_argument("--work", type=Path, default=Path("/tmp/kg-ner"))
    args = parser.parse_args(argv)
    texts = {p.title: f"{p.title}\n\n{p.abstract}" for p in read_papers([args.shared / "seeds"])}
    nlp = train(texts, args.epochs)
    args.work.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(args.work / "model")
    rules = {r["title"]: r for r in _records(args.papers)}
    test = SILVER / "heldout_test.jsonl"
    outputs: dict[str, list[dict]] = {"ner": [], "rules + ner": [], "rules + ner, repeated": []}
    for record in _records(test):
        title, text = record["title"], texts[record["title"]]
        found = {}
        for ent in nlp(text).ents:
            found.setdefault(name_key(ent.text), {"name": ent.text, "aliases": [], "type": TYPES[ent.label_],
                                                  "role": "used"})
        outputs["ner"].append({"title": title, "entities": list(found.values())})
        have = {name_key(f) for e in rules[title]["entities"] for f in [e["name"], *e["aliases"]]}
        extra = [e for k, e in found.items() if k not in have and e["type"] in ("method", "task", "metric")]
        repeated = [e for e in extra if text.lower().count(e["name"].lower()) >= 2]
        outputs["rules + ner"].append({"title": title, "entities": rules[title]["entities"] + extra})
        outputs["rules + ner, repeated"].append({"title": title, "entities": rules[title]["entities"] + repeated})
    gold = read_annotations(test)
    print("| predictions | P | R | typed F1 | method | task | metric |\n|---|---|---|---|---|---|---|")
    runs = {"rules": args.papers}
    for name, records in outputs.items():
        runs[name] = args.work / f"{name.replace(' ', '_').replace(',', '')}.jsonl"
        runs[name].write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    for name, path in runs.items():
        g = score(gold, read_annotations(path)).groups
        print(f"| {name} | {g['all'].precision:.3f} | {g['all'].recall:.3f} | {g['all'].f1:.3f} "
              f"| {g['method'].f1:.3f} | {g['task'].f1:.3f} | {g['metric'].f1:.3f} |")


if __name__ == "__main__":
    main()
