"""How long a document over its time budget runs on a Dask worker thread before it is abandoned.

On a worker thread the budget is cooperative (budget.py): the pipeline stops at its
first check past the deadline, so a document overruns its budget by at most the
work between two checks (one spaCy batch of nlp.MAX_BLOCK_CHARS characters).
This starts a one-worker, one-thread dask.distributed LocalCluster, sends it a long
document made of the synthetic articles of benchmarks/corpus.py, and prints how long
`ingest.safe_process` took to give up, measured on the worker (model loaded first).

    python benchmarks/budget.py --budget 0.5 --chars 200000 --runs 5
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from caseboard.ingest import safe_process, warm_up
from caseboard.model import Document, Failure

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import articles  # noqa: E402


def long_document(chars: int) -> Document:
    """Distinct synthetic articles, one after another, up to `chars` characters."""
    parts: list[str] = []
    size = 0
    for article in articles(chars // 500 + 1):
        parts.append(article.document.text)
        size += len(article.document.text) + 2
        if size >= chars:
            break
    return Document(text="\n\n".join(parts)[:chars], source="long.txt")


def time_to_abandon(document: Document, budget: float) -> tuple[float, bool]:
    """Seconds `safe_process` ran under `budget` on this thread, and whether it timed out."""
    warm_up()
    started = time.monotonic()
    result = safe_process(document, timeout=budget)
    return time.monotonic() - started, isinstance(result, Failure) and result.reason.startswith("timed out")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget", type=float, default=0.5, help="seconds per document (default 0.5)")
    parser.add_argument("--chars", type=int, default=200_000, help="length of the long document")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from distributed import Client, LocalCluster

    document = long_document(args.chars)
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with Client(cluster) as client:
            runs = [client.submit(time_to_abandon, document, args.budget, pure=False).result() for _ in range(args.runs)]
    took = [seconds for seconds, _ in runs]
    print(f"{len(document.text):,} characters, budget {args.budget:g} s, {args.runs} runs on a Dask worker thread")
    print(f"timed out: {sum(timed_out for _, timed_out in runs)} of {args.runs}")
    print(f"safe_process returned after: median {statistics.median(took):.2f} s, max {max(took):.2f} s")


if __name__ == "__main__":
    main()
