"""The web case board over a hand-made case board, through FastAPI's TestClient."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

pytest.importorskip("httpx", reason="the web tests need httpx (pip install -e '.[dev]')")
from fastapi.testclient import TestClient  # noqa: E402

from board_fixture import CHAMBERLAIN, EVIL, GUERRERO, HOSTILE_TITLE, TREN, build_board, spanish_article  # noqa: E402

from caseboard.store import Store  # noqa: E402
from caseboard.web import app as web_app  # noqa: E402
from caseboard.web import create_app  # noqa: E402
from caseboard.web.highlight import segments  # noqa: E402
from caseboard.model import Mention  # noqa: E402


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    return build_board(tmp_path_factory.mktemp("web") / "board.db")


@pytest.fixture(scope="module")
def client(store: Store) -> TestClient:
    return TestClient(create_app(store))


class ActiveMarkup(HTMLParser):
    """Collects everything in a page that could run or hide: inline scripts, event
    handlers, javascript: links, comments, tags the pages never use."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("img", "iframe", "object", "embed", "b") or (tag == "script" and not dict(attrs).get("src")):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or (value or "").strip().lower().startswith(("javascript:", "data:")):
                self.found.append(f"{tag} {name}={value}")

    def handle_comment(self, data: str) -> None:
        self.found.append(f"<!--{data}-->")


def active_markup(page: str) -> list[str]:
    parser = ActiveMarkup()
    parser.feed(page)
    return parser.found


def doc_id(store: Store, title: str) -> str:
    return next(d["id"] for d in store.list_documents() if d["title"] == title)


def test_home_shows_figures_connected_entities_and_search(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    figures = dict(re.findall(r'<span class="value">([\d,]+)</span><span class="name">(\w+)</span>', page.text))
    assert {v: k for k, v in figures.items()} == {
        "documents": "4", "duplicates": "1", "entities": "9", "relations": "15", "events": "5",
        "quotes": "2", "failures": "0",
    }
    first = re.search(r'<a class="entity" href="/entity/([^"]+)">', page.text)
    assert first and first.group(1) == GUERRERO  # the best connected comes first
    assert 'action="/search"' in page.text


def test_entity_profile_groups_facts_with_status_and_evidence_links(client: TestClient, store: Store) -> None:
    page = client.get(f"/entity/{GUERRERO}")
    assert page.status_code == 200
    text = page.text
    assert "<h1>Hector Guerrero</h1>" in text
    assert '<span class="alias">Guerrero</span>' in text
    for heading in ("leader of", "member of", "escaped from", "arrested by", "rival of"):
        assert f"<h3>{heading}</h3>" in text
    assert 'class="badge status-denied"' in text and 'class="badge status-quoted"' in text
    assert "3 sources · 2 independent" in text
    b = doc_id(store, "US designates gang")
    sentence = "Hector Guerrero, the leader of Tren de Aragua, was arrested by the FBI, officials said."
    start = store.get_document(b).text.index(sentence)
    assert f"/document/{b}?start={start}&amp;end={start + len(sentence)}#evidence" in text
    assert "(a near-duplicate copy)" in text
    assert 'id="timeline-chart"' in text and "data-figure=" in text
    assert f'href="/entity/{TREN}"' in text  # a neighbour


def test_entity_quotes_show_on_speaker_profile(client: TestClient) -> None:
    page = client.get(f"/entity/{CHAMBERLAIN}")
    assert "We will find him," in page.text
    assert "<h3>head of</h3>" in page.text


def test_document_page_highlights_mentions_repeats_and_evidence(client: TestClient, store: Store) -> None:
    a = doc_id(store, "Gang leader escaped, police say")
    doc = store.get_document(a)
    start = doc.text.index("Investigators say")
    end = doc.text.index(".", start) + 1
    page = client.get(f"/document/{a}", params={"start": start, "end": end})
    assert page.status_code == 200
    assert f'<a class="mention type-person" href="/entity/{GUERRERO}">Hector Guerrero</a>' in page.text
    assert '<span class="repeated" title="repeats an earlier passage">Subscribe to our newsletter' in page.text
    assert page.text.count('id="evidence"') == 1
    assert '<mark class="evidence-mark" id="evidence">Investigators say ' in page.text
    copy = next(d["id"] for d in store.list_documents() if d["duplicate_of"] == a)
    page = client.get(f"/document/{copy}")
    assert f'<dd class="duplicate-of"><a href="/document/{a}">' in page.text


@pytest.mark.parametrize("start,end", [("5", "2"), ("0", "999999"), ("-1", "4"), ("x", "3"), ("9" * 5000, "1")])
def test_document_ignores_bad_evidence_offsets(client: TestClient, store: Store, start: str, end: str) -> None:
    page = client.get(f"/document/{doc_id(store, 'US designates gang')}", params={"start": start, "end": end})
    assert page.status_code == 200
    assert 'id="evidence"' not in page.text


def test_hostile_text_is_shown_as_text(client: TestClient, store: Store) -> None:
    hostile = doc_id(store, HOSTILE_TITLE)
    pages = [
        client.get(f"/document/{hostile}"),
        client.get(f"/entity/{EVIL}"),
        client.get(f"/entity/{GUERRERO}"),
        client.get("/timeline"),
        client.get("/graph"),
        client.get("/search", params={"q": "Breaking script"}),
        client.get("/"),
    ]
    for page in pages:
        assert page.status_code == 200
        assert active_markup(page.text) == []
    document = pages[0].text
    assert "&lt;script&gt;window.pwned = 1; alert(1)&lt;/script&gt;" in document
    assert "&lt;!-- a hidden comment --&gt;" in document
    assert '<span class="unsafe-url">javascript:alert(5)</span>' in document  # shown, not linked
    assert "&lt;script&gt;window.pwned = 3&lt;/script&gt;Hostile page" in document


SVG_AND_CSS = (
    'Officials said <svg xmlns="http://www.w3.org/2000/svg" onload="window.pwned=6"><script>window.pwned=7</script>'
    '<a xlink:href="javascript:alert(8)">x</a></svg> and <style>body{background:url(javascript:alert(9))}'
    "@import url(//evil.example/x.css);</style> <div style=\"background-image:url('https://evil.example/t.gif')\">"
    "Hector Guerrero</div> "
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(10)></style></mglyph></table></mtext></math> "
    '<link rel="stylesheet" href="https://evil.example/s.css"> data:text/html;base64,PHNjcmlwdD4= the end.'
)


def test_svg_scripts_and_css_injection_in_article_text_are_shown_as_text(tmp_path: Path) -> None:
    from caseboard.model import Document, Entity, Extraction, Mention

    store = Store.open(str(tmp_path / "board.db"))
    document = Document(SVG_AND_CSS, source="svg.html", title='<svg onload="alert(11)"><style>*{x:y}</style>')
    start = SVG_AND_CSS.index("Hector Guerrero")
    entity = Entity(GUERRERO, "PERSON", "Hector Guerrero",
                    mentions=[Mention(start, start + 15, "Hector Guerrero", "PERSON")])
    store.add(Extraction(document, entities=[entity]))
    hostile_client = TestClient(create_app(store))
    for path in (f"/document/{document.id}", f"/entity/{GUERRERO}", "/", "/search?q=Officials"):
        page = hostile_client.get(path)
        assert page.status_code == 200, path
        assert active_markup(page.text) == [], path
        body = re.sub(r"<head>.*?</head>", "", page.text, flags=re.S)
        # no markup from the article survives as markup: no svg, style, link or math element, no style attribute
        assert not re.search(r"<(svg|style|link|math|mglyph)\b", body, flags=re.I), path
        assert "evil.example/t.gif')\"" not in body and 'style="background' not in body
    page = hostile_client.get(f"/document/{document.id}").text
    assert "&lt;svg" in page and "&lt;style&gt;" in page
    store.close()


def test_pages_send_security_headers(client: TestClient) -> None:
    for path in ("/", f"/entity/{GUERRERO}", "/graph", "/static/caseboard.js", "/nope"):
        headers = client.get(path).headers
        csp = headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
        assert headers["x-content-type-options"] == "nosniff"


def test_plotly_comes_from_the_installed_package(client: TestClient) -> None:
    script = client.get("/static/vendor/plotly.min.js")
    assert script.status_code == 200
    assert script.headers["content-type"].startswith("text/javascript")
    assert b"plotly.js" in script.content[:2000]
    page = client.get("/graph").text
    assert "cdn" not in page.lower() and "https://" not in re.sub(r'data-figure="[^"]*"', "", page)


@pytest.mark.parametrize(
    "path",
    [
        "/document/../../etc/passwd",
        "/document/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/document/..%2F..%2Fetc%2Fpasswd",
        "/document/%252e%252e%252fetc%252fpasswd",
        "/document/0123456789ABCDEF",
        "/document/0123456789abcdef",
        "/document/0123456789abcdef0",
        "/entity/../../etc/passwd",
        "/entity/person:..%2F..%2Fetc%2Fpasswd",
        "/entity/person:Hector",
        "/entity/person:nobody",
        "/entity/spy:hector-guerrero",
        "/entity/Hector%20Guerrero",
        "/static/../app.py",
        "/static/%2e%2e/app.py",
        "/static/..%2Fapp.py",
        "/static/vendor/..%2F..%2F..%2Fstore.py",
        "/etc/passwd",
    ],
)
def test_bad_ids_and_traversal_are_not_found(client: TestClient, path: str) -> None:
    page = client.get(path)
    assert page.status_code == 404
    assert "root:" not in page.text and "import" not in page.text


@pytest.mark.parametrize(
    "query",
    [
        "x" * 20_000,
        '" OR 1=1 --',
        "NEAR(a b) AND * ^ :",
        "\x00\x01",
        "'; DROP TABLE documents; --",
        "') OR 1=1 --",
        '"',
        "*",
        "NEAR",
        "a NEAR/2 b",
        'title:"x" OR text:*',
        "<script>alert(1)</script>",
        "ÇA Ñ 日本語 🙂",
        "",
        "   ",
    ],
)
def test_odd_search_queries_are_answered(client: TestClient, query: str) -> None:
    page = client.get("/search", params={"q": query})
    assert page.status_code == 200
    assert "<script>alert(1)</script>" not in page.text
    assert client.get("/").status_code == 200  # and the board is still there


def test_search_finds_names_and_marks_matches(client: TestClient) -> None:
    page = client.get("/search", params={"q": "aragua"})
    assert f'href="/entity/{TREN}"' in page.text
    assert "<mark>Aragua</mark>" in page.text
    long = client.get("/search", params={"q": "aragua " * 100})
    assert "shortened" in long.text


def test_timeline_filters(client: TestClient) -> None:
    everything = client.get("/timeline").text
    assert re.findall(r'<span class="date">([^<]+)</span>\s*<strong>', everything) == [
        "2023", "2024-07", "2024-09", "undated"
    ]
    alleged = client.get("/timeline", params={"status": "alleged"}).text
    assert re.findall(r"<strong>([^<]+)</strong>", alleged) == ["arrest"]
    escape = client.get("/timeline", params={"type": "escape", "entity": "Guerrero"}).text
    assert re.findall(r"<strong>([^<]+)</strong>", escape) == ["escape"]
    unknown = client.get("/timeline", params={"entity": "Nobody Atall", "status": "bogus", "type": "<x>"})
    assert unknown.status_code == 200 and "No entity is named" in unknown.text


def test_a_long_timeline_is_read_page_by_page(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(web_app, "MAX_TIMELINE_EVENTS", 1)
    dates, url, pages = [], "/timeline", 0
    while url and pages < 10:
        page = client.get(url).text
        dates += re.findall(r'<span class="date">([^<]+)</span>\s*<strong>', page)
        later = re.search(r'<a href="([^"]+)" rel="next">', page)
        url, pages = (html.unescape(later[1]) if later else None), pages + 1
    assert dates == ["2023", "2024-07", "2024-09", "undated"] and pages == 4
    assert client.get("/timeline", params={"after": "9.x.<b>.1"}).status_code == 200  # not a position: the first page


def test_graph_filters_by_status_and_sources(client: TestClient) -> None:
    rows = lambda text: re.findall(r"<td>([a-z ]+)</td>\s*<td><a", text)  # noqa: E731
    assert len(rows(client.get("/graph").text)) == 9
    assert rows(client.get("/graph", params={"status": "alleged"}).text) == ["operates in", "rival of"]
    assert rows(client.get("/graph", params={"min_sources": "2"}).text) == ["leader of"]
    assert len(rows(client.get("/graph", params={"min_sources": "abc", "status": "nonsense"}).text)) == 9


def test_graph_page_is_drawn_once_per_filter_until_the_board_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import caseboard.web.app as web_app
    from board_fixture import article_a, article_b

    drawn: list[int] = []
    real = web_app.case_graph
    monkeypatch.setattr(web_app, "case_graph", lambda *a, **k: drawn.append(1) or real(*a, **k))
    board = Store.open(str(tmp_path / "board.db"))
    board.add(article_a())
    graph_client = TestClient(create_app(board))
    first = graph_client.get("/graph")
    again = graph_client.get("/graph")
    assert again.text == first.text and len(drawn) == 1
    assert again.headers["content-security-policy"] == first.headers["content-security-policy"]
    graph_client.get("/graph", params={"status": "alleged"})
    assert len(drawn) == 2
    board.add(article_b())  # an ingest while the server runs: the next page shows it
    after = graph_client.get("/graph")
    assert len(drawn) == 3 and "designated by" in after.text and "designated by" not in first.text
    board.close()


def test_head_is_answered_as_get_without_the_body(client: TestClient) -> None:
    for path, status in (("/", 200), (f"/entity/{GUERRERO}", 200), ("/static/caseboard.js", 200), ("/nope", 404)):
        head, get = client.head(path), client.get(path)
        assert (head.status_code, head.content) == (status, b"")
        assert head.headers["content-type"] == get.headers["content-type"]
        assert head.headers["content-length"] == str(len(get.content))


def test_only_reads(client: TestClient) -> None:
    assert client.post("/", data={"x": "1"}).status_code == 405
    assert client.delete(f"/entity/{GUERRERO}").status_code == 405


def test_local_binding_refuses_foreign_host_headers(store: Store) -> None:
    local = TestClient(create_app(store, bind_host="127.0.0.1"), base_url="http://127.0.0.1:8000")
    assert local.get("/").status_code == 200
    assert local.get("/", headers={"host": "evil.example"}).status_code == 400


def test_segments_rebuild_the_text_and_never_overlap() -> None:
    text = "Ana Diaz met Ana in Lima. Ana Diaz met Ana in Lima."
    mentions = [
        Mention(0, 8, "Ana Diaz", "PERSON", "person:ana-diaz"),
        Mention(0, 3, "Ana", "PERSON", "person:ana"),  # overlapping: the longer wins
        Mention(20, 24, "Lima", "GPE", "gpe:lima"),
        Mention(40, 99, "bad", "GPE", "gpe:bad"),  # out of range: dropped
    ]
    parts = segments(text, mentions, [[26, 51, 0, 25]], evidence=(13, 25))
    assert "".join(p.text for p in parts) == text
    assert [(p.text, p.entity_id) for p in parts if p.entity_id] == [("Ana Diaz", "person:ana-diaz"), ("Lima", "gpe:lima")]
    assert [p.text for p in parts if p.anchor] == ["Ana in "]
    assert "".join(p.text for p in parts if p.evidence) == "Ana in Lima."
    assert "".join(p.text for p in parts if p.repeated) == text[26:]


def test_serve_is_in_the_cli() -> None:
    from typer.testing import CliRunner

    from caseboard.cli import app

    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    assert "127.0.0.1" in result.output and "--port" in result.output


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "example.org"])
def test_serve_refuses_a_reachable_address_without_allow_remote(
    store: Store, host: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn
    from typer.testing import CliRunner

    from caseboard.cli import app

    started: list[dict] = []
    monkeypatch.setattr(uvicorn, "run", lambda application, **options: started.append(options))
    db = str(store.engine.url.database)
    refused = CliRunner().invoke(app, ["serve", "--db", db, "--host", host])
    assert refused.exit_code == 2 and started == []
    assert f"refusing to listen on {host}" in refused.output and "--allow-remote" in refused.output
    allowed = CliRunner().invoke(app, ["serve", "--db", db, "--host", host, "--allow-remote"])
    assert allowed.exit_code == 0, allowed.output
    assert started == [{"host": host, "port": 8000, "log_level": "warning"}]
    assert "anyone who can reach it can read the case board" in allowed.output
    local = CliRunner().invoke(app, ["serve", "--db", db])
    assert local.exit_code == 0 and started[-1]["host"] == "127.0.0.1"


def test_missing_database_is_an_error(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from caseboard.cli import app

    result = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1


def test_graph_page_keeps_the_best_supported_relations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import caseboard.web.app as web_app

    monkeypatch.setattr(web_app, "MAX_GRAPH_EDGES", 2)
    capped = TestClient(create_app(build_board(tmp_path / "board.db")))
    page = capped.get("/graph").text
    assert len(re.findall(r"<td>([a-z ]+)</td>\s*<td><a", page)) == 2
    assert "leader of" in page  # backed by two independent sources, so kept
    assert "(the best supported of 9 among them)" in page


def test_a_big_profile_says_what_it_leaves_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import caseboard.web.app as web_app

    monkeypatch.setattr(web_app, "ENTITY_PAGE_ITEMS", 1)
    small = TestClient(create_app(build_board(tmp_path / "board.db")))
    page = small.get(f"/entity/{GUERRERO}").text
    assert re.search(r"The 1 best supported of [2-9] facts", page)
    assert re.search(r"The 1 best supported of [2-9] events, in date order", page)
    assert f'href="/timeline?entity={GUERRERO.replace(":", "%3A")}"' in page


def test_pages_are_drawn_by_a_few_threads_at_a_time(store: Store) -> None:
    """Drawing is CPU-bound: beyond a few threads, concurrency only holds more memory."""
    import anyio.to_thread

    import caseboard.web.app as web_app

    with TestClient(create_app(store)) as started:  # runs the app's start-up
        assert started.get("/").status_code == 200
        tokens = started.portal.call(lambda: anyio.to_thread.current_default_thread_limiter().total_tokens)
        assert tokens == web_app.PAGE_THREADS


def test_brackets_in_article_text_are_not_shown_as_search_matches(tmp_path: Path) -> None:
    from caseboard.model import Document, Extraction

    store = Store.open(str(tmp_path / "board.db"))
    text = "Police said [the suspect] fled […] before Rojas was arrested in Lima."
    store.add(Extraction(Document(text, source="brackets.txt")))
    page = TestClient(create_app(store)).get("/search", params={"q": "Rojas"}).text
    assert re.findall(r"<mark>([^<]*)</mark>", page) == ["Rojas"]
    assert "[the suspect]" in page and "[…]" in page
    store.close()


def test_search_says_when_the_latest_stored_come_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from caseboard.model import Document, Extraction
    from caseboard.store import queries

    store = Store.open(str(tmp_path / "board.db"))
    for n in range(3):
        store.add(Extraction(Document(f"Rojas was arrested in Lima on day {n}.", source=f"{n}.txt")))
    monkeypatch.setattr(queries, "SEARCH_RANKED", 2)
    monkeypatch.setattr(web_app, "SEARCH_RANKED", 2)
    client = TestClient(create_app(store))
    common = client.get("/search", params={"q": "Rojas"}).text
    assert "More than 2 documents hold these words: the latest stored first." in common
    assert common.index("2.txt") < common.index("1.txt") < common.index("0.txt")
    assert "the latest stored first" not in client.get("/search", params={"q": "day 1"}).text
    store.close()


# ---- review mode ------------------------------------------------------------------

from caseboard.corroboration import fact_id  # noqa: E402
from caseboard.web.app import Review  # noqa: E402

BOARD = "http://127.0.0.1:8000"


@pytest.fixture
def judged_board(tmp_path: Path) -> Store:
    return build_board(tmp_path / "review.db")


def reviewing(store: Store, token: str | None = None) -> tuple[TestClient, Review]:
    review = Review("tester (web)", token)
    return TestClient(create_app(store, bind_host="127.0.0.1", review=review), base_url=BOARD), review


def test_without_review_mode_nothing_can_be_judged(judged_board: Store) -> None:
    client = TestClient(create_app(judged_board), base_url=BOARD)
    page = client.get(f"/entity/{GUERRERO}").text
    assert "csrf" not in page and "<form method=\"post\"" not in page
    fact = fact_id(GUERRERO, "leader_of", TREN)
    for path in (f"/fact/{fact}/review", f"/entity/{GUERRERO}/merge", f"/entity/{GUERRERO}/split", "/login"):
        assert client.post(path, data={"verdict": "rejected"}, headers={"origin": BOARD}).status_code in (404, 405)
    assert judged_board.list_judgements() == []


def test_a_review_needs_the_csrf_token_and_the_boards_own_origin(judged_board: Store) -> None:
    client, review = reviewing(judged_board)
    fact = fact_id(GUERRERO, "leader_of", TREN)
    page = client.get(f"/entity/{GUERRERO}").text
    assert review.csrf() in page and f"/fact/{fact}/review" in page
    form = {"verdict": "rejected", "csrf": review.csrf(), "back": GUERRERO, "note": "wrong man"}
    assert client.post(f"/fact/{fact}/review", data=form).status_code == 403  # no Origin nor Referer
    assert client.post(f"/fact/{fact}/review", data=form, headers={"origin": "http://evil.example"}).status_code == 403
    stale = {**form, "csrf": "0" * 64}
    assert client.post(f"/fact/{fact}/review", data=stale, headers={"origin": BOARD}).status_code == 403
    assert judged_board.list_judgements() == []
    done = client.post(f"/fact/{fact}/review", data=form, headers={"origin": BOARD}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == f"/entity/{GUERRERO}"
    [judgement] = judged_board.list_judgements()
    assert (judgement["verdict"], judgement["author"], judgement["note"]) == ("rejected", "tester (web)", "wrong man")
    assert f"{fact}</code>" not in client.get(f"/entity/{GUERRERO}").text  # hidden by default
    shown = client.get(f"/entity/{GUERRERO}?rejected=1").text
    assert f"{fact}</code>" in shown and "review-rejected" in shown


def test_merge_and_split_from_the_page(judged_board: Store) -> None:
    client, review = reviewing(judged_board)
    headers = {"origin": BOARD}
    merged = client.post(
        f"/entity/{CHAMBERLAIN}/merge", data={"other": "FBI", "csrf": review.csrf()}, headers=headers, follow_redirects=False
    )
    assert merged.status_code == 303
    survivor = merged.headers["location"].removeprefix("/entity/")
    gone = next(i for i in (CHAMBERLAIN, "org:fbi") if i != survivor)
    old = client.get(f"/entity/{gone}", follow_redirects=False)
    assert old.status_code == 301 and old.headers["location"] == f"/entity/{survivor}"  # old links keep working
    assert "merged by tester (web)" in client.get(f"/entity/{survivor}").text
    split = client.post(
        f"/entity/{survivor}/split", data={"name": "FBI", "csrf": review.csrf()}, headers=headers, follow_redirects=False
    )
    assert split.status_code == 303
    assert judged_board.find_entity("FBI")["id"] != judged_board.find_entity("Todd Chamberlain")["id"]
    assert [j["kind"] for j in judged_board.list_judgements()] == ["merge", "split"]


def test_a_reachable_board_asks_for_the_review_token_before_judging(judged_board: Store) -> None:
    client, review = reviewing(judged_board, token="correct horse")
    fact = fact_id(GUERRERO, "leader_of", TREN)
    form = {"verdict": "confirmed", "csrf": review.csrf(), "back": GUERRERO}
    headers = {"origin": BOARD}
    assert "Give the review token" in client.get(f"/entity/{GUERRERO}").text
    assert client.post(f"/fact/{fact}/review", data=form, headers=headers).status_code == 403
    assert client.post("/login", data={"token": "wrong"}, headers=headers).status_code == 403
    assert client.post("/login", data={"token": "correct horse"}).status_code == 403  # a login form from elsewhere
    login = client.post("/login", data={"token": "correct horse"}, headers=headers, follow_redirects=False)
    assert login.status_code == 303 and "httponly" in login.headers["set-cookie"].lower()
    assert client.post(f"/fact/{fact}/review", data=form, headers=headers, follow_redirects=False).status_code == 303
    assert [j["verdict"] for j in judged_board.list_judgements()] == ["confirmed"]


def test_serve_review_on_a_reachable_address_prints_a_token(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn
    from typer.testing import CliRunner

    from caseboard.cli import app

    apps: list = []
    monkeypatch.setattr(uvicorn, "run", lambda application, **options: apps.append(application))
    db = str(store.engine.url.database)
    remote = CliRunner().invoke(app, ["serve", "--db", db, "--host", "0.0.0.0", "--allow-remote", "--review"])
    assert remote.exit_code == 0, remote.output
    assert "review token (give it at /login before judging): " in remote.output
    given = CliRunner().invoke(
        app, ["serve", "--db", db, "--host", "0.0.0.0", "--allow-remote", "--review", "--review-token", "s3cret"]
    )
    assert given.exit_code == 0 and "s3cret" not in given.output
    local = CliRunner().invoke(app, ["serve", "--db", db, "--review"])
    assert local.exit_code == 0 and "review token" not in local.output


def test_documents_and_evidence_sentences_show_their_language(client: TestClient) -> None:
    assert '<th>language</th>' in client.get("/").text and '<td class="lang">en</td>' in client.get("/").text
    page = client.get(f"/entity/{GUERRERO}").text
    assert '<span class="lang" title="language of the document">en</span>' in page
    assert '<blockquote lang="en">' in page
    assert "sentence in" not in page  # each sentence is in its document's language


def test_an_evidence_sentence_in_another_language_than_its_document_says_so(tmp_path: Path) -> None:
    board = Store.open(str(tmp_path / "es.db"))
    try:
        board.add(spanish_article())
        page = TestClient(create_app(board)).get(f"/entity/{GUERRERO}").text
        assert page.count('<span class="lang" title="language of the document">es</span>') == 2
        assert '<blockquote lang="es">Héctor Guerrero, líder del Tren de Aragua' in page
        assert '<blockquote lang="en">Hector Guerrero has led Tren de Aragua' in page
        assert page.count('title="language of the sentence">sentence in en</span>') == 1
    finally:
        board.close()


def test_neighbours_counted_in_a_sample_say_so(client: TestClient, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from caseboard import board

    named_in = store.entity_totals(GUERRERO)["documents"]
    assert "Counted in" not in client.get(f"/entity/{GUERRERO}").text  # every document counted
    monkeypatch.setattr(board, "COOCCURRENCE_DOCUMENTS", named_in - 1)
    assert board.profile(store, GUERRERO).cooccurring_within == named_in - 1
    assert f"Counted in {named_in - 1} of its {named_in} documents" in client.get(f"/entity/{GUERRERO}").text
