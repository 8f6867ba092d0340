"""The case board in a real browser: headless Debian Chromium driven by Playwright.

Each test saves a screenshot of the pages it visits under tests/screenshots/.
Skipped when /usr/bin/chromium is absent (install Debian's `chromium` package).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).parent / "screenshots"
DEMO = Path(__file__).parents[1] / "examples"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

if not CHROMIUM.exists():
    pytest.skip("browser tests need Debian chromium at /usr/bin/chromium (apt-get install chromium)",
                allow_module_level=True)
playwright = pytest.importorskip("playwright.sync_api", reason="browser tests need playwright (pip install -e '.[dev]')")
uvicorn = pytest.importorskip("uvicorn")

from board_fixture import GUERRERO, HOSTILE_TITLE, build_board  # noqa: E402

from caseboard.ingest import ingest, input_files, read_all  # noqa: E402
from caseboard.store import Store  # noqa: E402
from caseboard.web import create_app  # noqa: E402
from caseboard.web.app import Review  # noqa: E402


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serving(store: Store, review: Review | None = None) -> Iterator[str]:
    """The case board web app on a free local port, for as long as the block runs."""
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(store, bind_host="127.0.0.1", review=review), host="127.0.0.1", port=port, log_level="warning"
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the case board server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    store = build_board(tmp_path_factory.mktemp("browser") / "board.db")
    with serving(store) as url:
        yield url
    store.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, base_url: str):  # type: ignore[no-untyped-def]
    """A fresh page on the test board that records console errors and dialogs."""
    with open_page(browser, base_url) as tab:
        yield tab


@contextmanager
def open_page(browser, base_url: str):  # type: ignore[no-untyped-def]
    """A page in a fresh browser context, recording console errors and dialogs (alert, confirm)."""
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.errors = []
    tab.dialogs = []
    tab.on("console", lambda msg: tab.errors.append(msg.text) if msg.type == "error" else None)
    tab.on("pageerror", lambda exc: tab.errors.append(str(exc)))
    tab.on("dialog", lambda dialog: (tab.dialogs.append(dialog.message), dialog.dismiss()))
    try:
        yield tab
    finally:
        context.close()


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def wait_for_chart(page, selector: str) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_selector(f"{selector}[data-ready='true'] .main-svg", timeout=15000)


def test_home_entity_evidence_and_document(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/")
    assert page.inner_text("h1") == "Case board"
    assert page.inner_text(".figure-documents .value") == "4"
    shot(page, "home")

    page.click("table.list >> text=Hector Guerrero")
    page.wait_for_url(f"**/entity/{GUERRERO}")
    assert page.inner_text("h1") == "Hector Guerrero"
    leader = page.locator("li.fact", has_text="leader of").first
    assert leader.locator(".fact-head .badge").inner_text().lower() == "asserted"
    assert "Hector Guerrero, the leader of Tren de Aragua, escaped from Tocoron prison in 2023." in leader.inner_text()
    assert "3 sources · 2 independent" in leader.inner_text()
    denied = page.locator("li.fact", has_text="member of").first
    assert denied.locator(".fact-head .badge").inner_text().lower() == "denied"
    wait_for_chart(page, "#timeline-chart")
    shot(page, "entity")

    leader.locator("ul.evidence a", has_text="US designates gang").click()
    page.wait_for_url("**/document/*#evidence")
    mark = page.locator("#evidence")
    assert mark.is_visible()
    assert "the leader of Tren de Aragua" in "".join(page.locator("mark.evidence-mark").all_inner_texts())
    shot(page, "document")
    assert page.errors == []


def test_graph_opens_a_profile_on_click(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/graph")
    wait_for_chart(page, "#graph-chart")
    assert page.locator("#graph-chart .scatterlayer .point").count() > 0
    shot(page, "graph")
    # where plotly drew the "Tren de Aragua" node, in page pixels
    x, y = page.evaluate(
        """() => {
          const box = document.getElementById('graph-chart');
          for (const trace of box._fullData) {
            const at = (trace.text || []).indexOf('Tren de Aragua');
            if (trace.mode === 'markers+text' && at >= 0) {
              const l = box._fullLayout, r = box.getBoundingClientRect();
              return [r.left + l._size.l + l.xaxis.l2p(trace.x[at]), r.top + l._size.t + l.yaxis.l2p(trace.y[at])];
            }
          }
        }"""
    )
    page.mouse.move(x, y)
    page.mouse.click(x, y)
    page.wait_for_url("**/entity/org:tren-de-aragua", timeout=10000)
    assert page.inner_text("h1") == "Tren de Aragua"
    assert page.errors == []


def test_graph_filters_by_status(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/graph")
    page.select_option("select[name=status]", "denied")
    page.click("form.filters button")
    page.wait_for_url("**/graph?status=denied*")
    rows = page.locator("table.list tbody tr")
    assert rows.count() == 1
    assert "member of" in rows.first.inner_text()


def test_timeline_lists_and_filters_events(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/timeline")
    wait_for_chart(page, "#timeline-chart")
    dates = page.locator("li.event .event-head .date").all_inner_texts()
    assert dates == ["2023", "2024-07", "2024-09", "undated"]
    shot(page, "timeline")
    page.fill("input[name=entity]", "Guerrero")
    page.select_option("select[name=status]", "alleged")
    page.click("form.filters button")
    page.wait_for_url("**/timeline?*status=alleged*")
    assert [t.split()[0] for t in page.locator("li.event .event-head").all_inner_texts()] == ["undated"]
    assert page.errors == []


def test_search_finds_documents_and_names(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/")
    page.fill("#home-q", "Aragua")
    page.press("#home-q", "Enter")
    page.wait_for_url("**/search?q=Aragua")
    assert page.locator("ul.plain a.entity", has_text="Tren de Aragua").count() == 1
    assert page.locator("ul.results mark").count() >= 1
    shot(page, "search")


def test_hostile_article_runs_no_script(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/search?q=Breaking")
    page.locator("ul.results a", has_text=HOSTILE_TITLE).click()
    page.wait_for_url("**/document/*")
    text = page.inner_text("article.document-text")
    assert "<script>window.pwned = 1; alert(1)</script>" in text
    assert "<!-- a hidden comment -->" in text
    page.hover("article.document-text a.mention.type-org")  # the onmouseover "name"
    page.click("article.document-text a.mention.type-org")
    page.wait_for_url("**/entity/org:*")
    page.hover("h1")
    shot(page, "hostile")
    page.goto("/timeline")
    wait_for_chart(page, "#timeline-chart")
    page.hover("li.event >> nth=2")
    assert page.evaluate("() => window.pwned") is None
    assert page.dialogs == []
    assert page.locator("script:not([src])").count() == 0


def test_pages_work_without_javascript(browser, base_url: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=base_url, java_script_enabled=False)
    tab = context.new_page()
    try:
        tab.goto("/")
        tab.click("table.list >> text=Tren de Aragua")
        tab.wait_for_url("**/entity/org:tren-de-aragua")
        assert tab.locator("li.fact .badge.status-alleged").count() >= 1
        tab.goto("/graph?status=asserted")
        assert tab.locator("table.list tbody tr").count() == 5
        tab.goto("/timeline?type=escape")
        assert tab.locator("li.event").count() == 1
    finally:
        context.close()


@pytest.mark.skipif(not DEMO.is_dir(), reason="the demo corpus (examples/) is not in this checkout")
def test_demo_case_board(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """`make demo`'s corpus, ingested as a user would: home, a profile with evidence, graph, timeline."""
    pytest.importorskip("caseboard.facts", reason="relation extraction (caseboard.facts) is not in this checkout")
    store = Store.open(str(tmp_path / "demo.db"))
    ingest(store, read_all(input_files([DEMO])))
    counts = store.counts()
    assert counts["documents"] >= 5
    assert counts["relations"] > 0, "the demo states no relations: is relation extraction (facts.py) in?"
    with serving(store) as url:
        with open_page(browser, url) as tab:
            tab.goto("/")
            shot(tab, "demo-home")
            tab.locator("table.list a.entity").first.click()  # the best connected entity
            tab.wait_for_url("**/entity/*")
            fact = tab.locator("li.fact").first
            assert fact.locator(".fact-head .badge").inner_text().lower() in ("asserted", "alleged", "quoted", "denied")
            assert len(fact.locator("ul.evidence blockquote").first.inner_text()) > 20
            shot(tab, "demo-entity")
            tab.goto("/graph")
            wait_for_chart(tab, "#graph-chart")
            shot(tab, "demo-graph")
            tab.goto("/timeline")
            shot(tab, "demo-timeline")
            assert tab.errors == []
    store.close()


def test_a_person_rejects_a_fact_and_merges_two_entities_in_review_mode(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = build_board(tmp_path / "review.db")
    with serving(store, Review("browser test")) as url, open_page(browser, url) as tab:
        tab.goto(f"/entity/{GUERRERO}")
        escaped = tab.locator("li.fact", has=tab.locator(".fact-head", has_text="escaped from")).first
        escaped.locator("input[name=note]").fill("he escaped from another prison")
        escaped.locator("button[value=rejected]").click()
        tab.wait_for_load_state()
        assert tab.locator(".fact-head", has_text="escaped from").count() == 0  # hidden by default
        tab.click("text=Show them")
        rejected = tab.locator("li.fact", has=tab.locator(".fact-head", has_text="escaped from")).first
        assert rejected.locator(".review-rejected").inner_text().lower() == "rejected"
        shot(tab, "review-rejected")
        tab.fill("#merges input[name=other]", "FBI")
        tab.click("#merges button:has-text('Merge')")
        tab.wait_for_load_state()
        assert "merged by browser test" in tab.inner_text("#merges")
        shot(tab, "review-merged")
        assert tab.errors == []
    assert [(j["kind"], j["verdict"]) for j in store.list_judgements()] == [("review", "rejected"), ("merge", "positive")]
    assert store.find_entity("FBI")["id"] == store.find_entity("Hector Guerrero")["id"]
    store.close()
