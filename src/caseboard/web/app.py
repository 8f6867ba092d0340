"""The case board in a browser: server-rendered pages over board.py and the store; read-only
unless started in review mode (`Review`), where a person can merge and split entities and
confirm or reject facts through POST forms.

Article text is hostile input. Every page is a Jinja2 template with autoescape
on and no `|safe` on stored text; mention highlighting is built from plain text
segments (highlight.py). A Content-Security-Policy allows scripts only from this
server's static files, ids in URLs are checked against their patterns before
any lookup, and no route reads a file named by the request. In review mode every form
carries a CSRF token and a POST must come from the board's own origin; a board others
can reach asks for the review token before anyone may judge.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import threading
from collections import OrderedDict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

import anyio.to_thread
from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, StrictUndefined
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from caseboard import board
from caseboard.export.graph import case_graph
from caseboard.model import EVENT_TYPES, RELATIONS, STATUSES, TYPE_PREFIX
from caseboard.store import Store
from caseboard.store.queries import SEARCH_RANKED
from caseboard.web import charts
from caseboard.web.highlight import segments

NUMBER = re.compile(r"[0-9]{1,9}")
# the shape aliases.entity_id gives: a type prefix from the model, then a slug
ENTITY_ID = re.compile(rf"^(?:{'|'.join(TYPE_PREFIX.values())}):[a-z0-9-]+$")
DOCUMENT_ID = re.compile(r"^[0-9a-f]{16}$")
FACT_ID = re.compile(r"^fact-[0-9a-f]{12}$")
MAX_NOTE_CHARS = 2000
MAX_FORM_BYTES = 16_384
REVIEW_COOKIE = "caseboard_review"
MAX_QUERY_CHARS = 200
MAX_GRAPH_NODES = 300
# Pages drawn at once (the rest wait their turn). Drawing is CPU-bound under the GIL, so more
# threads (Starlette's default is 40) add no speed, only memory: 40 big profiles at a time.
PAGE_THREADS = 8
ENTITY_PAGE_ITEMS = board.PROFILE_ITEMS  # facts, events, quotes and documents an entity page shows
MAX_GRAPH_EDGES = 600  # the best supported relations among the kept nodes: the page stays small
GRAPH_PAGES_KEPT = 16
MAX_TIMELINE_EVENTS = 100  # a page of the timeline; the next is read from where it ends (keyset)
LOCAL_HOSTS = ("127.0.0.1", "localhost")

SECURITY_HEADERS: dict[str, str] = {
    "Content-Security-Policy": "; ".join(
        [
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",  # plotly.js sets styles on the elements it draws
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "form-action 'self'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        ]
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # nothing about the board leaks to the sites its source links lead to; a page of the
    # board still tells the board where a form came from (a form sent under "no-referrer"
    # carries `Origin: null`, and review mode checks the origin)
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}

HERE = Path(__file__).parent
PLOTLY_JS = files("plotly") / "package_data" / "plotly.min.js"


def entity_url(entity_id: str) -> str:
    return "/entity/" + quote(entity_id, safe=":")


def document_url(doc_id: str, start: int | None = None, end: int | None = None) -> str:
    if start is None or end is None:
        return f"/document/{doc_id}"
    return f"/document/{doc_id}?{urlencode({'start': start, 'end': end})}#evidence"


def external_url(url: str | None) -> str | None:
    """A source URL fit to be a link: http or https only (never javascript: or data:)."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


def thousands(number: int) -> str:
    """`2,160`."""
    return f"{number:,}"


def counted(number: int, noun: str) -> str:
    """`1 fact`, `2,160 facts`."""
    return f"{thousands(number)} {noun}{'' if number == 1 else 's'}"


def label(value: str) -> str:
    """`leader_of` -> `leader of`."""
    return value.replace("_", " ")


def trusted_hosts(bind_host: str | None) -> list[str] | None:
    """Host headers to accept: only local names when bound to this machine (against DNS rebinding)."""
    return list(LOCAL_HOSTS) if bind_host in LOCAL_HOSTS else None


class HeadAsGet:
    """HEAD answered as GET without the body, so `curl -I` and link checkers see 200, not 405.
    (The server is handed the original HEAD scope, so it knows to send no body either.)"""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


class Review:
    """Review mode: who judges (`author`), and the token a person must give before judging
    when the board is reachable from other machines (None: on loopback, none is asked)."""

    def __init__(self, author: str, token: str | None = None) -> None:
        self.author = author
        self.token = token
        self.secret = secrets.token_bytes(32)  # per server: forms of an earlier run are refused

    def csrf(self) -> str:
        return hmac.new(self.secret, b"csrf", hashlib.sha256).hexdigest()

    def session(self) -> str:
        """The cookie value of someone who gave the token."""
        return hmac.new(self.secret, b"session:" + (self.token or "").encode(), hashlib.sha256).hexdigest()

    def allowed(self, request: Request) -> bool:
        if self.token is None:
            return True
        return hmac.compare_digest(request.cookies.get(REVIEW_COOKIE, ""), self.session())


def same_origin(request: Request) -> bool:
    """Whether a POST comes from a page of this board: its Origin (or, without one, its
    Referer) names the host the request was sent to. Browsers send Origin on every POST."""
    source = request.headers.get("origin") or request.headers.get("referer")
    if not source:
        return False
    try:
        parts = urlsplit(source)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and parts.netloc == request.headers.get("host", "")


def create_app(store: Store, bind_host: str | None = None, review: Review | None = None) -> FastAPI:
    """The web app over `store`; `bind_host` is where the server listens (see `trusted_hosts`);
    with `review`, the pages offer the judgement forms."""
    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = PAGE_THREADS
        yield

    app = FastAPI(title="caseboard", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    environment = Environment(loader=PackageLoader("caseboard.web"), autoescape=True, undefined=StrictUndefined)
    environment.globals.update(
        entity_url=entity_url,
        document_url=document_url,
        external_url=external_url,
        label=label,
        counted=counted,
        statuses=STATUSES,
        review=review,
    )
    environment.filters["thousands"] = thousands
    templates = Jinja2Templates(env=environment)
    hosts = trusted_hosts(bind_host)
    if hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=hosts)
    app.add_middleware(HeadAsGet)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response = await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        return response

    def page(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        return templates.TemplateResponse(request, template, context, status_code=status_code)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> HTMLResponse:
        return page(request, "error.html", exc.status_code, title=str(exc.status_code), message=exc.detail)

    @app.get("/static/vendor/plotly.min.js", include_in_schema=False)
    def plotly_js() -> FileResponse:
        return FileResponse(str(PLOTLY_JS), media_type="text/javascript")

    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.get("/", response_class=HTMLResponse)
    def home(request: Request) -> HTMLResponse:
        return page(
            request,
            "home.html",
            title="Case board",
            counts=store.counts(),
            connected=store.most_connected(15),
            documents=store.list_documents(50),
        )

    @app.get("/entity/{entity_id}", response_class=HTMLResponse)
    def entity(request: Request, entity_id: str, rejected: str = "") -> Response:
        if not ENTITY_ID.match(entity_id):
            raise HTTPException(404, "No such entity.")
        try:
            found = board.profile(store, entity_id, ENTITY_PAGE_ITEMS, board.PROFILE_EVIDENCE, rejected=rejected == "1")
        except board.UnknownEntity:
            raise HTTPException(404, "No such entity.") from None
        if found.entity["id"] != entity_id:  # an old id, merged or renamed since: its entity's page
            return RedirectResponse(entity_url(found.entity["id"]), status_code=301)
        by_relation: dict[str, list[Any]] = {}
        for fact in found.facts:
            by_relation.setdefault(fact.relation, []).append(fact)
        neighbours = sorted(
            {f.object if f.subject == entity_id else f.subject for f in found.facts},
            key=lambda i: found.names.get(i, {}).get("name", i),
        )
        return page(
            request,
            "entity.html",
            title=found.entity["name"],
            profile=found,
            by_relation=sorted(by_relation.items(), key=lambda item: list(RELATIONS).index(item[0])),
            neighbours=neighbours,
            timeline_url="/timeline?" + urlencode({"entity": entity_id}),
            chart=charts.timeline_figure(found.events, found.names, document_url),
            show_rejected=rejected == "1",
            may_judge=review is not None and review.allowed(request),
        )

    if review is not None:
        add_review_routes(app, store, review, page)

    @app.get("/document/{doc_id}", response_class=HTMLResponse)
    def document(request: Request, doc_id: str, start: str = "", end: str = "") -> HTMLResponse:
        if not DOCUMENT_ID.match(doc_id):
            raise HTTPException(404, "No such document.")
        extraction = store.extraction(doc_id)
        if extraction is None:
            raise HTTPException(404, "No such document.")
        doc = extraction.document
        evidence = (int(start), int(end)) if _number(start) and _number(end) else None
        mentions = [m for e in extraction.entities for m in e.mentions]
        return page(
            request,
            "document.html",
            title=doc.title or doc.source,
            doc=doc,
            segments=segments(doc.text, mentions, doc.repeated_spans, evidence),
            entities=sorted(extraction.entities, key=lambda e: (-len(e.mentions), e.name)),
            original=store.get_document(doc.duplicate_of) if doc.duplicate_of else None,
        )

    @app.get("/timeline", response_class=HTMLResponse)
    def timeline(request: Request, entity: str = "", type: str = "", status: str = "", after: str = "") -> HTMLResponse:
        entity, type, status = entity.strip()[:MAX_QUERY_CHARS], _choice(type, EVENT_TYPES), _choice(status, STATUSES)
        start = _position(after)
        problem = None
        try:
            ident = board.resolve_ref(store, entity or None)
            events = board.merged_events(store, ident, type or None, status or None, MAX_TIMELINE_EVENTS + 1, start)
            total = store.event_count(ident, type or None, status or None)
        except board.UnknownEntity:
            ident, events, total, problem = None, [], 0, f"No entity is named “{entity}”."
        later = None
        if len(events) > MAX_TIMELINE_EVENTS:  # a next page: keyset, so page 100 costs what page 1 does
            events = events[:MAX_TIMELINE_EVENTS]
            chosen = {k: v for k, v in {"entity": entity, "type": type, "status": status}.items() if v}
            later = "/timeline?" + urlencode({**chosen, "after": _position_token(events[-1].position)})
        events = board.with_event_evidence(store, ident, events, board.PROFILE_EVIDENCE)
        names = board.names(store, events)
        return page(
            request,
            "timeline.html",
            title="Timeline",
            events=events,
            total=total,
            names=names,
            problem=problem,
            chosen={"entity": entity, "type": type, "status": status},
            later=later,
            paged=start is not None,
            event_types=EVENT_TYPES,
            chart=charts.timeline_figure(events, names, document_url),
        )

    # Rendered graph pages by (filters, board figures): drawing a large board's graph takes
    # seconds, and under concurrent load those renders queued every other page behind them.
    graph_pages: OrderedDict[tuple[Any, ...], bytes] = OrderedDict()
    graph_lock = threading.Lock()

    @app.get("/graph", response_class=HTMLResponse)
    def graph(request: Request, status: str = "", min_sources: str = "1") -> HTMLResponse:
        status = _choice(status, STATUSES)
        least = min(max(int(min_sources), 1), 99) if _number(min_sources) else 1
        key = (status, least, tuple(store.counts().values()))  # an ingest changes the figures
        with graph_lock:  # one thread draws; the others wait for its page instead of drawing it too
            if key not in graph_pages:
                graph_pages[key] = bytes(graph_page(request, status, least).body)
                while len(graph_pages) > GRAPH_PAGES_KEPT:
                    graph_pages.popitem(last=False)
            graph_pages.move_to_end(key)
            return HTMLResponse(graph_pages[key])

    def graph_page(request: Request, status: str, least: int) -> HTMLResponse:
        network = case_graph(store, status or None, least, isolated=False, evidence=1)
        total = network.number_of_nodes()
        if total > MAX_GRAPH_NODES:
            keep = sorted(network.nodes, key=lambda n: -network.degree(n))[:MAX_GRAPH_NODES]
            network = network.subgraph(keep).copy()
        relations = network.number_of_edges()
        if network.number_of_edges() > MAX_GRAPH_EDGES:
            ranked = sorted(network.edges(keys=True, data="weight"), key=lambda edge: -edge[3])
            network.remove_edges_from([edge[:3] for edge in ranked[MAX_GRAPH_EDGES:]])
            network.remove_nodes_from([n for n in list(network.nodes) if network.degree(n) == 0])
        return page(
            request,
            "graph.html",
            title="Graph",
            network=network,
            total=total,
            relations=relations,
            chosen={"status": status, "min_sources": least},
            chart=charts.graph_figure(network, entity_url),
        )

    @app.get("/search", response_class=HTMLResponse)
    def search(request: Request, q: str = "") -> HTMLResponse:
        query = " ".join(q.split())[:MAX_QUERY_CHARS]
        found = store.search(query, limit=50) if query else {"documents": [], "entities": [], "latest_first": False}
        return page(
            request,
            "search.html",
            title=f"Search: {query}" if query else "Search",
            query=query,
            shortened=len(" ".join(q.split())) > MAX_QUERY_CHARS,
            found=found,
            ranked=SEARCH_RANKED,
        )

    return app


async def form_fields(request: Request) -> dict[str, str]:
    """The fields of a small URL-encoded form (the only kind the pages send; the first
    value of each), refused beyond MAX_FORM_BYTES."""
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/x-www-form-urlencoded":
        raise HTTPException(415, "Send the page's form.")
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            raise HTTPException(413, "The form is too large.")
    fields: dict[str, str] = {}
    for key, value in parse_qsl(body.decode("utf-8", errors="replace"), keep_blank_values=True):
        fields.setdefault(key, value)
    return fields


def add_review_routes(app: FastAPI, store: Store, review: Review, page: Any) -> None:
    """The POST routes of review mode: merge, split, review a fact; and the token login."""

    async def judging(request: Request) -> dict[str, str]:
        """The form of a judging POST, once it is known to come from this board, to carry
        this server's CSRF token, and (on a reachable board) from someone who gave the token."""
        if not same_origin(request):
            raise HTTPException(403, "Refused: the form was not sent from this case board.")
        form = await form_fields(request)
        if not hmac.compare_digest(form.get("csrf", ""), review.csrf()):
            raise HTTPException(403, "Refused: the form's CSRF token is missing or stale; reload the page.")
        if not review.allowed(request):
            raise HTTPException(403, "Give the review token first (/login).")
        form["note"] = form.get("note", "").strip()[:MAX_NOTE_CHARS]
        return form

    def entity_id_of(ref: str) -> str:
        try:
            return board.resolve_ref(store, ref.strip()[:MAX_QUERY_CHARS]) or ""
        except board.UnknownEntity:
            raise HTTPException(404, f"No entity is named “{ref.strip()[:MAX_QUERY_CHARS]}”.") from None

    @app.post("/entity/{entity_id}/merge")
    async def merge(request: Request, entity_id: str) -> RedirectResponse:
        form = await judging(request)
        if not ENTITY_ID.match(entity_id):
            raise HTTPException(404, "No such entity.")
        first, other = entity_id_of(entity_id), entity_id_of(form.get("other", ""))
        if first == other:
            raise HTTPException(400, "That is this entity already.")
        judged = await anyio.to_thread.run_sync(
            lambda: store.merge_entities(first, other, review.author, form["note"] or None)
        )
        return RedirectResponse(entity_url(judged["entity"]), status_code=303)

    @app.post("/entity/{entity_id}/split")
    async def split(request: Request, entity_id: str) -> RedirectResponse:
        form = await judging(request)
        if not ENTITY_ID.match(entity_id):
            raise HTTPException(404, "No such entity.")
        ident = entity_id_of(entity_id)
        try:
            judged = await anyio.to_thread.run_sync(
                lambda: store.split_entity(ident, form.get("name", "")[:MAX_QUERY_CHARS], review.author, form["note"] or None)
            )
        except LookupError as exc:
            raise HTTPException(400, str(exc)) from None
        return RedirectResponse(entity_url(judged["entity"]), status_code=303)

    @app.post("/fact/{fact}/review")
    async def review_fact(request: Request, fact: str) -> RedirectResponse:
        form = await judging(request)
        verdict = form.get("verdict", "")
        if not FACT_ID.match(fact) or verdict not in ("confirmed", "rejected"):
            raise HTTPException(404, "No such fact.")
        try:
            await anyio.to_thread.run_sync(lambda: board.review(store, fact, verdict, review.author, form["note"] or None))
        except board.UnknownFact:
            raise HTTPException(404, "No such fact.") from None
        back = form.get("back", "")
        return RedirectResponse(entity_url(back) if ENTITY_ID.match(back) else "/", status_code=303)

    @app.get("/login", response_class=HTMLResponse)
    def login_form(request: Request) -> HTMLResponse:
        return page(request, "login.html", title="Review token", failed=False)

    @app.post("/login")
    async def login(request: Request) -> Response:
        if not same_origin(request):
            raise HTTPException(403, "Refused: the form was not sent from this case board.")
        given = (await form_fields(request)).get("token", "")
        if review.token is None or not hmac.compare_digest(given.encode(), review.token.encode()):
            return page(request, "login.html", 403, title="Review token", failed=True)
        response = RedirectResponse("/", status_code=303)
        response.set_cookie(REVIEW_COOKIE, review.session(), httponly=True, samesite="strict")
        return response


def _choice(value: str, allowed: tuple[str, ...]) -> str:
    """`value` if it is one of `allowed`, else "" (no filter)."""
    return value if value in allowed else ""


def _position_token(position: tuple[int, str | None, str, int]) -> str:
    undated, date, kind, first = position
    return f"{undated}.{date or ''}.{kind}.{first}"


def _position(token: str) -> tuple[int, str | None, str, int] | None:
    """A timeline position from `after=` ("0.2023-09.arrest.1234"), or None if it is not one."""
    match = re.fullmatch(r"([01])\.([0-9-]{0,10})\.([a-z_]{1,32})\.([0-9]{1,12})", token)
    if not match or match[3] not in EVENT_TYPES:
        return None
    return (int(match[1]), match[2] or None, match[3], int(match[4]))


def _number(value: str) -> bool:
    """Whether `value` is a small non-negative number written in ASCII digits."""
    return NUMBER.fullmatch(value) is not None
