"""The case board in a browser: read-only, server-rendered pages over board.py and the store.

Article text is hostile input. Every page is a Jinja2 template with autoescape
on and no `|safe` on stored text; mention highlighting is built from plain text
segments (highlight.py). A Content-Security-Policy allows scripts only from this
server's static files, ids in URLs are checked against their patterns before
any lookup, and no route reads a file named by the request.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import anyio.to_thread
from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, StrictUndefined
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from caseboard import board
from caseboard.export.graph import case_graph
from caseboard.model import EVENT_TYPES, RELATIONS, STATUSES, TYPE_PREFIX
from caseboard.store import Store
from caseboard.web import charts
from caseboard.web.highlight import segments

NUMBER = re.compile(r"[0-9]{1,9}")
# the shape aliases.entity_id gives: a type prefix from the model, then a slug
ENTITY_ID = re.compile(rf"^(?:{'|'.join(TYPE_PREFIX.values())}):[a-z0-9-]+$")
DOCUMENT_ID = re.compile(r"^[0-9a-f]{16}$")
MAX_QUERY_CHARS = 200
MAX_GRAPH_NODES = 300
# Pages drawn at once (the rest wait their turn). Drawing is CPU-bound under the GIL, so more
# threads (Starlette's default is 40) add no speed, only memory: 40 big profiles at a time.
PAGE_THREADS = 8
ENTITY_PAGE_ITEMS = board.PROFILE_ITEMS  # facts, events, quotes and documents an entity page shows
MAX_GRAPH_EDGES = 600  # the best supported relations among the kept nodes: the page stays small
GRAPH_PAGES_KEPT = 16
MAX_TIMELINE_EVENTS = 500
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
    "Referrer-Policy": "no-referrer",
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


def create_app(store: Store, bind_host: str | None = None) -> FastAPI:
    """The web app over `store`; `bind_host` is where the server listens (see `trusted_hosts`)."""
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
    def entity(request: Request, entity_id: str) -> HTMLResponse:
        if not ENTITY_ID.match(entity_id):
            raise HTTPException(404, "No such entity.")
        try:
            found = board.profile(store, entity_id, ENTITY_PAGE_ITEMS, board.PROFILE_EVIDENCE)
        except board.UnknownEntity:
            raise HTTPException(404, "No such entity.") from None
        if found.entity["id"] != entity_id:
            raise HTTPException(404, "No such entity.")
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
        )

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
    def timeline(request: Request, entity: str = "", type: str = "", status: str = "") -> HTMLResponse:
        entity, type, status = entity.strip()[:MAX_QUERY_CHARS], _choice(type, EVENT_TYPES), _choice(status, STATUSES)
        problem = None
        try:
            ident = board.resolve_ref(store, entity or None)
            events = board.merged_events(store, ident, type or None, status or None)
        except board.UnknownEntity:
            ident, events, problem = None, [], f"No entity is named “{entity}”."
        total = len(events)
        events = board.with_event_evidence(store, ident, events[:MAX_TIMELINE_EVENTS], board.PROFILE_EVIDENCE)
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
        found = store.search(query, limit=50) if query else {"documents": [], "entities": []}
        return page(
            request,
            "search.html",
            title=f"Search: {query}" if query else "Search",
            query=query,
            shortened=len(" ".join(q.split())) > MAX_QUERY_CHARS,
            found=found,
        )

    return app


def _choice(value: str, allowed: tuple[str, ...]) -> str:
    """`value` if it is one of `allowed`, else "" (no filter)."""
    return value if value in allowed else ""


def _number(value: str) -> bool:
    """Whether `value` is a small non-negative number written in ASCII digits."""
    return NUMBER.fullmatch(value) is not None
