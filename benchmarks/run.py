"""Speed benchmarks for caseboard, every ratio measured in the same run on this machine.

    python benchmarks/run.py [--docs 200] [--ingest-docs 1000] [--sizes 1000,10000,100000]
                             [--dedup-docs 4000] [--queries 200] [--engines sqlite,postgresql]
                             [--no-nlp] [--board DB] [--write RESULTS.md]

1. pipeline throughput: `pipeline.process` over synthetic articles against raw
   spaCy `nlp.pipe` with the same model on the same texts (docs/s, words/s, ratio);
2. ingest with `--workers 2` against `--workers 1` (read -> process -> store);
3. store scaling: synthetic extractions (the facts each generated article
   plants) through the real `Store.add_many`, in ingest's batches, into one growing case board, time per
   document over the last 1,000 documents before each size, against the time of the board's
   first 1,000 documents stored into an empty board batch by batch alongside (the machine's
   speed drifts from minute to minute), peak RSS, and whether near-copies of 400 stored
   articles are found once the board is full;
4. query latency (p50, p95) of board.profile, board.timeline and Store.search
   on the case board at each size, on SQLite and PostgreSQL; and of the web pages
   themselves (entity, timeline and search pages, the home page: HTTP requests for the
   full HTML to `caseboard serve` on 127.0.0.1), for random and for the 20 most
   mentioned entities;
5. near-duplicate detection: throughput, and precision/recall on planted near-copies.

Sections 3-5 store synthetic extractions without running spaCy (100k documents
through spaCy take hours on two cores); sections 1-2 run the real pipeline.
"""

from __future__ import annotations

import argparse
import itertools
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
import random
import subprocess
from collections.abc import Callable, Iterator
from urllib.parse import quote, urlencode

import httpx
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

from sqlalchemy.engine import make_url

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]

import corpus  # noqa: E402  (benchmarks/corpus.py)
import load  # noqa: E402  (benchmarks/load.py: a port for `caseboard serve`)
import results  # noqa: E402  (benchmarks/results.py: the sections of RESULTS.md)
import pg_server  # noqa: E402  (tests/pg_server.py: a throwaway server, as the tests use)

from caseboard import board, ingest, nlp, pipeline  # noqa: E402
from caseboard.model import Document  # noqa: E402
from caseboard.store import Store  # noqa: E402

WINDOW = 1000  # documents over which the per-document store time is taken at each size
BOARD_SEED = 21  # the growing board's articles; the empty board alongside gets its first ones
PLANTED = 400  # near-copies of stored articles added to the full-size board, to check they are found
TIMELINE_SHOWN = 100  # events a web timeline page shows with their evidence (web.app.MAX_TIMELINE_EVENTS)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=200, help="articles for pipeline throughput")
    parser.add_argument("--ingest-docs", type=int, default=1000, help="articles for the --workers comparison")
    parser.add_argument("--sizes", default="1000,10000,100000", help="store sizes for scaling and latency")
    parser.add_argument("--dedup-docs", type=int, default=4000, help="originals for near-duplicate detection")
    parser.add_argument("--queries", type=int, default=200, help="queries per kind for latency")
    parser.add_argument("--engines", default="sqlite,postgresql", help="store engines for sections 3-4")
    parser.add_argument("--no-nlp", action="store_true", help="skip sections 1, 2 and 5")
    parser.add_argument("--board", help="only measure query latency on this existing case board (path or URL)")
    parser.add_argument("--write", action="store_true", help="also write the report into its section of benchmarks/RESULTS.md")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    if any(size % ingest.WRITE_BATCH for size in sizes):  # checked before minutes of spaCy runs, not after
        parser.error(f"--sizes must be multiples of {ingest.WRITE_BATCH} (documents per transaction)")
    if any(later - earlier < WINDOW for earlier, later in itertools.pairwise(sizes)):
        parser.error(f"--sizes must be at least {WINDOW:,} apart (each is timed over the {WINDOW:,} documents before it)")

    report = Report()
    report.line(f"## Speed (`make bench`)\n\nCommand: `{' '.join(['python', *sys.argv])}`\n")
    report.line(machine())
    if args.board:
        report_latency(report, args.board, [measure_queries(args.board, args.queries, {})])
        args.no_nlp, args.engines = True, ""
    if not args.no_nlp:
        pipeline_throughput(report, args.docs)
        workers_speedup(report, args.ingest_docs)
    with ExitStack() as stack:
        engines: dict[str, Callable[[], str]] = {}
        if "sqlite" in args.engines:
            engines["SQLite"] = lambda: f"sqlite:///{stack.enter_context(tempfile.TemporaryDirectory())}/board.db"
        server = postgres(stack, report) if "postgresql" in args.engines else None
        if server:
            engines["PostgreSQL"] = lambda: stack.enter_context(pg_server.fresh_database(server))
        for engine, new_url in engines.items():
            url = new_url()
            latencies = store_scaling(report, engine, url, sizes, args.queries)
            report_latency(report, engine, latencies)
    if not args.no_nlp:
        near_duplicates(report, args.dedup_docs)
    if args.write:
        results.replace_section("speed", report.text())
        print(f"\nwrote the speed section of {results.RESULTS}", file=sys.stderr)


class Report:
    """Lines printed as they are measured, kept for RESULTS.md."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def line(self, text: str = "") -> None:
        print(text, flush=True)
        self.lines.append(text)

    def table(self, header: list[str], rows: list[list[object]]) -> None:
        self.line("| " + " | ".join(header) + " |")
        self.line("|" + "---|" * len(header))
        for row in rows:
            self.line("| " + " | ".join(str(v) for v in row) + " |")
        self.line()

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def machine() -> str:
    load = os.getloadavg()[0]
    cpu = next((ln.split(":", 1)[1].strip() for ln in _lines("/proc/cpuinfo") if ln.startswith("model name")), "?")
    memory = next((ln.split()[1] for ln in _lines("/proc/meminfo") if ln.startswith("MemTotal")), "0")
    return (
        f"Machine: {os.cpu_count()} CPU cores ({cpu}), {int(memory) / 2**20:.0f} GiB RAM, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}, "
        f"spaCy model {nlp.model_name()}; load average at start {load:.1f}.\n"
    )


def _lines(path: str) -> list[str]:
    try:
        return Path(path).read_text().splitlines()
    except OSError:
        return []


def texts(n: int, seed: int = 11) -> list[Document]:
    return [a.document for a in corpus.articles(n, seed)]


def words(documents: list[Document]) -> int:
    return sum(len(d.text.split()) for d in documents)


def pipeline_throughput(report: Report, n: int) -> None:
    documents = texts(n)
    model = nlp.load_model()
    list(model.pipe(d.text for d in documents[:10]))  # warm up both paths once
    pipeline.process(Document(text=documents[0].text, source="warm-up"))
    started = time.perf_counter()
    for _ in model.pipe(d.text for d in documents):
        pass
    raw = time.perf_counter() - started
    started = time.perf_counter()
    for d in documents:
        pipeline.process(Document(text=d.text, source=d.source, published=d.published))
    ours = time.perf_counter() - started
    count = words(documents)
    report.line(f"### 1. Pipeline throughput ({n} articles, {count / n:.0f} words each on average, one process)\n")
    report.table(
        ["", "docs/s", "words/s"],
        [
            ["raw spaCy nlp.pipe", f"{n / raw:.1f}", f"{count / raw:,.0f}"],
            ["caseboard pipeline.process", f"{n / ours:.1f}", f"{count / ours:,.0f}"],
        ],
    )
    report.line(f"**Throughput ratio caseboard / raw spaCy: {raw / ours:.2f}** (target >= 0.6)\n")


def workers_speedup(report: Report, n: int) -> None:
    documents = texts(n, seed=12)
    timings = {}
    for workers in (1, 2):
        with tempfile.TemporaryDirectory() as folder:
            store = Store.open(f"{folder}/board.db")
            started = time.perf_counter()
            result = ingest.ingest(store, (Document(text=d.text, source=d.source) for d in documents), workers=workers)
            timings[workers] = time.perf_counter() - started
            store.close()
            assert result.added == n, result.summary()
    report.line(f"### 2. Ingest with --workers 2 against --workers 1 ({n} articles, read -> process -> store, SQLite)\n")
    report.table(
        ["workers", "seconds", "docs/s"],
        [[w, f"{t:.1f}", f"{n / t:.1f}"] for w, t in timings.items()],
    )
    report.line(
        f"**Speed-up with 2 workers: {timings[1] / timings[2]:.2f}x** on {os.cpu_count()} cores "
        "(worker start-up included: the model is loaded once, then the workers are forked)\n"
    )


def store_scaling(report: Report, engine: str, url: str, sizes: list[int], queries: int) -> list[Latency]:
    """Section 3; returns the query latencies measured at each size on the way (section 4)."""
    # a fresh process, so peak RSS is the store side's own
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        per_doc, alongside, peak, (planted, flagged), latencies = pool.submit(fill_store, url, sizes, queries).result()
    report.line(
        f"### 3. Store scaling on {engine} (synthetic extractions through Store.add_many, "
        f"{ingest.WRITE_BATCH} to a transaction as ingest writes them, one growing case board)\n"
    )
    relative = {size: ms / alongside[size] for size, ms in per_doc.items()}
    report.table(
        [
            "documents",
            f"ms per document (last {WINDOW:,})",
            "docs/s",
            f"alongside: ms per document of the first {WINDOW:,} into an empty board",
            "ratio",
        ],
        [
            [f"{size:,}", f"{ms:.2f}", f"{1000 / ms:.0f}", f"{alongside[size]:.2f}", f"{relative[size]:.2f}"]
            for size, ms in per_doc.items()
        ],
    )
    first, last = sizes[0], sizes[-1]
    report.line(
        f"**Per-document time at {last:,} / at {first:,}, measured side by side: {relative[last]:.2f}** "
        f"(target <= 1.3); the {first:,} and {last:,} windows of the growing board, minutes apart: "
        f"{per_doc[last] / per_doc[first]:.2f}. **Peak RSS {peak / 2**30:.2f} GiB** (target < 2 GiB)\n"
    )
    report.line(
        f"Near-copies of {planted:,} random stored articles, added after the last size: "
        f"**{flagged:,} flagged as copies of their original** (the bounded candidate search at full size)\n"
    )
    return latencies


def fill_store(
    url: str, sizes: list[int], queries: int
) -> tuple[dict[int, float], dict[int, float], int, tuple[int, int], list[Latency]]:
    """In a worker process: store synthetic extractions up to each size as `caseboard ingest`
    writes them (ingest.WRITE_BATCH to a transaction); ms/doc over the last WINDOW. The machine's
    speed drifts by a quarter from one minute to the next, so each window is matched by an empty
    board getting the board's first WINDOW documents, a batch after each of the window's batches
    (ms/doc there: the time at 1k measured side by side). Then near-copies of PLANTED random
    stored articles: (planted, flagged as copies of their original). Query latencies are
    measured at each size, outside the timed windows."""
    store = Store.open(url)
    per_doc: dict[int, float] = {}
    alongside: dict[int, float] = {}
    articles = corpus.articles(sizes[-1], seed=BOARD_SEED)
    rng = random.Random(3)
    sampled = set(rng.sample(range(sizes[-1]), min(PLANTED, sizes[-1] // 10)))
    originals: list[tuple[corpus.Article, str]] = []  # with the first document of its group
    latencies: list[Latency] = []
    stored = 0
    window, empty = 0.0, None
    with ExitStack() as stack:
        while stored < sizes[-1]:
            if any(size - stored == WINDOW or (size <= WINDOW and stored == 0) for size in sizes):
                window, empty = 0.0, _Alongside(stack.enter_context(empty_board(url)))
                stack.callback(empty.store.close)
            batch = list(itertools.islice(articles, ingest.WRITE_BATCH))
            started = time.perf_counter()
            results = store.add_many([a.extraction for a in batch])
            window += time.perf_counter() - started
            if empty is not None:
                empty.add_batch()
            for index, (article, result) in enumerate(zip(batch, results), stored):
                if index in sampled:
                    originals.append((article, result.duplicate_of or result.id))
            stored += len(batch)
            if stored in sizes and empty is not None:
                per_doc[stored] = window * 1000 / min(WINDOW, stored)
                alongside[stored] = empty.ms_per_document()
                print(f"  {stored:,} documents stored, {per_doc[stored]:.2f} ms/doc", file=sys.stderr, flush=True)
                # the board alongside now holds the board's first WINDOW documents: the hot
                # queries are timed on both, one entity after the other, before anything else reads them
                beside = hottest_side_by_side(url, empty.url)
                latencies.append(measure_queries(url, queries, beside))
                empty = None
                stack.close()  # the empty board is removed
    flagged = 0
    for start in range(0, len(originals), ingest.WRITE_BATCH):
        chunk = originals[start : start + ingest.WRITE_BATCH]
        copies = [corpus.near_copy(article, start + i, rng) for i, (article, _) in enumerate(chunk)]
        results = store.add_many([copy.extraction for copy in copies])
        flagged += sum(result.duplicate_of == first for result, (_, first) in zip(results, chunk))
    store.close()
    return per_doc, alongside, peak_rss(), (len(originals), flagged), latencies


class _Alongside:
    """The big board's first documents stored one batch at a time, timed, into `store`."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.store = Store.open(url)
        self.articles = corpus.articles(WINDOW, seed=BOARD_SEED)
        self.stored = 0
        self.seconds = 0.0

    def add_batch(self) -> None:
        batch = [a.extraction for a in itertools.islice(self.articles, ingest.WRITE_BATCH)]
        started = time.perf_counter()
        self.store.add_many(batch)
        self.seconds += time.perf_counter() - started
        self.stored += len(batch)

    def ms_per_document(self) -> float:
        return self.seconds * 1000 / self.stored


@contextmanager
def empty_board(like: str) -> Iterator[str]:
    """A new case board on the same engine (and disk or server) as the board at `like`."""
    where = make_url(like)
    if where.get_backend_name() == "sqlite":
        with tempfile.TemporaryDirectory(dir=Path(where.database or ".").parent) as folder:
            yield f"sqlite:///{folder}/empty.db"
    else:
        with pg_server.fresh_database(where.set(database="postgres").render_as_string(hide_password=False)) as url:
            yield url


def peak_rss() -> int:
    """This process's peak resident memory in bytes. Not getrusage's ru_maxrss: Linux keeps
    that across exec, so a spawned worker would report its parent's peak (the spaCy runs)."""
    if sys.platform != "linux":  # where ru_maxrss is the process's own (in bytes on macOS)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak if sys.platform == "darwin" else peak * 1024
    with open("/proc/self/status", encoding="ascii") as status:
        return next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmHWM:"))


@dataclass
class Latency:
    """Query and page latencies on a board of `documents` (rows of the section 4 tables)."""

    documents: int
    entities: int
    queries: list[list[object]]
    pages: list[list[object]]
    # query kind -> p95 ms for the 20 most mentioned on the board and on its first WINDOW documents, side by side
    beside: dict[str, tuple[float, float]]


def hottest_side_by_side(url: str, first_url: str) -> dict[str, tuple[float, float]]:
    """p95 ms of each query for the 20 most mentioned entities of the board at `url` and of
    the board at `first_url` (its first WINDOW documents), each entity's query timed on one
    board and then on the other, so the machine's drift from minute to minute bears on both alike."""
    boards = [Store.open(url), Store.open(first_url)]
    hottest = [store.list_entities(limit=20) for store in boards]
    kinds = [page_queries(store) for store in boards]
    beside = {}
    for kind in kinds[0]:
        times: list[list[float]] = [[], []]
        for rank, pair in enumerate(zip(*hottest)):
            for index in (0, 1) if rank % 2 == 0 else (1, 0):  # neither board always second
                times[index].append(_timed(kinds[index][kind], pair[index]))
        beside[kind] = (_p95(times[0]), _p95(times[1]))
    for store in boards:
        store.close()
    return beside


def measure_queries(url: str, queries: int, beside: dict[str, tuple[float, float]]) -> Latency:
    """The board functions the pages call, then the pages themselves, for `queries` random
    entities and for the 20 most mentioned (with `beside`, from `hottest_side_by_side`)."""
    store = Store.open(url)
    everyone = store.list_entities()  # most mentioned first
    typical = random.Random(5).sample(everyone, min(queries, len(everyone)))
    heaviest = everyone[:20]
    kinds = page_queries(store)
    documents = store.counts()["documents"]
    rows = [
        _latency_row(f"{documents:,}", kind, sample, [_timed(run, e) for e in chosen], 50)
        for sample, chosen in (("random entities", typical), ("20 most mentioned", heaviest))
        for kind, run in kinds.items()
    ]
    store.close()
    return Latency(documents, len(everyone), rows, page_latency(url, typical, heaviest, f"{documents:,}"), beside)


def page_queries(store: Store) -> dict[str, Callable[[dict], object]]:
    """What the entity, timeline and search pages ask the store for, about one entity (a row
    of `list_entities`): a profile's first page, the first TIMELINE_SHOWN events of its merged
    timeline with their evidence, and a search for the last word of its name."""
    return {
        "profile": lambda e: board.profile(store, e["id"]),
        "timeline": lambda e: board.with_event_evidence(
            store, e["id"], board.merged_events(store, e["id"], limit=TIMELINE_SHOWN), board.PROFILE_EVIDENCE
        ),
        "search": lambda e: store.search(e["name"].split()[-1]),
    }


def report_latency(report: Report, engine: str, latencies: list[Latency]) -> None:
    report.line(f"### 4. Query latency on {engine}, at each size\n")
    report.table(
        ["documents", "query", "for", "runs", "p50 ms", "p95 ms", "p95 < 50 ms"],
        [row for latency in latencies for row in latency.queries],
    )
    report.line("search: the last word of the entity's name, over document text and entity names (20 hits).\n")
    report.line(f"Web pages on {engine}: full HTML over HTTP from `caseboard serve` on 127.0.0.1, one request at a time\n")
    report.table(
        ["documents", "page", "for", "runs", "p50 ms", "p95 ms", "p95 < 150 ms"],
        [row for latency in latencies for row in latency.pages],
    )
    first, last = latencies[0], latencies[-1]
    if last.documents > first.documents:
        ratios = [
            f"{big[1]} {float(big[5]) / max(float(small[5]), 0.1):.2f}"
            for small, big in zip(first.queries + first.pages, last.queries + last.pages)
            if big[2] == "20 most mentioned"
        ]
        report.line(
            f"**p95 of the 20 most mentioned at {last.documents:,} over at {first.documents:,} documents "
            f"(target <= 1.5): {', '.join(ratios)}**\n"
        )
    if not last.beside:  # --board: no board alongside
        return
    report.line(
        f"The 20 most mentioned side by side: at each size, each one's query timed on the board and "
        f"then the same query for the entity of that rank on the board alongside, which holds the board's first {WINDOW:,} documents "
        "(section 3), so the machine's drift bears on both alike\n"
    )
    report.table(
        ["documents", "query", "p95 ms, board", f"p95 ms, its first {WINDOW:,} alongside", "ratio"],
        [
            [f"{latency.documents:,}", kind, f"{big:.1f}", f"{small:.1f}", f"{big / max(small, 0.1):.2f}"]
            for latency in latencies
            for kind, (big, small) in latency.beside.items()
        ],
    )
    if last.documents > first.documents:
        report.line(
            f"**p95 of the 20 most mentioned at {last.documents:,} over its first {WINDOW:,} documents, side by side "
            f"(target <= 1.5): {', '.join(f'{kind} {big / max(small, 0.1):.2f}' for kind, (big, small) in last.beside.items())}**\n"
        )


def page_latency(url: str, typical: list[dict], heaviest: list[dict], documents: str) -> list[list[object]]:
    """p50 and p95 of the pages a journalist opens, requested one at a time from a
    `caseboard serve` of the board at `url` (its own process, as users get it)."""
    port = load.free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "caseboard", "serve", "--db", url, "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    kinds: dict[str, Callable[[dict], str]] = {
        "entity page": lambda e: "/entity/" + quote(e["id"], safe=":"),
        "timeline page": lambda e: "/timeline?" + urlencode({"entity": e["id"]}),
        "search page": lambda e: "/search?" + urlencode({"q": e["name"].split()[-1]}),
    }
    rows = []
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            deadline = time.monotonic() + 60
            while True:
                try:
                    client.get("/").raise_for_status()
                    break
                except httpx.HTTPError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise SystemExit("caseboard serve did not start") from None
                    time.sleep(0.2)

            def fetch(path: str) -> float:
                started = time.perf_counter()
                response = client.get(path)
                response.raise_for_status()
                return (time.perf_counter() - started) * 1000

            for sample, chosen in (("random entities", typical), ("20 most mentioned", heaviest)):
                for kind, path in kinds.items():
                    rows.append(_latency_row(documents, kind, sample, [fetch(path(e)) for e in chosen], 150))
            rows.append(_latency_row(documents, "home page", "the board", [fetch("/") for _ in range(20)], 150))
    finally:
        server.terminate()
        server.wait(timeout=30)
    return rows


def _latency_row(documents: str, kind: str, sample: str, times: list[float], target: float) -> list[object]:
    p50, p95 = statistics.median(times), _p95(times)
    return [documents, kind, sample, len(times), f"{p50:.1f}", f"{p95:.1f}", "yes" if p95 < target else "no"]


def _p95(times: list[float]) -> float:
    """The 95th percentile as the tables give it: of 20 runs, the 19th fastest."""
    return sorted(times)[max(0, int(len(times) * 0.95) - 1)]


def _timed(run: Callable[[dict], object], argument: dict) -> float:
    started = time.perf_counter()
    run(argument)
    return (time.perf_counter() - started) * 1000


def near_duplicates(report: Report, n: int) -> None:
    from caseboard import dedup

    stream = corpus.with_near_copies(list(corpus.articles(n, seed=31)), rate=0.1)
    started = time.perf_counter()
    for a in stream:
        dedup.band_buckets(dedup.signature(a.document.text))
    signing = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(f"{folder}/board.db")
        started = time.perf_counter()
        flagged = {a.document.id: store.add(a.extraction).duplicate_of for a in stream}
        storing = time.perf_counter() - started
        store.close()
    planted = {a.document.id: a.copy_of for a in stream if a.copy_of}
    found = {doc: original for doc, original in flagged.items() if original}
    correct = sum(1 for doc, original in found.items() if planted.get(doc) == original)
    precision = correct / len(found) if found else 1.0
    recall = correct / len(planted) if planted else 1.0
    total = len(stream)
    report.line(f"### 5. Near-duplicate detection ({n:,} articles + {len(planted):,} planted near-copies, SQLite)\n")
    report.table(
        ["measure", "value"],
        [
            ["MinHash signature + LSH bands", f"{total / signing:,.0f} docs/s"],
            ["Store.add with detection (candidates, comparison, all rows)", f"{total / storing:,.0f} docs/s"],
            ["flagged as near-duplicates", f"{len(found):,}"],
            ["precision (flagged copy points at its original)", f"{precision:.3f}"],
            ["recall (planted copies flagged)", f"{recall:.3f}"],
        ],
    )


def postgres(stack: ExitStack, report: Report) -> str | None:
    try:
        return stack.enter_context(pg_server.server())
    except pg_server.Unavailable as exc:
        report.line(f"PostgreSQL skipped: {exc}\n")
        return None


if __name__ == "__main__":
    main()
