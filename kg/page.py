"""The interactive page, ``graph.html``: one self-contained file drawn by vis-network.

:func:`write_page` picks a view of the graph (:func:`kg.views.select_view`),
hands its nodes, edges and layout options to a :class:`pyvis.network.Network`,
and renders them with kg's own template (``kg/assets/page.html``) rather than
pyvis's, which fetches Bootstrap and vis-network from CDNs and puts tooltip
strings into the page as HTML. The vis-network script and stylesheet that
ship inside the pyvis package are inlined, with their licence header, so the
page works offline from ``file://``.

Everything from the papers (titles, abstracts, names, evidence) travels as
JSON that the page's script parses and shows through ``textContent``: one
block for the drawn view, and a second, parsed at the first search, that
names every entity, paper and repository the view leaves out
(:mod:`kg.page_index`), so the search finds those too. The JSON has ``<``,
``>``, ``&`` and U+2028/U+2029 escaped so no string can end the script element.

Papers are labelled by the name before their title's colon or their first
words; the full title is in the tooltip and the panel. Small views (focus
pages, mostly) are laid out with room for their labels and left as laid out;
larger ones are packed tight and only their hubs are labelled until zoomed. The same graph gives the same
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
from kg.page_index import PREFIXES, drawn_details, focus_words, short_text, undrawn_index
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
    "broader": ("#b07aa1", 1, True),
    "has_code": ("#76b7b2", 1, True),
}
DEFAULT_TITLE = "kg: methods, models, datasets and benchmarks of ML papers"
LABEL_CHARS = 36  # a repository's label
PAPER_LABEL_CHARS = 24
# Title heads that name a genre, not a paper ("Position: ..."): never a paper's label alone.
GENRE_HEADS = frozenset({"position", "survey", "review", "perspective", "tutorial", "commentary"})
# Views up to this size (focus pages, for most names) are laid out with room for every label
# and drawn at a zoom where labels are read; larger ones are packed tight, hubs labelled.
ROOMY_NODES = 300
ROOMY_EDGE_LENGTH = 100.0
VIS_DIRS = ("templates/lib/vis-9.1.2", "lib/vis-9.1.2")




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


def _paper_label(title: str) -> str:
    """A paper's label on the drawing: the name before its title's colon, else its first words.

    Titles of ML papers often open with the name of what they propose; the
    whole title is in the tooltip and the panel.

    >>> _paper_label("MARIO: MAth Reasoning with code Interpreter Output")
    'MARIO'
    >>> _paper_label("Position: Graph Learning Will Lose Relevance")
    'Position: Graph…'
    >>> _paper_label("Large Language Models are Zero-Shot Reasoners")
    'Large Language Models…'
    """
    head, colon, rest = " ".join(title.split()).partition(":")
    head = head.strip()
    if colon and head and rest.strip() and len(head) <= PAPER_LABEL_CHARS \
            and head.lower() not in GENRE_HEADS:
        return head
    return short_text(title, PAPER_LABEL_CHARS)


def _label(data: dict) -> str:
    if data.get("kind") == "paper":
        return _paper_label(data.get("title", ""))
    if data.get("kind") == "repository":
        return short_text(data.get("url", "").split("://", 1)[-1], LABEL_CHARS)
    return data.get("name") or data.get("label", "")


def _roomy(n_nodes: int) -> bool:
    """Whether a view this small is laid out and drawn with room for every label."""
    return n_nodes <= ROOMY_NODES


def _physics(n_nodes: int, n_edges: int) -> dict:
    """vis-network options: a bounded stabilisation, sized to finish in about a second."""
    # The nodes start from kg.layout's positions, so a few steps polish rather than lay out;
    # each step costs the browser about n log n, hence fewer for bigger views. A roomy view
    # is not polished: the springs would pull a focus's papers back into a ring of labels.
    iterations = 0 if _roomy(n_nodes) else max(10, min(150, 30_000 // n_nodes))
    big = n_nodes + n_edges > 3000
    # Small squares in a roomy view: around a focus, big ones cover the labels beside them.
    # Set on their groups, so that one the page draws on demand is sized alike.
    squares = {"scaling": {"min": 7, "max": 16}} if _roomy(n_nodes) else {}
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
                       "shape": s, **(squares if t in ("paper", "repository") else {})}
                   for t, (c, s) in TYPE_STYLE.items()},
    }


def _font_sizes(view: nx.MultiDiGraph, degree: dict[str, int], *, extra: int = 30) -> dict[str, int]:
    """Label sizes: large for the entities most papers share, small for the rest.

    An entity's size (14 plus up to ``extra``) falls steeply with the share of
    drawn entities that have more links, so at the zoom that fits the whole
    view only the few largest hubs are labelled (vis-network skips labels
    under ``drawThreshold`` pixels); zooming in reveals the rest. Papers and
    repositories are smaller: their full titles are in the tooltip and the panel.
    """
    ranked = sorted(-degree[n] for n, d in view.nodes(data=True) if d.get("kind") == "entity")
    sizes = {}
    for node, data in view.nodes(data=True):
        if data.get("kind") == "entity" and ranked:
            share_above = bisect_left(ranked, -degree[node]) / len(ranked)
            sizes[node] = round(14 + extra * (1 - share_above) ** 16)
        else:
            sizes[node] = 12
    return sizes


def _network(view: nx.MultiDiGraph, g: nx.MultiDiGraph):
    """The view as a pyvis Network: nodes by type group, sized by degree in ``g``."""
    from pyvis.network import Network

    from kg.layout import EDGE_LENGTH, spring_positions

    net = Network(directed=True, cdn_resources="in_line")
    roomy = _roomy(view.number_of_nodes())
    positions = spring_positions(view, edge_length=ROOMY_EDGE_LENGTH if roomy else EDGE_LENGTH)
    degree = dict(g.degree(view))  # in the whole graph: a hub stays big in a focused view
    font_sizes = _font_sizes(view, degree, extra=16 if roomy else 30)
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
               "edgeStyle": {r: list(style) for r, style in EDGE_STYLE.items()},
               "note": note.text(), "complete": note.complete, "roomy": _roomy(len(nodes)),
               "typeOrder": list(TYPES), **drawn_details(view, g),
               "paperLabel": {"chars": PAPER_LABEL_CHARS, "genres": sorted(GENRE_HEADS)},
               "repoLabelChars": LABEL_CHARS,
               "focus": focus_words(g, (n for n, d in g.nodes(data=True) if d.get("kind") in PREFIXES))}
    vis_js, vis_css = _vis_assets()
    template = Environment(autoescape=True, keep_trailing_newline=True).from_string(
        _asset("page.html"))
    return template.render(title=title, note=note.text(), n_nodes=len(nodes),
                           data_json=script_json(payload), vis_js=vis_js, vis_css=vis_css,
                           undrawn_json=script_json(undrawn_index(g, set(view))),
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
