"""Shared test helpers: the demo PDF writer, and running `caseboard` as a user does."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SRC = ROOT / "src"

# The PDF writer of the demo (examples/make_pdf.py) also makes the tests' PDF fixtures.
sys.path.insert(0, str(EXAMPLES))


def caseboard_env() -> dict[str, str]:
    """The environment for a `caseboard` subprocess: this checkout's src first on the path."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(SRC), env.get("PYTHONPATH", "")) if p)
    env.pop("CASEBOARD_DB", None)
    return env


def run_caseboard(*args: str, stdin: bytes | None = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run `python -m caseboard ARGS` and return its exit code, stdout and stderr."""
    return subprocess.run(
        [sys.executable, "-m", "caseboard", *args],
        input=stdin.decode("utf-8") if stdin is not None else None,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=caseboard_env(),
        timeout=timeout,
        cwd=ROOT,
    )


@pytest.fixture(scope="session")
def caseboard():
    """`run_caseboard`, as a fixture."""
    return run_caseboard
