"""The interactive page, ``graph.html``: one self-contained file drawn by vis-network.

:func:`write_page` picks a view of the graph (:func:`kg.views.select_view`),
hands its nodes, edges and layout options to a :class:`pyvis.network.Network`,
and renders them with kg's own template (``kg/assets/page.html``) rather than
pyvis's, which fetches Bootstrap and vis-network from CDNs and puts tooltip
strings into the page as HTML. The vis-network script and stylesheet that
ship inside the pyvis package are inlined, with their licence header, so the
page works offline from ``file://``.

Everything from the papers (titles, abstracts, names, evidence) travels as
one JSON block that the page's script parses and shows through
``textContent``; the JSON has ``<``, ``>``, ``&`` and U+2028/U+2029 escaped
so no string can end the script element. The same graph gives the same
bytes: nodes and edges are sorted, vis-network's random seed is fixed, and
nothing time- or machine-dependent is written.

Examples
--------
>>> from kg.query import example_graph
>>> html = to_page(example_graph())
>>> html.startswith("<!DOCTYPE html>"), "<script src=" in html
(True, False)
"""
from __future__ import annotations

import json
import math
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import networkx as nx

from kg.errors import ExportError
from kg.views import DEFAULT_MAX_NODES, TYPES, ViewNote, node_type, select_view

# Tableau 10: distinct hues that stay apart for the common colour-vision deficiencies.
TYPE_STYLE = {
    "paper": ("#8d99a6", "square"),
    "method": ("#4e79a7", "dot"),
    "model": ("#f28e2b", "dot"),
    "dataset": ("#59a14f", "dot"),
    "benchmark": ("#e15759", "dot"),
    "task": ("#b07aa1", "dot"),
    "metric": ("#c9a227", "dot"),
    "repository": ("#76b7b2", "diamond"),
}
EDGE_STYLE = {  # colour, width, dashes
    "introduces": ("#c44e52", 2, False),
    "uses": ("#b4bcc6", 1, False),
    "variant_of": ("#f28e2b", 1, True),
    "has_code": ("#76b7b2", 1, True),
}
DEFAULT_TITLE = "kg: methods, models, datasets and benchmarks of ML papers"
ABSTRACT_CHARS = 600
LABEL_CHARS = 36
PAPERS_PER_ROLE = 5  # papers an entity's panel lists beyond those drawn
EVIDENCE_CHARS = 300
VIS_DIRS = ("templates/lib/vis-9.1.2", "lib/vis-9.1.2")


def _short(text: str, width: int) -> str:
    """``text`` cut at a word boundary to at most ``width`` characters.

    >>> _short("Learning through Communication", 20)
    'Learning through…'
    """
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    cut = text[: width - 1].rsplit(" ", 1)[0] if " " in text[: width - 1] else text[: width - 1]
    return cut.rstrip(",;:.") + "…"


def script_json(value) -> str:
    """JSON safe to put inside a ``<script>`` element.

    ``<``, ``>`` and ``&`` become ``\\u003c`` etc., so ``</script>`` and
    ``<!--`` cannot occur; U+2028 and U+2029 are escaped for older parsers.

    >>> script_json({"title": "</script><b>&"})
    '{"title":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                          ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return text


def _vis_assets() -> tuple[str, str]:
    """vis-network's script and stylesheet, as shipped inside the pyvis package."""
    base = resources.files("pyvis")
    for folder in VIS_DIRS:
        js, css = base / folder / "vis-network.min.js", base / folder / "vis-network.css"
        if js.is_file() and css.is_file():
            script = js.read_text(encoding="utf-8")
            # Closing tags would end the inline element early; the library has none today.
            for tag in ("</script", "</SCRIPT"):
                script = script.replace(tag, "<\\/" + tag[2:])
            return script, css.read_text(encoding="utf-8").replace("</style", "<\\/style")
    raise ExportError(f"vis-network not found in the pyvis package at {base}; reinstall pyvis>=0.3.2")


def _asset(name: str) -> str:
    return (resources.files("kg") / "assets" / name).read_text(encoding="utf-8")


def _tooltip(g: nx.MultiDiGraph, node: str, data: dict) -> str:
    """Plain text for the hover tooltip (vis-network shows strings with innerText)."""
    kind = data.get("kind")
    if kind == "paper":
        n = len(g.succ[node])
        return f"{data.get('title', '')}\npaper · {n} link{'s' * (n != 1)}"
    if kind == "entity":
        n = sum(1 for p in g.pred[node] if g.nodes[p].get("kind") == "paper")
        return f"{data.get('name', '')}\n{data.get('type', '')} · {n} paper{'s' * (n != 1)}"
    return f"{data.get('url') or data.get('label', '')}\nrepository"


def _label(data: dict) -> str:
    if data.get("kind") == "paper":
        return _short(data.get("title", ""), LABEL_CHARS)
    if data.get("kind") == "repository":
        return _short(data.get("url", "").split("://", 1)[-1], LABEL_CHARS)
    return data.get("name") or data.get("label", "")


def _physics(n_nodes: int, n_edges: int) -> dict:
    """vis-network options: a bounded stabilisation, sized to finish in about a second."""
    # The nodes start from kg.layout's positions, so a few steps polish rather than lay out;
    # each step costs the browser about n log n, hence fewer for bigger views.
    iterations = max(10, min(150, 30_000 // max(1, n_nodes)))
    big = n_nodes + n_edges > 3000
    return {
        "autoResize": True,
        "layout": {"randomSeed": 7, "improvedLayout": False},
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -30, "centralGravity": 0.015,
                                 "springLength": 45, "springConstant": 0.08,
                                 "damping": 0.6, "avoidOverlap": 0.3},
            "maxVelocity": 60,
            "minVelocity": 1.0,
            "timestep": 0.45,
            "stabilization": {"enabled": True, "iterations": iterations,
                              "updateInterval": 50, "fit": True},
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": big,
                        "hideEdgesOnZoom": big, "navigationButtons": False,
                        "keyboard": False, "multiselect": False},
        "nodes": {
            "borderWidth": 1,
            "font": {"face": "system-ui, -apple-system, 'Segoe UI', sans-serif",
                     "color": "#26303a", "strokeWidth": 3, "strokeColor": "#ffffff"},
            # Label sizes are set per node (see _font_sizes); vis hides those too small to read.
            "scaling": {"min": 9, "max": 48,
                        "label": {"enabled": False, "maxVisible": 24, "drawThreshold": 6}},
        },
        "edges": {"smooth": False, "selectionWidth": 2, "width": 1,
                  "color": {"color": EDGE_STYLE["uses"][0], "inherit": False},
                  "arrows": {"to": {"enabled": True, "scaleFactor": 0.35}}},
        "groups": {t: {"color": {"background": c, "border": c,
                                 "highlight": {"background": c, "border": "#1b1f23"},
                                 "hover": {"background": c, "border": "#1b1f23"}},
                       "shape": s}
                   for t, (c, s) in TYPE_STYLE.items()},
    }


def _font_sizes(view: nx.MultiDiGraph, degree: dict[str, int]) -> dict[str, int]:
    """Label sizes: large for the entities most papers share, small for the rest.

    An entity's size falls steeply with the share of drawn entities that have
    more links, so at the zoom that fits the whole view only the few largest
    hubs are labelled (vis-network skips labels under ``drawThreshold``
    pixels); zooming in reveals the rest. Papers and repositories keep a
    small size: their titles are in the tooltip and the panel.
    """
    ranked = sorted(-degree[n] for n, d in view.nodes(data=True) if d.get("kind") == "entity")
    sizes = {}
    for node, data in view.nodes(data=True):
        if data.get("kind") == "entity" and ranked:
            share_above = bisect_left(ranked, -degree[node]) / len(ranked)
            sizes[node] = round(14 + 30 * (1 - share_above) ** 16)
        else:
            sizes[node] = 14
    return sizes


def _network(view: nx.MultiDiGraph, g: nx.MultiDiGraph):
    """The view as a pyvis Network: nodes by type group, sized by degree in ``g``."""
    from pyvis.network import Network

    from kg.layout import spring_positions

    net = Network(directed=True, cdn_resources="in_line")
    positions = spring_positions(view)
    degree = dict(g.degree(view))  # in the whole graph: a hub stays big in a focused view
    font_sizes = _font_sizes(view, degree)
    for node, data in view.nodes(data=True):
        x, y = positions[node]
        kind = node_type(data)
        net.add_node(node, label=_label(data) or node, group=kind,
                     shape=TYPE_STYLE.get(kind, TYPE_STYLE["paper"])[1],
                     value=round(math.sqrt(degree[node]), 3), font={"size": font_sizes[node]},
                     title=_tooltip(g, node, data), x=x, y=y)
    for index, (u, v, relation) in enumerate(view.edges(keys=True)):
        # Appended as pyvis's add_edge would, minus its linear node lookup per edge;
        # "uses" edges, most of them, take the default style from the options.
        edge = {"id": f"e{index}", "from": u, "to": v, "relation": relation}
        if relation != "uses":
            colour, width, dashes = EDGE_STYLE.get(relation, EDGE_STYLE["uses"])
            edge.update(color=colour, width=width, dashes=dashes)
        net.edges.append(edge)
    net.options = _physics(view.number_of_nodes(), view.number_of_edges())
    return net


def _details(view: nx.MultiDiGraph, g: nx.MultiDiGraph) -> dict:
    """What the side panel and search need, for the drawn nodes and their links."""
    drawn = set(view)
    info: dict[str, dict] = {}
    links: list[list] = []
    others: set[str] = set()
    more: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for node, data in view.nodes(data=True):
        kind = data.get("kind")
        if kind == "paper":
            info[node] = {"kind": "paper", "title": data.get("title", ""),
                          "abstract": _short(data.get("abstract", ""), ABSTRACT_CHARS),
                          "arxiv_id": data.get("arxiv_id", ""), "url": data.get("url", ""),
                          "date": data.get("date", ""),
                          "authors": list(data.get("authors", []))[:6]}
        elif kind == "entity":
            info[node] = {"kind": "entity", "type": data.get("type", ""),
                          "name": data.get("name", ""), "aliases": list(data.get("aliases", [])),
                          "named": bool(data.get("named", True))}
        else:
            info[node] = {"kind": kind or "", "url": data.get("url", ""),
                          "label": data.get("label", "")}
    def add(u: str, v: str, relation: str, data: dict) -> None:
        evidence = data.get("evidence") or []
        sentence = evidence[0].get("sentence", "") if evidence else ""
        links.append([u, v, relation, _short(sentence, EVIDENCE_CHARS)])
        others.update(n for n in (u, v) if n not in drawn)

    # Every link out of a drawn node (a paper's entities, drawn or not) ...
    for u in sorted(drawn):
        for v, keyed in g.succ[u].items():
            for relation, data in keyed.items():
                add(u, v, relation, data)
    # ... and, into a drawn node from one not drawn, a few per role; the rest are counted.
    for v in sorted(drawn):
        listed: dict[str, int] = defaultdict(int)
        for u in sorted(g.pred[v]):
            if u in drawn:
                continue
            for relation, data in g.pred[v][u].items():
                if listed[relation] < PAPERS_PER_ROLE:
                    listed[relation] += 1
                    add(u, v, relation, data)
                else:
                    more[v][relation] += 1
    names = {n: [_short(g.nodes[n].get("name") or g.nodes[n].get("title")
                        or g.nodes[n].get("label", n), 160), node_type(g.nodes[n])]
             for n in sorted(others)}
    for node, counts in more.items():
        info[node]["more"] = dict(counts)
    return {"info": info, "links": links, "names": names}


def to_page(
    g: nx.MultiDiGraph,
    *,
    focus: str | None = None,
    depth: int = 1,
    types=None,
    top: int | None = None,
    min_degree: int = 0,
    max_nodes: int | None = DEFAULT_MAX_NODES,
    title: str = DEFAULT_TITLE,
    on_view: Callable[[ViewNote], None] | None = None,
) -> str:
    """The page for a view of ``g`` as an HTML string; see :func:`write_page`.

    Examples
    --------
    >>> from kg.query import example_graph
    >>> html = to_page(example_graph(), types="paper,benchmark", on_view=lambda n: print(n.text()))
    showing 6 of 12 nodes, of type paper, benchmark; to see the others: kg viz --focus NAME [--depth N], --types T,T or --min-degree K
    >>> html.count('"group":"benchmark"'), html.count('"group":"model"')
    (3, 0)
    """
    from jinja2 import Environment

    view, note = select_view(g, focus=focus, depth=depth, types=types, top=top,
                             min_degree=min_degree, max_nodes=max_nodes)
    if on_view is not None:
        on_view(note)
    net = _network(view, g)
    nodes, edges, _, _, _, options = net.get_network_data()
    counts = defaultdict(int)
    for node in nodes:
        counts[node["group"]] += 1
    legend = [{"type": t, "color": c, "shape": s, "count": counts[t]}
              for t, (c, s) in TYPE_STYLE.items() if counts[t]]
    payload = {"vis": {"nodes": nodes, "edges": edges, "options": json.loads(options)},
               "legend": legend, "styles": {t: list(style) for t, style in TYPE_STYLE.items()},
               "edgeStyle": {r: c for r, (c, _, _) in EDGE_STYLE.items()},
               "note": note.text(), "complete": note.complete,
               "typeOrder": list(TYPES), **_details(view, g)}
    vis_js, vis_css = _vis_assets()
    template = Environment(autoescape=True, keep_trailing_newline=True).from_string(
        _asset("page.html"))
    return template.render(title=title, note=note.text(), n_nodes=len(nodes),
                           data_json=script_json(payload), vis_js=vis_js, vis_css=vis_css,
                           page_js=_asset("page.js"), page_css=_asset("page.css"))


def write_page(g: nx.MultiDiGraph, path: str | Path, **view_options) -> Path:
    """Write the interactive page of ``g`` (``graph.html``) to ``path``.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        The graph (see :mod:`kg.graph`).
    path : str or Path
        The HTML file to write.
    **view_options
        ``focus``, ``depth``, ``types``, ``top``, ``min_degree`` and
        ``max_nodes`` choose what to draw (see :func:`kg.views.select_view`;
        by default at most 2,000 nodes, the most connected first, and the
        page says what was left out); ``title`` heads the page; ``on_view``
        is called with the :class:`~kg.views.ViewNote`.

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    QueryError
        A view option names an unknown node or type.
    ExportError
        The file cannot be written.

    Examples
    --------
    >>> import tempfile
    >>> from kg.query import example_graph
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = write_page(example_graph(), Path(folder) / "graph.html", focus="MathBench")
    ...     "A hostile title" in path.read_text(encoding="utf-8")
    True
    """
    path = Path(path)
    html = to_page(g, **view_options)
    try:
        path.write_text(html, encoding="utf-8")
    except OSError as exc:
        raise ExportError(f"{path}: cannot write the page ({exc.strerror})") from None
    return path
