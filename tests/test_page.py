"""The interactive page: self-contained, escaped, deterministic, capped with a note.

What it does in a browser is checked in test_browser.py.
"""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from conftest import HOSTILE
from kg.cli import main
from kg.errors import ExportError, QueryError
from kg.exports import get_exporter
from kg.graph import to_graph, write_node_link
from kg.page import TYPE_STYLE, script_json, to_page, write_page
from test_views import star_corpus

DATA = re.compile(r'<script type="application/json" id="kg-data">(.*?)</script>', re.S)


def payload(html: str) -> dict:
    return json.loads(DATA.search(html).group(1))


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text of each script element."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data


def elements(html: str) -> Elements:
    parser = Elements()
    parser.feed(html)
    return parser


def test_page_is_self_contained(tiny_graph, tmp_path):
    path = write_page(tiny_graph, tmp_path / "graph.html")
    html = path.read_text(encoding="utf-8")
    parsed = elements(html)
    tags = [tag for tag, _ in parsed.tags]
    assert "link" not in tags and "iframe" not in tags and "img" not in tags
    for tag, attrs in parsed.tags:
        assert "src" not in attrs, (tag, attrs)
        assert not attrs.get("href", "").startswith(("http", "//")), (tag, attrs)
    assert "@import" not in html and "url(http" not in html and "fonts.googleapis" not in html
    # the scripts are the data block, the search index of nodes not drawn,
    # vis-network (with its licence) and the page's own
    assert len(parsed.scripts) == 4
    assert "vis-network" in parsed.scripts[2] and "@license" in parsed.scripts[2]
    assert "Apache" in html and "MIT" in html
    assert "window.kgPage" in parsed.scripts[3]


def test_payload_holds_the_view(tiny_graph):
    data = payload(to_page(tiny_graph))
    nodes, edges = data["vis"]["nodes"], data["vis"]["edges"]
    assert [n["id"] for n in nodes] == sorted(tiny_graph)
    assert len(edges) == tiny_graph.number_of_edges()
    gsm8k = next(n for n in nodes if n["id"] == "entity:gsm8k")
    assert gsm8k["group"] == "benchmark" and gsm8k["label"] == "GSM8K"
    assert isinstance(gsm8k["x"], int) and isinstance(gsm8k["y"], int)
    hotpot = next(n for n in nodes if n["id"] == "entity:hotpotqa")
    assert gsm8k["value"] > hotpot["value"]  # size by degree
    assert gsm8k["title"] == "GSM8K\nbenchmark · 3 papers"
    assert {n["group"] for n in nodes} == {"paper", "method", "model", "benchmark", "metric",
                                           "repository"}
    assert data["vis"]["options"]["groups"]["model"]["color"]["background"] == TYPE_STYLE["model"][0]
    legend = {entry["type"]: entry["count"] for entry in data["legend"]}
    assert legend == {"paper": 3, "method": 2, "model": 2, "benchmark": 3, "metric": 1,
                      "repository": 1}
    physics = data["vis"]["options"]["physics"]
    assert physics["stabilization"]["enabled"] and physics["stabilization"]["iterations"] <= 150
    assert data["vis"]["options"]["layout"]["randomSeed"] == 7


def test_payload_has_panel_details(tiny_graph):
    data = payload(to_page(tiny_graph))
    paper = data["info"]["paper:2301.00001"]
    assert paper["title"] == "Learning through Communication"
    assert paper["abstract"].startswith("We propose LTC.")
    links = {(l[0], l[1], l[2]): l[3] for l in data["links"]}
    assert links[("paper:2301.00001", "entity:ltc", "introduces")] == "We propose LTC"
    assert ("paper:2301.00002", "entity:gsm8k", "uses") in links
    assert data["info"]["entity:chain-of-thought"]["aliases"] == ["CoT"]


def test_payload_gives_each_paper_entity_link_its_confidence(tiny_graph):
    rows = {(l[0], l[1], l[2]): l[4:] for l in payload(to_page(tiny_graph))["links"]}
    assert rows[("paper:2301.00001", "entity:ltc", "introduces")] == [0.9]
    assert all(rest == [] for (_, _, relation), rest in rows.items() if relation in ("has_code", "variant_of"))


def test_long_abstracts_are_cut():
    from kg.records import Corpus, Paper

    words = " ".join(f"word{i}" for i in range(400))
    g = to_graph(Corpus(papers=[Paper(id="p", title="T", abstract=words)]))
    abstract = payload(to_page(g))["info"]["paper:p"]["abstract"]
    assert len(abstract) <= 600 and abstract.endswith("…")


def test_hostile_text_stays_text(hostile_graph):
    html = to_page(hostile_graph)
    for text in HOSTILE.values():
        assert text not in html
    block = DATA.search(html).group(1)
    assert "<" not in block and ">" not in block and "&" not in block
    assert "\u2028" not in html
    parsed = elements(html)
    assert {tag for tag, _ in parsed.tags}.isdisjoint({"img", "svg", "b", "iframe", "object"})
    assert not any(name.startswith("on") for _, attrs in parsed.tags for name in attrs)
    data = payload(html)  # the escaped JSON still round-trips to the original strings
    assert data["info"]["paper:2402.00001"]["title"] == HOSTILE["title"]
    assert data["info"]["entity:evil"]["name"] == HOSTILE["name"]
    assert data["info"]["entity:evil"]["aliases"] == [HOSTILE["alias"]]
    assert [tag for tag, _ in parsed.tags].count("script") == 4


def test_script_json_escapes():
    text = script_json({"a": "</script><!--&\u2028\u2029"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\u2028" not in text and "\u2029" not in text
    assert json.loads(text) == {"a": "</script><!--&\u2028\u2029"}


def test_title_and_note_are_escaped(tiny_graph):
    html = to_page(tiny_graph, title="<i>my</i> graph", max_nodes=4)
    assert "<title>&lt;i&gt;my&lt;/i&gt; graph</title>" in html
    note = re.search(r'<p id="kg-note">(.*?)</p>', html).group(1)
    assert note.startswith("showing 4 of 12 nodes")


def test_same_graph_same_bytes(tiny_corpus, tmp_path):
    first = write_page(to_graph(tiny_corpus), tmp_path / "a.html").read_bytes()
    second = write_page(to_graph(tiny_corpus), tmp_path / "b.html").read_bytes()
    assert first == second


def test_default_cap_says_what_was_left_out():
    g = to_graph(star_corpus(700))  # 2,805 nodes
    notes = []
    data = payload(to_page(g, on_view=notes.append))
    assert len(data["vis"]["nodes"]) == 2000
    assert data["complete"] is False
    assert data["note"] == notes[0].text()
    assert data["note"].startswith("showing 2,000 of 2,805 nodes")
    assert "kg viz --focus NAME" in data["note"]
    hub = data["info"]["entity:hub0"]
    listed = [l for l in data["links"] if l[1] == "entity:hub0"]
    drawn = {n["id"] for n in data["vis"]["nodes"]}
    undrawn = [l for l in listed if l[0] not in drawn]
    # an entity's panel lists a few of the papers not drawn, and counts the rest
    assert len(undrawn) <= 5
    assert len(listed) + hub.get("more", {}).get("uses", 0) == g.in_degree("entity:hub0")


def test_view_options_pass_through(tiny_graph):
    data = payload(to_page(tiny_graph, focus="HotpotQA"))
    assert sorted(n["id"] for n in data["vis"]["nodes"]) == ["entity:hotpotqa", "paper:2301.00001"]
    with pytest.raises(QueryError, match="did you mean"):
        to_page(tiny_graph, focus="HotpotQQ")


def test_empty_graph_page():
    import networkx as nx

    data = payload(to_page(nx.MultiDiGraph()))
    assert data["vis"]["nodes"] == [] and data["note"] == "showing all 0 nodes and 0 edges"


def test_unwritable_path(tiny_graph, tmp_path):
    with pytest.raises(ExportError, match="cannot write the page"):
        write_page(tiny_graph, tmp_path / "missing" / "graph.html")


def test_html_exporter_writes_graph_html(tiny_graph, tmp_path):
    path = get_exporter("html").write(tiny_graph, tmp_path)
    assert path == tmp_path / "graph.html"
    assert payload(path.read_text(encoding="utf-8"))["vis"]["nodes"]


def test_cli_viz(tiny_graph, tmp_path, capsys):
    graph = write_node_link(tiny_graph, tmp_path / "graph.json")
    out = tmp_path / "view.html"
    assert main(["viz", "-g", str(tmp_path), "-o", str(out), "--focus", "gsm8k",
                 "--types", "paper,benchmark"]) == 0
    err = capsys.readouterr().err
    assert "within 1 step of GSM8K" in err and f"wrote {out}" in err
    ids = sorted(n["id"] for n in payload(out.read_text(encoding="utf-8"))["vis"]["nodes"])
    assert ids == ["entity:gsm8k", "paper:2301.00001", "paper:2301.00002", "paper:t-0000000000aa"]

    assert main(["viz", "-g", str(graph), "-o", str(out), "--focus", "gsm8kk"]) == 1
    assert "kg viz: error: no node named 'gsm8kk'; did you mean: GSM8K?" in capsys.readouterr().err
    assert main(["viz", "-g", str(graph), "-o", str(out), "--top", "3"]) == 0
    assert "showing 3 of 12 nodes" in capsys.readouterr().err


def test_paper_labels_are_short_and_tooltips_whole(sample_graph):
    data = payload(to_page(sample_graph, focus="GSM8K"))
    papers = [n for n in data["vis"]["nodes"] if n["group"] == "paper"]
    assert len(papers) > 5
    for node in papers:
        title = data["info"][node["id"]]["title"]
        assert len(node["label"]) <= 24 and node["title"].startswith(title + "\n")
        assert node["font"]["size"] < min(n["font"]["size"] for n in data["vis"]["nodes"]
                                           if n["group"] == "benchmark")
    labels = {n["label"] for n in papers}
    assert "MARIO" in labels  # the name before a title's colon


def test_small_views_leave_room_for_labels(sample_graph):
    """A focus page is laid out with room for its labels and not squeezed again in the browser."""
    import statistics

    def spacing(data):
        nodes = data["vis"]["nodes"]
        return statistics.median(min(((a["x"] - b["x"]) ** 2 + (a["y"] - b["y"]) ** 2) ** 0.5
                                     for b in nodes if b is not a) for a in nodes)

    small = payload(to_page(sample_graph, focus="GPT-4"))
    large = payload(to_page(sample_graph))
    assert small["vis"]["options"]["physics"]["stabilization"]["iterations"] == 0
    assert large["vis"]["options"]["physics"]["stabilization"]["iterations"] >= 10
    assert spacing(small) > 1.5 * spacing(large)
    # papers and repositories are small squares, set on their groups for nodes drawn on demand too
    for options in (small["vis"]["options"], large["vis"]["options"]):
        assert "scaling" not in options["groups"]["method"]
    squares = small["vis"]["options"]["groups"]["paper"]["scaling"]
    assert squares == small["vis"]["options"]["groups"]["repository"]["scaling"]
    assert squares["max"] < small["vis"]["options"]["nodes"]["scaling"]["max"]
    assert "scaling" not in large["vis"]["options"]["groups"]["paper"]
