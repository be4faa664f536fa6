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

    def __init__(self, browser, path: Path) -> None:
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page = browser.new_page(viewport={"width": 1280, "height": 800})
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

    def open_(graph, **view_options) -> Opened:
        path = write_page(graph, tmp_path / f"page{len(opened)}.html", **view_options)
        page = Opened(browser, path)
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
    assert more.endswith("not drawn; kg viz --focus 'Hub zero'\"'\"'s set' draws them all")
    assert shlex.split(more.split("; ", 1)[1])[:3] == ["kg", "viz", "--focus"]
    assert shlex.split(more.split("; ", 1)[1])[3] == "Hub zero's set"
    page.check_clean()
