"""The page in a real browser: Debian's Chromium, driven by Playwright, offline.

Every page is opened from disk with every request that is not ``file://``
aborted and recorded, so a page that needs the network fails here. Chromium
comes from the system (``apt-get install chromium``), never from
``playwright install``. Without it these tests are skipped locally and fail
in CI (where the ``CI`` environment variable is set).
"""
from __future__ import annotations

import os
import shlex
import shutil
from pathlib import Path

import pytest

from conftest import HOSTILE
from kg.page import write_page
from test_views import star_corpus

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def chromium_path() -> str | None:
    for candidate in (os.environ.get("KG_CHROMIUM"), "/usr/bin/chromium",
                      shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


@pytest.fixture(scope="module")
def browser():
    executable = chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    missing = ("the playwright package is not installed (pip install playwright)"
               if sync_playwright is None else
               "chromium is not installed (apt-get install chromium)" if executable is None else "")
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests must run in CI, but {missing}")
        pytest.skip(f"browser tests need a browser: {missing}")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Opened:
    """A page loaded from disk, with what it logged, asked for and popped up."""

    def __init__(self, browser, path: Path, width: int = 1280, height: int = 800) -> None:
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page = browser.new_page(viewport={"width": width, "height": height})
        self.page.on("console", lambda m: m.type in ("error", "warning") and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.page.route("**/*", self._route)
        self.page.goto(path.as_uri())
        self.page.wait_for_function("window.kgPage && window.kgPage.ready", timeout=30_000)

    def _route(self, route):
        url = route.request.url
        if url.startswith("file:"):
            route.continue_()
        else:
            self.requests.append(url)
            route.abort()

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def js(self, expression: str, arg=None):
        return self.page.evaluate(expression, arg)

    def node_point(self, node: str) -> tuple[float, float]:
        """Where a node is on the screen, for the mouse."""
        box = self.page.locator("#kg-network").bounding_box()
        point = self.js("id => kgPage.network.canvasToDOM(kgPage.network.getPositions([id])[id])", node)
        return box["x"] + point["x"], box["y"] + point["y"]

    def search(self, text: str) -> list[str]:
        self.page.fill("#kg-search-input", text)
        return self.page.locator("#kg-results li .kg-name").all_text_contents()

    def check_clean(self) -> None:
        assert self.errors == []
        assert self.requests == []
        assert self.dialogs == []


@pytest.fixture
def open_page(browser, tmp_path):
    opened: list[Opened] = []

    def open_(graph, *, width: int = 1280, height: int = 800, **view_options) -> Opened:
        path = write_page(graph, tmp_path / f"page{len(opened)}.html", **view_options)
        page = Opened(browser, path, width, height)
        opened.append(page)
        return page

    yield open_
    for page in opened:
        page.page.close()


def test_sample_page_renders_offline(open_page, sample_graph):
    page = open_page(sample_graph)
    assert page.page.locator("#kg-network canvas").count() == 1
    expected = min(sample_graph.number_of_nodes(), 2000)
    assert page.js("kgPage.nodes.length") == expected
    assert page.js("kgPage.network.body.nodeIndices.length") == expected
    # the layout settled and physics stopped
    assert page.js("kgPage.stabilizedAt !== null && kgPage.network.physics.options.enabled") is False
    assert page.page.locator("#kg-loading").is_hidden()
    legend = page.page.locator("#kg-legend label").all_text_contents()
    assert any(text.startswith("paper") for text in legend)
    assert any(text.startswith("benchmark") for text in legend)
    assert page.page.locator("#kg-note").text_content().startswith("showing")
    page.check_clean()


def test_search_finds_a_known_entity(open_page, sample_graph):
    page = open_page(sample_graph)
    assert page.search("gsm8k")[0] == "GSM8K"
    page.page.keyboard.press("Enter")
    assert page.page.locator("#kg-panel").is_visible()
    assert page.page.locator("#kg-panel h2").text_content() == "GSM8K"
    assert page.page.locator("#kg-panel h3").first.text_content().startswith(("Used by", "Introduced by"))
    assert page.page.locator("#kg-panel blockquote").count() > 0  # evidence sentences
    assert page.js("kgPage.network.getSelectedNodes()") == ["entity:gsm8k"]
    page.check_clean()


def test_search_by_alias_and_title(open_page, tiny_graph):
    page = open_page(tiny_graph)
    assert page.search("cot") == ["Chain-of-Thought"]
    assert page.search("LEARNING THROUGH")[0] == "Learning through Communication"
    assert page.search("2301.00002") == ["Chain-of-Thought for Math"]
    assert page.search("nothing like this") == []
    assert page.page.locator("#kg-results .kg-empty").text_content() == "no match"
    page.page.fill("#kg-search-input", "llama")
    page.page.keyboard.press("ArrowDown")
    page.page.keyboard.press("Enter")
    assert page.page.locator("#kg-panel h2").text_content() in ("LLaMA", "LLaMA-7B")
    page.check_clean()


def test_click_opens_the_panel(open_page, tiny_graph):
    page = open_page(tiny_graph)
    page.page.mouse.click(*page.node_point("paper:2301.00001"))
    panel = page.page.locator("#kg-panel")
    assert panel.is_visible()
    assert panel.locator("h2").text_content() == "Learning through Communication"
    headings = panel.locator("h3").all_text_contents()
    assert headings == ["Introduces (1)", "Uses (3)", "Code (1)"]
    assert "We propose LTC" in panel.locator("blockquote").all_text_contents()
    assert set(panel.locator(".kg-confidence").all_text_contents()) == {"confidence 0.90"}
    # a linked entity opens its own panel: aliases, and who introduces and uses it
    panel.locator("button.kg-link", has_text="GSM8K").click()
    assert panel.locator("h2").text_content() == "GSM8K"
    assert panel.locator(".kg-meta").first.text_content() == "also: GSM8k"
    assert panel.locator("h3").all_text_contents() == ["Used by (3)"]
    page.page.click("#kg-panel-close")
    assert panel.is_hidden()
    page.check_clean()


def test_hover_highlights_the_neighbourhood(open_page, tiny_graph):
    page = open_page(tiny_graph)
    page.page.mouse.move(*page.node_point("entity:hotpotqa"))
    page.page.wait_for_function("kgPage.nodes.get('entity:gsm8k').opacity === 0.25")
    opacity = "id => kgPage.nodes.get(id).opacity ?? 1"
    assert page.js(opacity, "paper:2301.00001") == 1
    assert page.js(opacity, "entity:hotpotqa") == 1
    assert page.js(opacity, "paper:2301.00002") == 0.25
    tooltip = page.page.locator(".vis-tooltip")
    tooltip.wait_for(state="visible")
    assert tooltip.inner_text() == "HotpotQA\nbenchmark · 1 paper"
    box = page.page.locator("#kg-network").bounding_box()
    page.page.mouse.move(box["x"] + box["width"] - 5, box["y"] + 5)  # empty canvas
    page.page.wait_for_function("kgPage.nodes.get('entity:gsm8k').opacity === 1")
    page.check_clean()


def test_legend_toggles_a_type(open_page, tiny_graph):
    page = open_page(tiny_graph)
    hidden_papers = "kgPage.nodes.get({filter: n => n.group === 'paper'}).map(n => !!n.hidden)"
    page.page.locator('#kg-legend input[data-type="paper"]').uncheck()
    assert page.js(hidden_papers) == [True, True, True]
    assert page.js("!!kgPage.nodes.get('entity:gsm8k').hidden") is False
    page.page.locator('#kg-legend input[data-type="paper"]').check()
    assert page.js(hidden_papers) == [False, False, False]
    # choosing a node of a hidden type shows that type again
    page.page.locator('#kg-legend input[data-type="metric"]').uncheck()
    page.search("accuracy")
    page.page.keyboard.press("Enter")
    assert page.js("!!kgPage.nodes.get('entity:accuracy').hidden") is False
    assert page.page.locator('#kg-legend input[data-type="metric"]').is_checked()
    page.check_clean()


def test_capped_page_says_what_was_left_out(open_page):
    from kg.graph import to_graph

    page = open_page(to_graph(star_corpus(100)), max_nodes=50)
    note = page.page.locator("#kg-note").text_content()
    assert note.startswith("showing 50 of 405 nodes")
    assert "kg viz --focus NAME" in note
    assert page.js("kgPage.nodes.length") == 50
    page.check_clean()


def test_hostile_titles_run_nothing_and_show_as_text(open_page, hostile_graph):
    page = open_page(hostile_graph)
    # tooltips are plain text
    page.page.mouse.move(*page.node_point("paper:2402.00001"))
    tooltip = page.page.locator(".vis-tooltip")
    tooltip.wait_for(state="visible")
    assert tooltip.inner_text().startswith(HOSTILE["title"])
    assert tooltip.locator(":not(br)").count() == 0  # innerText turns newlines into <br>, nothing else
    # and so is the panel
    assert page.search("img src")[0] == HOSTILE["title"]
    page.page.keyboard.press("Enter")
    panel = page.page.locator("#kg-panel")
    assert panel.locator("h2").text_content() == HOSTILE["title"]
    # (the short abstract has its whitespace, U+2028 included, folded to single spaces)
    assert panel.locator(".kg-abstract").text_content() == " ".join(HOSTILE["abstract"].split())
    # a javascript: URL never becomes a link; the arXiv id does
    assert panel.locator("a").all_text_contents() == ["https://arxiv.org/abs/2402.00001"]
    page.js("kgPage.select('entity:evil')")
    assert panel.locator("h2").text_content() == HOSTILE["name"]
    assert panel.locator(".kg-meta").first.text_content() == "also: " + HOSTILE["alias"]
    assert " ".join(HOSTILE["abstract"].split()) in panel.locator("blockquote").all_text_contents()
    page.page.wait_for_timeout(300)  # time for any injected handler to fire
    assert page.js("document.querySelectorAll('img, svg, iframe, object, [onerror], [onload], [onmouseover]').length") == 0
    assert page.page.title() == "kg: methods, models, datasets and benchmarks of ML papers"
    page.check_clean()


def test_panel_hint_for_left_out_papers_can_be_pasted_into_a_shell(open_page):
    from dataclasses import replace

    from kg.graph import to_graph

    corpus = star_corpus(100)
    corpus = replace(corpus, entities=[replace(e, name="Hub zero's set") if e.id == "hub0" else e
                                       for e in corpus.entities])
    page = open_page(to_graph(corpus), max_nodes=50)
    page.page.mouse.click(*page.node_point("entity:hub0"))
    more = page.page.locator("#kg-panel .kg-more").first.text_content()
    assert more.endswith("not drawn; kg viz --focus 'Hub zero'\"'\"'s set' -o hub0.html draws them all")
    assert shlex.split(more.split("; ", 1)[1])[:3] == ["kg", "viz", "--focus"]
    assert shlex.split(more.split("; ", 1)[1])[3] == "Hub zero's set"
    page.check_clean()


# --- nodes the view leaves out ------------------------------------------------------------

def test_search_finds_what_the_view_left_out(open_page):
    from kg.graph import to_graph
    from kg.views import select_view

    g = to_graph(star_corpus(100))
    view, _ = select_view(g, max_nodes=50)
    # an entity whose only paper is drawn: it can join the drawing
    joinable = next(n for n in sorted(g) if n.startswith("entity:") and n not in view
                    and all(p in view for p in g.pred[n]))
    page = open_page(g, max_nodes=50)
    panel = page.page.locator("#kg-panel")

    assert "paper:p0099" not in view and "entity:t99-1" not in view
    assert page.search("Tail99-1") == ["Tail99-1"]
    assert page.page.locator("#kg-results .kg-type").first.text_content() == "method · not drawn"
    page.page.keyboard.press("Enter")
    assert panel.locator(".kg-kind").text_content() == "method · not drawn in this view"
    assert panel.locator("h2").text_content() == "Tail99-1"
    assert "in 1 paper of the graph" in panel.inner_text()
    command = panel.locator(".kg-command code").text_content()
    assert command == "kg viz --focus Tail99-1 -o t99-1.html"
    assert shlex.split(command)[:4] == ["kg", "viz", "--focus", "Tail99-1"]
    assert panel.locator(".kg-draw").count() == 0  # nothing drawn to link it to
    panel.locator(".kg-copy").click()  # copied, or selected where the clipboard is closed
    assert panel.locator(".kg-copy").text_content() in ("Copied", "Selected")

    # a paper, by title and by id
    assert page.search("Paper 99") == ["Paper 99"]
    assert page.search("p0099") == ["Paper 99"]
    page.page.keyboard.press("Enter")
    assert panel.locator("h2").text_content() == "Paper 99"
    assert panel.locator(".kg-command code").text_content() == "kg viz --focus p0099 -o p0099.html"

    # drawn on demand, with its links to the drawn nodes, as if it had been drawn
    name = g.nodes[joinable]["name"]
    page.search(name)
    page.page.keyboard.press("Enter")
    methods = page.page.locator('#kg-legend label:has(input[data-type="method"]) .kg-count')
    before = int(methods.text_content())
    panel.locator(".kg-draw").click()
    assert page.js("id => kgPage.nodes.get(id) !== null", joinable)
    assert sorted(page.js("id => kgPage.network.getConnectedNodes(id)", joinable)) == sorted(g.pred[joinable])
    assert page.js("kgPage.network.getSelectedNodes()") == [joinable]
    assert panel.locator(".kg-kind").text_content() == "method"
    assert int(methods.text_content()) == before + 1
    assert page.search(name) == [name]
    assert page.page.locator("#kg-results .kg-type").first.text_content() == "method"
    page.check_clean()


def test_papers_drawn_on_demand_are_labelled_as_drawn_ones(open_page):
    from kg.graph import to_graph
    from kg.page import _paper_label
    from kg.records import Corpus, Entity, Link, Paper

    titles = ["MARIO: MAth Reasoning with code Interpreter Output",
              "Position: Graph Learning Will Lose Relevance Due To Poor Benchmarks",
              "Large Language Models are Zero-Shot Reasoners", "A short one"]
    papers = [Paper(id=f"p{i}", title=t, abstract="We use GSM8K.") for i, t in enumerate(titles)]
    links = [Link(paper_id=p.id, entity_id="gsm8k", role="used", name="GSM8K") for p in papers]
    g = to_graph(Corpus(papers=papers, entities=[Entity(id="gsm8k", name="GSM8K", type="benchmark")],
                        links=links))
    page = open_page(g, focus="A short one", depth=0)
    assert page.js("kgPage.nodes.getIds()") == ["paper:p3"]
    for i, title in enumerate(titles[:3]):
        assert page.js("id => kgPage.drawHere(id)", f"paper:p{i}") is True
        assert page.js("id => kgPage.nodes.get(id).label", f"paper:p{i}") == _paper_label(title)
        assert page.js("id => kgPage.nodes.get(id).title.split('\\n')[0]", f"paper:p{i}") == title
    page.check_clean()


def test_search_finds_a_repository_by_its_url_drawn_or_not(open_page, tiny_graph):
    look = """id => { const n = kgPage.nodes.get(id), drawn = kgPage.network.body.nodes[id].options;
                      return [n.label, n.title, n.group, n.shape, n.font.size, n.value, drawn.scaling.max]; }"""
    repo = "repo:github.com/example/ltc"
    whole = open_page(tiny_graph)
    assert whole.search("github.com/example") == ["https://github.com/example/ltc"]
    whole.page.keyboard.press("Enter")
    assert whole.js("kgPage.network.getSelectedNodes()") == [repo]
    drawn_look = whole.js(look, repo)
    whole.check_clean()

    page = open_page(tiny_graph, focus="Learning through Communication", depth=0)
    panel = page.page.locator("#kg-panel")
    assert page.js("kgPage.nodes.getIds()") == ["paper:2301.00001"]
    assert page.search("example/ltc") == ["https://github.com/example/ltc"]
    assert page.search("github.com/example") == ["https://github.com/example/ltc"]
    assert page.page.locator("#kg-results .kg-type").first.text_content() == "repository · not drawn"
    page.page.keyboard.press("Enter")
    assert panel.locator(".kg-kind").text_content() == "repository · not drawn in this view"
    assert panel.locator("h2").text_content() == "https://github.com/example/ltc"
    assert panel.locator("a").first.get_attribute("href") == "https://github.com/example/ltc"
    assert panel.locator("h3").all_text_contents() == ["Code of (1)"]
    assert panel.locator(".kg-command code").text_content() == \
        "kg viz --focus github.com/example/ltc -o github.com-example-ltc.html"
    panel.locator(".kg-draw").click()
    assert page.js("kgPage.network.getConnectedNodes('repo:github.com/example/ltc')") == ["paper:2301.00001"]
    assert panel.locator(".kg-kind").text_content() == "repository"
    assert page.js(look, repo) == drawn_look  # as if it had been drawn from the start
    page.check_clean()


def test_a_paper_drawn_on_demand_beside_entities_only_is_sized_as_a_drawn_one(open_page, tiny_graph):
    scaling = "id => kgPage.network.body.nodes[id].options.scaling.max"
    whole = open_page(tiny_graph)  # small enough to draw papers as small squares
    drawn = whole.js(scaling, "paper:2301.00001")
    assert drawn < whole.js(scaling, "entity:gsm8k")
    whole.check_clean()

    page = open_page(tiny_graph, focus="GSM8K", depth=0)
    assert page.js("kgPage.nodes.getIds()") == ["entity:gsm8k"]
    assert page.js("id => kgPage.drawHere(id)", "paper:2301.00001") is True
    assert page.js(scaling, "paper:2301.00001") == drawn
    page.check_clean()


def test_a_general_term_drawn_on_demand_is_marked_as_a_drawn_one(open_page, tiny_graph):
    kind = "#kg-panel .kg-kind"
    whole = open_page(tiny_graph)
    whole.js("kgPage.select('entity:accuracy')")
    assert whole.page.locator(kind).text_content() == "metric · general term"
    whole.check_clean()

    page = open_page(tiny_graph, focus="Chain-of-Thought for Math", depth=0)
    page.search("accuracy")
    page.page.keyboard.press("Enter")
    assert page.page.locator(kind).text_content() == "metric · general term · not drawn in this view"
    page.page.locator("#kg-panel .kg-draw").click()
    assert page.js("kgPage.network.getSelectedNodes()") == ["entity:accuracy"]
    assert page.page.locator(kind).text_content() == "metric · general term"
    page.js("kgPage.select('entity:gsm8k')")  # a name stays unmarked
    assert page.page.locator(kind).text_content() == "benchmark · not drawn in this view"
    page.check_clean()


# --- narrow windows -----------------------------------------------------------------------

def open_area_holds(page, node: str) -> bool:
    """Whether a node is on screen, in the network and not under the side panel."""
    return page.js("""id => {
        const net = kgPage.network, p = net.canvasToDOM(net.getPositions([id])[id]);
        const box = document.getElementById('kg-network').getBoundingClientRect();
        const x = box.left + p.x, y = box.top + p.y;
        const panel = document.getElementById('kg-panel').getBoundingClientRect();
        const underPanel = x >= panel.left && x <= panel.right && y >= panel.top && y <= panel.bottom;
        return x > box.left && x < box.right && y > box.top && y < box.bottom && !underPanel;
    }""", node)


def settles_in_open_area(page, node: str, within_ms: int = 3000) -> bool:
    """Whether the view, which moves in 300 ms, brings a node into the open area (slow machines: later)."""
    for _ in range(within_ms // 100):
        page.page.wait_for_timeout(100)
        if open_area_holds(page, node):
            return True
    return False


@pytest.mark.parametrize("width,height", [(1280, 800), (800, 700), (390, 844)])
def test_the_chosen_node_stays_in_sight_at_any_width(open_page, sample_graph, width, height):
    page = open_page(sample_graph, width=width, height=height)
    assert page.js("document.documentElement.scrollWidth <= window.innerWidth")
    page.search("gsm8k")
    page.page.keyboard.press("Enter")
    assert page.page.locator("#kg-panel").is_visible()
    assert settles_in_open_area(page, "entity:gsm8k")
    # the panel leaves at least half the network open
    open_share = page.js("""() => {
        const box = document.getElementById('kg-network').getBoundingClientRect();
        const panel = document.getElementById('kg-panel').getBoundingClientRect();
        return Math.max((panel.left - box.left) / box.width, (panel.top - box.top) / box.height);
    }""")
    assert open_share >= 0.5
    page.check_clean()


def test_a_clicked_node_comes_out_from_under_the_panel(open_page, sample_graph):
    page = open_page(sample_graph, width=800, height=700)
    panel_width = 280  # the panel's narrowest width, at 800 px
    target = page.js(f"""() => {{
        const net = kgPage.network, box = document.getElementById('kg-network').getBoundingClientRect();
        const pos = net.getPositions();
        return Object.keys(pos).find(id => {{
            const p = net.canvasToDOM(pos[id]);
            return p.x > box.width - {panel_width} + 40 && p.x < box.width - 40
                && p.y > 100 && p.y < box.height - 100 && net.getNodeAt(p) === id;
        }});
    }}""")
    assert target
    page.page.mouse.click(*page.node_point(target))
    assert page.js("kgPage.network.getSelectedNodes()") == [target]
    assert settles_in_open_area(page, target)
    page.check_clean()


def test_a_phone_sized_window_folds_the_legend(open_page, tiny_graph):
    page = open_page(tiny_graph, width=390, height=844)
    legend = page.page.locator("#kg-legend")
    assert legend.locator("label").first.is_hidden()
    legend.locator(".kg-legend-toggle").click()
    assert legend.locator("label").first.is_visible()
    page.page.locator('#kg-legend input[data-type="paper"]').uncheck()
    assert page.js("kgPage.nodes.get('paper:2301.00001').hidden") is True
    page.check_clean()


def test_the_panel_lists_broader_and_narrower_terms(open_page, sample_graph):
    term = "entity:question-answering"
    narrower = sorted(sample_graph.nodes[u]["name"] for u, _, key in sample_graph.in_edges(term, keys=True)
                      if key == "broader")
    assert narrower  # the sample names several kinds of question answering
    page = open_page(sample_graph, focus="question answering", depth=1)
    page.page.mouse.click(*page.node_point(term))
    panel = page.page.locator("#kg-panel")
    assert f"Narrower terms ({len(narrower)})" in panel.locator("h3").all_text_contents()
    items = panel.locator("li").all_text_contents()
    assert all(any(item.startswith(name) for item in items) for name in narrower)
    page.page.mouse.click(*page.node_point("entity:medical-question-answering"))
    assert "Broader term (1)" in panel.locator("h3").all_text_contents()
    assert "narrower than" in page.page.locator(".kg-edges").text_content()
    page.check_clean()
