"""benchmarks/RESULTS.md is written by the benchmarks themselves: each script owns one
marked section and replaces only that one, so `make bench` and `make bench-load` can
run apart without erasing each other's figures."""

from __future__ import annotations

from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def replace_section(name: str, text: str, path: Path = RESULTS) -> None:
    """Put `text` between the `<!-- NAME start -->` and `<!-- NAME end -->` markers of
    `path` (appended at the end, with its markers, the first time)."""
    start, end = f"<!-- {name} start -->", f"<!-- {name} end -->"
    block = f"{start}\n{text.rstrip()}\n{end}"
    current = path.read_text(encoding="utf-8") if path.exists() else "# caseboard benchmark results\n"
    if start in current and end in current:
        before, rest = current.split(start, 1)
        after = rest.split(end, 1)[1]
        current = before + block + after
    else:
        current = current.rstrip() + "\n\n" + block + "\n"
    path.write_text(current, encoding="utf-8")
