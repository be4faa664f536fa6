"""A synthetic graph with the attributes of :mod:`kg.graph`, for page benchmarks.

Used by ``page_bench.py`` and ``screenshot.py`` when no built graph is given
(for instance before ``kg build`` works on a large corpus). Entity popularity
follows a Zipf law, as names in real paper streams do: a few benchmarks and
models appear in thousands of papers, most names in one or two.
"""
from __future__ import annotations

import random

from kg.graph import to_graph
from kg.records import ENTITY_TYPES, CodeLink, Corpus, Entity, Evidence, Link, Paper

WORDS = ("learning reasoning language model agents retrieval vision graph sparse efficient "
         "scaling robust benchmark alignment diffusion transformer prompting planning "
         "multimodal memory attention tuning evaluation code math policy reward").split()


def synthetic_graph(n_papers: int, *, seed: int = 0):
    """A graph of ``n_papers`` papers linked to Zipf-distributed entities."""
    rng = random.Random(seed)
    n_entities = max(20, int(n_papers * 1.3))
    entities = []
    for i in range(n_entities):
        etype = ENTITY_TYPES[rng.randrange(len(ENTITY_TYPES))]
        name = f"{rng.choice(WORDS).title()}{rng.choice(WORDS).title()}-{i}"
        aliases = (name.upper(),) if rng.random() < 0.2 else ()
        family = f"e{i - 1:06d}" if etype == "model" and i and rng.random() < 0.1 else ""
        entities.append(Entity(id=f"e{i:06d}", name=name, type=etype, aliases=aliases,
                               family_id=family))
    cumulative, total = [], 0.0
    for rank in range(n_entities):
        total += 1.0 / (rank + 1) ** 1.1
        cumulative.append(total)
    papers, links, code = [], [], []
    for p in range(n_papers):
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 11))).capitalize()
        chosen = set(rng.choices(range(n_entities), cum_weights=cumulative, k=rng.randint(3, 9)))
        sentences = []
        for e in sorted(chosen):
            sentences.append(f"We evaluate {entities[e].name} on several tasks.")
        abstract = " ".join(sentences) + " " + " ".join(rng.choice(WORDS) for _ in range(60))
        paper = Paper(id=f"{2300 + p // 10000}.{p % 10000:05d}", title=title, abstract=abstract,
                      arxiv_id=f"{2300 + p // 10000}.{p % 10000:05d}")
        papers.append(paper)
        introduced = rng.choice(sorted(chosen)) if rng.random() < 0.3 else None
        for e in sorted(chosen):
            sentence = f"We evaluate {entities[e].name} on several tasks."
            start = paper.text.index(entities[e].name)
            links.append(Link(paper_id=paper.id, entity_id=entities[e].id,
                              role="introduced" if e == introduced else "used",
                              name=entities[e].name, confidence=0.9,
                              evidence=(Evidence(sentence, start, start + len(entities[e].name),
                                                 "synthetic"),)))
        if rng.random() < 0.1:
            code.append(CodeLink(paper_id=paper.id, url=f"https://github.com/example/repo{p}",
                                 host="github.com"))
    used = {link.entity_id for link in links}
    kept = [e for e in entities if e.id in used]
    kept_ids = {e.id for e in kept}
    kept = [e if e.family_id in kept_ids else Entity(e.id, e.name, e.type, e.aliases) for e in kept]
    return to_graph(Corpus(papers=papers, entities=kept, links=links, code_links=code))
