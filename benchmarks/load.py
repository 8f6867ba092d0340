"""The web case board under load: a 10,000-document board served on loopback, driven
by 32 concurrent connections for a bounded time against profile, search, graph and
document pages. Prints errors, latency percentiles and the server's memory as a
Markdown table (the "Web under load" section of benchmarks/RESULTS.md).

    make bench-load                                      # 60 s, 32 connections
    python benchmarks/load.py --duration 20 --connections 8 --documents 2000

The board is built once (benchmarks/out/load-<N>.db) through the real Store.add path
from the synthetic articles of benchmarks/corpus.py, so no spaCy run is needed; the server is `caseboard serve`
in its own process, as a user runs it.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

from caseboard.store import Store

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402  (benchmarks/corpus.py: the synthetic articles and their extractions)
import results  # noqa: E402  (benchmarks/results.py: the sections of RESULTS.md)

OUT = Path(__file__).resolve().parent / "out"
WORDS = ["arrested", "police", "prison", "leader", "raid", "officials", "escape", "charges", "group", "court"]
PAGES = ("profile", "search", "graph", "document")


def build_board(path: Path, documents: int) -> None:
    """A case board of `documents` synthetic articles at `path` (kept for the next run)."""
    if path.exists():
        return
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    store = Store.open(str(partial))
    started = time.monotonic()
    for n, article in enumerate(corpus.articles(documents)):
        store.add(article.extraction)
        if n % 1000 == 999:
            print(f"  built {n + 1:,} documents in {time.monotonic() - started:.0f} s", file=sys.stderr)
    store.close()
    partial.rename(path)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    """Resident memory of process `pid`, in MiB (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def targets(db: Path, rng: random.Random) -> dict[str, list[str]]:
    """URLs of each page kind to pick from."""
    store = Store.open(str(db), create=False)
    entities = [e["id"] for e in store.list_entities(limit=500)]
    documents = [d["id"] for d in store.list_documents(limit=100_000)]
    store.close()
    return {
        "profile": [f"/entity/{e}" for e in entities],
        "search": [f"/search?q={w}" for w in WORDS] + [f"/search?q={rng.choice(WORDS)}+{rng.choice(WORDS)}" for _ in range(20)],
        "graph": ["/graph", "/graph?min_sources=2", "/graph?status=alleged"],
        "document": [f"/document/{d}" for d in rng.sample(documents, min(2_000, len(documents)))],
    }


async def drive(
    base: str, urls: dict[str, list[str]], pages: tuple[str, ...], connections: int, duration: float, seed: int
) -> dict[str, list]:
    """`connections` clients requesting random `pages` until `duration` seconds have passed."""
    results: dict[str, list] = {page: [] for page in pages}
    errors: list[str] = []
    stop = time.monotonic() + duration
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:

        async def worker(index: int) -> None:
            rng = random.Random(seed + index)
            while time.monotonic() < stop:
                page = pages[index % len(pages)] if rng.random() < 0.5 else rng.choice(pages)
                url = rng.choice(urls[page])
                started = time.perf_counter()
                try:
                    response = await client.get(url)
                    if response.status_code != 200:
                        errors.append(f"{response.status_code} {url}")
                except httpx.HTTPError as exc:
                    errors.append(f"{type(exc).__name__} {url}")
                results[page].append(time.perf_counter() - started)

        await asyncio.gather(*(worker(i) for i in range(connections)))
    results["errors"] = errors
    return results


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] * 1000 if len(values) > 1 else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--pages", default=",".join(PAGES), help=f"page kinds to request, of {','.join(PAGES)}")
    parser.add_argument("--warm-up", type=float, default=20.0, help="seconds of load before measuring")
    parser.add_argument("--write", action="store_true", help="also write the figures into benchmarks/RESULTS.md")
    args = parser.parse_args()
    pages = tuple(p for p in PAGES if p in args.pages.split(","))

    OUT.mkdir(exist_ok=True)
    db = OUT / f"load-{args.documents}.db"
    started = time.monotonic()
    build_board(db, args.documents)
    print(f"board: {db} ({args.documents:,} documents, {time.monotonic() - started:.0f} s)", file=sys.stderr)
    urls = targets(db, random.Random(1))

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "caseboard", "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(base + "/", timeout=2).raise_for_status()
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.2)
        # warm-up at full concurrency: caches, lazy imports, a thread pool's worth of allocator arenas
        asyncio.run(drive(base, urls, pages, args.connections, args.warm_up, seed=0))
        with MemoryWatch(server.pid) as memory:
            found = asyncio.run(drive(base, urls, pages, args.connections, args.duration, seed=1))
    finally:
        server.terminate()
        server.wait(timeout=30)

    errors = found.pop("errors")
    every = [t for times in found.values() for t in times]
    lines = [
        f"{args.documents:,} documents, {args.connections} connections, {args.duration:g} s on 127.0.0.1 "
        f"after {args.warm_up:g} s of warm-up; pages: {', '.join(pages)}",
        "",
        "| page | requests | p50 ms | p95 ms | p99 ms | max ms |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for page, times in [*found.items(), ("all", every)]:
        lines.append(
            f"| {page} | {len(times):,} | {percentile(times, 50):.0f} | {percentile(times, 95):.0f} | "
            f"{percentile(times, 99):.0f} | {max(times) * 1000:.0f} |"
        )
    quarters = memory.quarters()
    lines += [
        "",
        f"**{len(every) / args.duration:.1f} requests/s; {len(errors)} errors**"
        f"{' (' + ', '.join(errors[:5]) + ')' if errors else ''}; **p99 {percentile(every, 99):.0f} ms**.",
        "",
        "Server RSS (MiB) at the start and after each quarter of the run: "
        + " → ".join(f"{mb:.0f}" for mb in quarters)
        + f"; growth over the second half {quarters[-1] - quarters[2]:+.0f} MiB.",
    ]
    report = "\n".join(lines)
    print("\n" + report)
    if args.write:
        command = "python benchmarks/load.py " + " ".join(sys.argv[1:])
        results.replace_section("load", f"## Web under load (`make bench-load`)\n\nCommand: `{command}`\n\n{report}")
    if errors:
        raise SystemExit(1)


class MemoryWatch:
    """Samples a process's RSS every half second while the block runs."""

    def __init__(self, pid: int) -> None:
        self.pid, self.samples, self._stop = pid, [rss_mb(pid)], threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> MemoryWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.samples.append(rss_mb(self.pid))

    def _sample(self) -> None:
        while not self._stop.wait(0.5):
            self.samples.append(rss_mb(self.pid))

    def quarters(self) -> list[float]:
        """RSS at the start and at the end of each quarter."""
        last = len(self.samples) - 1
        return [self.samples[round(last * q / 4)] for q in range(5)]


if __name__ == "__main__":
    main()
