"""The slowest inputs for the readers (issue 20, D4): seconds to read deeply nested HTML of
growing size, and a long `published` string, through read_bytes as an ingest does.

    python benchmarks/reading.py --sizes 250000,500000,1000000,2000000,15000000 --timeout 0
"""

from __future__ import annotations

import argparse
import json
import time

from caseboard.read import READERS, read_bytes


def paragraph_html(size: int) -> bytes:
    """`size` bytes of unclosed paragraphs, each one sentence: trafilatura's time grows
    faster than their number (deeper nesting is cut by lxml's own depth limit)."""
    unit = "<p>Police arrested a man in Lima today. "
    return ("<html><body>" + unit * (size // len(unit))).encode()


def timed(data: bytes, suffix: str, timeout: float | None) -> tuple[float, str]:
    start = time.perf_counter()
    items = list(read_bytes(data, f"input{suffix}", READERS[suffix], timeout=timeout))
    kinds = ", ".join(sorted({type(i).__name__ for i in items}))
    return time.perf_counter() - start, kinds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="250000,500000,1000000,2000000,15000000")
    parser.add_argument("--timeout", type=float, default=0, help="the per-document budget (0: none)")
    args = parser.parse_args()
    timed(paragraph_html(1000), ".html", None)  # warm up
    for size in map(int, args.sizes.split(",")):
        seconds, kinds = timed(paragraph_html(size), ".html", args.timeout or None)
        print(f"unclosed <p> HTML {size:>10,} bytes: {seconds:6.2f} s ({kinds})")
    line = json.dumps({"text": "Police arrested a man.", "published": "May " * 30_000}).encode()
    seconds, kinds = timed(line, ".jsonl", args.timeout or None)
    print(f"published 'May ' x 30,000:      {seconds:6.2f} s ({kinds})")


if __name__ == "__main__":
    main()
