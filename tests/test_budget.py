"""A document's time budget holds in any thread, and ends with its block."""

from __future__ import annotations

import signal
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from caseboard.budget import TimeBudgetExceeded, check, time_budget


def spin_until_stopped(seconds: float) -> float:
    """Cooperative work under a `seconds` budget: the time it ran before the budget stopped it."""
    started = time.monotonic()
    with pytest.raises(TimeBudgetExceeded), time_budget(seconds):
        while time.monotonic() - started < 30:
            time.sleep(0.005)
            check()
    return time.monotonic() - started


def test_a_budget_stops_cooperative_work_on_a_worker_thread() -> None:
    with ThreadPoolExecutor(max_workers=1) as pool:
        ran = pool.submit(spin_until_stopped, 0.1).result()
    assert 0.1 <= ran < 1


def test_no_deadline_is_left_after_the_block() -> None:
    def expire_then_work() -> None:
        spin_until_stopped(0.01)
        time.sleep(0.05)
        check()  # the expired deadline went with its block
        with time_budget(10):
            check()

    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(expire_then_work).result()


def test_one_thread_budget_does_not_bound_another() -> None:
    with ThreadPoolExecutor(max_workers=2) as pool:
        unbounded = pool.submit(lambda: [time.sleep(0.01) or check() for _ in range(30)])
        bounded = pool.submit(spin_until_stopped, 0.05)
        assert bounded.result() < 1
        unbounded.result()  # raises if the other thread's deadline leaked in


def test_the_main_thread_alarm_interrupts_work_that_never_checks() -> None:
    started = time.monotonic()
    with pytest.raises(TimeBudgetExceeded), time_budget(0.1):
        while time.monotonic() - started < 30:  # a runaway loop with no check()
            pass
    assert time.monotonic() - started < 1
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_no_budget_means_no_limit() -> None:
    with time_budget(None), time_budget(0):
        time.sleep(0.02)
        check()
