"""The time budget of one document, in whichever thread processes it.

`time_budget(seconds)` sets a deadline for the code it wraps. Two mechanisms
enforce it, raising the same TimeBudgetExceeded:

- In a process's main thread (a one-process ingest, each local worker process)
  a SIGALRM timer interrupts anything written in Python, even a runaway regex
  loop, between two bytecodes.
- In every thread (Dask workers run tasks in threads, where no signal can be
  used) the pipeline calls `check()` between its stages and between spaCy
  blocks and sentences, so a document stops at the first check past its
  deadline. One call into compiled code, a spaCy block of at most
  nlp.MAX_BLOCK_CHARS characters, finishes before that check.

The deadline lives in a context variable: each thread has its own, and it is
gone when the block ends, so one document's budget never leaks into the next.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_deadline: ContextVar[float | None] = ContextVar("caseboard_deadline", default=None)


class TimeBudgetExceeded(BaseException):
    """A document took longer than its time budget.

    A BaseException, like KeyboardInterrupt, so that no `except Exception` inside a
    pipeline stage or a library can swallow it and run on unbounded.
    """


def check() -> None:
    """Raise TimeBudgetExceeded when the current budget has run out (cheap: call it often)."""
    deadline = _deadline.get()
    if deadline is not None and time.monotonic() > deadline:
        raise TimeBudgetExceeded


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Raise TimeBudgetExceeded in the block once `seconds` have passed (no limit when None or 0)."""
    if not seconds:
        yield
        return
    token = _deadline.set(time.monotonic() + seconds)
    try:
        if threading.current_thread() is threading.main_thread():
            with _alarm(seconds):
                yield
        else:
            yield
    finally:
        _deadline.reset(token)


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    """A SIGALRM timer for the block (main thread only: Python delivers signals there)."""

    def expire(signum: int, frame: object) -> None:
        raise TimeBudgetExceeded

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
