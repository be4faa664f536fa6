"""Shared fixtures: a tiny hand-made graph and the bundled sample, built once per session."""
from __future__ import annotations

import os
import time

import pytest
from hypothesis import settings

from kg.records import CodeLink, Corpus, Entity, Evidence, Link, Paper

# Property tests check behaviour, not speed: hypothesis's default 200 ms deadline per example is
# a timing check, and a busy machine can miss it. Speed is measured by the scripts in benchmarks/.
settings.register_profile("kg", deadline=None)
settings.load_profile("kg")


@pytest.fixture(autouse=True)
def _own_extraction_cache(tmp_path_factory, monkeypatch):
    """Each test's builds keep their extractions in a folder of their own, never in ~/.cache."""
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path_factory.mktemp("extraction-cache")))


def _evidence(paper: Paper, surface: str, rule: str = "test") -> tuple[Evidence, ...]:
    start = paper.text.index(surface)
    sentence = next(s for s in paper.text.replace("\n\n", ". ").split(". ") if surface in s)
    return (Evidence(sentence=sentence, start=start, end=start + len(surface), rule=rule),)


@pytest.fixture(scope="session")
def tiny_corpus() -> Corpus:
    """Three papers, seven entities, a model family and a code link, made by hand."""
    p1 = Paper(id="2301.00001", title="Learning through Communication",
               abstract="We propose LTC. We evaluate on GSM8K and HotpotQA with LLaMA-7B. "
                        "Code: https://github.com/example/ltc",
               arxiv_id="2301.00001", sources=("listing.txt:7",))
    p2 = Paper(id="2301.00002", title="Chain-of-Thought for Math",
               abstract="We study Chain-of-Thought (CoT) prompting on GSM8K, measured by accuracy.",
               arxiv_id="2301.00002", sources=("listing.txt:11", "other.txt:7"))
    p3 = Paper(id="t-0000000000aa", title="A <b>hostile</b> title",
               abstract="We introduce MathBench and test LLaMA-7B on GSM8K with CoT.",
               sources=("feed.jsonl:3",))
    entities = [
        Entity(id="ltc", name="LTC", type="method", aliases=("Learning through Communication",)),
        Entity(id="gsm8k", name="GSM8K", type="benchmark", aliases=("GSM8k",)),
        Entity(id="hotpotqa", name="HotpotQA", type="benchmark"),
        Entity(id="llama", name="LLaMA", type="model"),
        Entity(id="llama-7b", name="LLaMA-7B", type="model", family_id="llama"),
        Entity(id="chain-of-thought", name="Chain-of-Thought", type="method", aliases=("CoT",)),
        Entity(id="accuracy", name="accuracy", type="metric", named=False),
        Entity(id="mathbench", name="MathBench", type="benchmark"),
    ]

    def link(paper, entity_id, role, surface, aliases=()):
        return Link(paper_id=paper.id, entity_id=entity_id, role=role, name=surface,
                    aliases=aliases, confidence=0.9, evidence=_evidence(paper, surface))

    links = [
        link(p1, "ltc", "introduced", "LTC", ("Learning through Communication",)),
        link(p1, "gsm8k", "used", "GSM8K"),
        link(p1, "hotpotqa", "used", "HotpotQA"),
        link(p1, "llama-7b", "used", "LLaMA-7B", ("LLaMA",)),
        link(p2, "chain-of-thought", "used", "CoT", ("Chain-of-Thought",)),
        link(p2, "gsm8k", "used", "GSM8K"),
        link(p2, "accuracy", "used", "accuracy"),
        link(p3, "mathbench", "introduced", "MathBench"),
        link(p3, "llama-7b", "used", "LLaMA-7B"),
        link(p3, "gsm8k", "used", "GSM8K"),
        link(p3, "chain-of-thought", "used", "CoT"),
    ]
    code = [CodeLink(paper_id=p1.id, url="https://github.com/example/ltc", host="github.com",
                     evidence=_evidence(p1, "https://github.com/example/ltc")[0])]
    return Corpus(papers=[p1, p2, p3], entities=entities, links=links, code_links=code)


@pytest.fixture(scope="session")
def tiny_graph(tiny_corpus):
    from kg.graph import to_graph

    return to_graph(tiny_corpus)


@pytest.fixture(scope="session")
def sample_corpus() -> Corpus:
    """The bundled 296-paper sample, extracted and resolved once per session."""
    from kg.pipeline import build_corpus

    return build_corpus()


@pytest.fixture(scope="session")
def sample_graph(sample_corpus):
    from kg.graph import to_graph

    return to_graph(sample_corpus)


@pytest.fixture(scope="session")
def sample_export(sample_graph, tmp_path_factory):
    """A folder with every default export of the sample (graph.ttl, graph.json, ...)."""
    from kg.pipeline import write_exports

    out = tmp_path_factory.mktemp("sample-export")
    write_exports(sample_graph, out)
    return out


@pytest.fixture(scope="session")
def tiny_export(tiny_graph, tmp_path_factory):
    """The tiny graph as RDF: graph.ttl, graph.nt and graph.jsonld in one folder."""
    from kg.rdf_files import write_rdf

    out = tmp_path_factory.mktemp("tiny-export")
    for name, fmt in [("graph.ttl", "turtle"), ("graph.nt", "nt"), ("graph.jsonld", "json-ld")]:
        write_rdf(tiny_graph, out / name, format=fmt)
    return out


HOSTILE = {
    "title": "<img src=x onerror=alert(1)></script><script>alert(1)</script>",
    "abstract": "We use <script>alert(2)</script> & Evil\u2028<!-- on </SCRIPT> data.",
    "name": "<b onmouseover=alert(3)>Evil</b>",
    "alias": "\"'><svg/onload=alert(4)>",
}


@pytest.fixture(scope="session")
def hostile_graph():
    """Two papers whose title, abstract, entity names and evidence are markup meant to run."""
    from kg.graph import to_graph

    bad = Paper(id="2402.00001", title=HOSTILE["title"], abstract=HOSTILE["abstract"],
                url="javascript:alert(5)", arxiv_id="2402.00001")
    good = Paper(id="2402.00002", title="A plain paper", abstract="We use Evil and GSM8K.")
    entities = [Entity(id="evil", name=HOSTILE["name"], type="method", aliases=(HOSTILE["alias"],)),
                Entity(id="gsm8k", name="GSM8K", type="benchmark")]
    evidence = (Evidence(sentence=HOSTILE["abstract"], start=0, end=4, rule="test"),)
    links = [Link(paper_id=bad.id, entity_id="evil", role="introduced", name=HOSTILE["name"],
                  evidence=evidence),
             Link(paper_id=good.id, entity_id="evil", role="used", name="Evil", evidence=evidence),
             Link(paper_id=good.id, entity_id="gsm8k", role="used", name="GSM8K")]
    return to_graph(Corpus(papers=[bad, good], entities=entities, links=links))


@pytest.fixture
def ended():
    """``ended(pid)``: whether process ``pid`` has ended, and been reaped, within 5 s."""
    def ended(pid: int, within: float = 5.0) -> bool:
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return True
            time.sleep(0.02)
        return False

    return ended
