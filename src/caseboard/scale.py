"""Parallel and Dask execution of per-document work, results in input order.

`ordered_map(function, items, workers=N)` runs `function` over `items` in a
pool of N local processes; `ordered_map(function, items, dask=ADDRESS)` runs it
on an existing dask.distributed scheduler. Either way the results come back in
the order of `items`, so the single writer in ingest.py stores documents in the
same order a one-process run would: corpus-wide entity ids and near-duplicate
links do not depend on which worker finished first.

Items travel in small batches and only a bounded window of batches is in
flight, so a corpus of millions of documents never sits in memory at once.
Local workers are forked from this process after it has loaded what they share
(`preload`: the spaCy model), so they start at once; where forking is not safe
they are spawned, and each loads it itself.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from itertools import islice
from typing import Any, Protocol, TypeVar

T = TypeVar("T")
R = TypeVar("R")

BATCH_SIZE = 8  # documents per task: enough to hide the task overhead, small enough to balance
WINDOW_PER_WORKER = 4  # batches in flight per worker: keeps every worker busy while the writer stores
_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


class SchedulerUnavailable(RuntimeError):
    """The Dask scheduler cannot be reached, or dask.distributed is not installed."""


class _Future(Protocol):
    def result(self) -> Any: ...


Submit = Callable[..., _Future]


def apply_batch(function: Callable[[T], R], batch: list[T]) -> list[R]:
    """`function` over one batch, in a worker."""
    return [function(item) for item in batch]


def ordered_map(
    function: Callable[[T], R],
    items: Iterable[T],
    workers: int = 1,
    dask: str | None = None,
    batch_size: int = BATCH_SIZE,
    preload: Callable[[], object] | None = None,
) -> Iterator[R]:
    """`function(item)` for each item, in input order, computed in `workers`
    local processes, on the Dask scheduler at `dask`, or here when workers is 1.

    `function` must be importable by name (a module-level function), since it
    is sent to other processes. `preload` (also importable by name) loads what
    local workers share, once, before they start (see `_process_pool`).
    """
    if dask:
        with _dask_client(dask) as client:
            slots = sum(client.nthreads().values()) or 1
            yield from _windowed(
                lambda batch: client.submit(apply_batch, function, batch, pure=False),
                items,
                batch_size,
                slots * WINDOW_PER_WORKER,
            )
    elif workers > 1:
        with _process_pool(workers, preload) as pool:
            yield from _windowed(
                lambda batch: pool.submit(apply_batch, function, batch),
                items,
                batch_size,
                workers * WINDOW_PER_WORKER,
            )
    else:
        for item in items:
            yield function(item)


def _windowed(submit: Submit, items: Iterable[T], batch_size: int, window: int) -> Iterator[Any]:
    """Submit batches of `items`, keep at most `window` in flight, yield results in order."""
    pending: deque[_Future] = deque()
    source = iter(items)
    while True:
        while len(pending) < window:
            batch = list(islice(source, batch_size))
            if not batch:
                break
            pending.append(submit(batch))
        if not pending:
            return
        yield from pending.popleft().result()


def die_with_parent(parent: int) -> None:
    """Worker initializer: end this process when `parent` dies, even by SIGKILL, which no
    handler in the parent sees. Linux tells the child (PR_SET_PDEATHSIG); elsewhere, and as
    a second guard, a daemon thread watches the parent's pid."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the request above was made
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="caseboard-parent-watch", daemon=True).start()


def start_worker(parent: int, preload: Callable[[], object] | None) -> None:
    """Worker initializer: die with `parent`, and load what `preload` loads (spawned workers)."""
    die_with_parent(parent)
    if preload is not None:
        preload()


@contextmanager
def _process_pool(workers: int, preload: Callable[[], object] | None = None) -> Iterator[Executor]:
    # Forked when this process runs no other Python thread: `preload` (the spaCy model) is
    # loaded here once and the workers start at once, sharing it. Spawned workers each
    # imported caseboard and loaded the model again, seconds of both cores per run on a
    # 2-core machine (a 1.38x speed-up from 2 workers on 300 documents). A thread (a progress
    # bar's, a checkpointer's) may hold a lock at the moment of forking that the child would
    # inherit held, so with one running the workers are spawned and each runs `preload`.
    forking = threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods()
    if forking and preload is not None:
        preload()
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("fork" if forking else "spawn"),
        initializer=start_worker,
        initargs=(os.getpid(), None if forking else preload),
    )
    try:
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


@contextmanager
def _dask_client(address: str) -> Iterator[Any]:
    try:
        from distributed import Client
    except ImportError as exc:  # an optional extra: say how to get it
        raise SchedulerUnavailable("--dask needs dask.distributed: pip install 'caseboard[dask]'") from exc
    try:
        client = Client(address, set_as_default=False, timeout="20s")
    except OSError as exc:
        raise SchedulerUnavailable(f"cannot reach the Dask scheduler at {address}: {exc}") from exc
    try:
        yield client
    finally:
        client.close()
