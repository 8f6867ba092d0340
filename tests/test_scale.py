"""Parallel extraction (local processes, a Dask cluster) stores exactly what one process stores."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import long_report
from typer.testing import CliRunner

from caseboard import scale
from caseboard.cli import app

# Short wire-style reports written for this test: shared people, agencies and
# places across documents (cross-document resolution) and one lightly edited
# copy (near-duplicate detection), so the order of storing matters.
ARTICLES = {
    "a_raid.txt": (
        "Police in Valparaíso arrested Marta Quiroga Lenz on Tuesday, the Chilean Investigations Police said.\n\n"
        "Quiroga is accused of leading the Los Halcones gang, which prosecutors say moved cocaine through "
        "the port of San Antonio. Chief Inspector Ramón Ibáñez told reporters the raid followed a year of "
        "surveillance."
    ),
    "b_court.txt": (
        "A court in Santiago charged Marta Quiroga Lenz with drug trafficking on Friday.\n\n"
        "Her lawyer, Tomás Echeverría, said she denied every charge. The Los Halcones gang has operated in "
        "Valparaíso and San Antonio since 2019, according to the Chilean Investigations Police."
    ),
    "c_raid_copy.txt": (
        "Police in Valparaíso arrested Marta Quiroga Lenz on Tuesday, the Chilean Investigations Police said.\n\n"
        "Quiroga is accused of leading the Los Halcones gang, which prosecutors say moved cocaine through "
        "the port of San Antonio. Chief Inspector Ramón Ibáñez told reporters the raid followed a long year "
        "of surveillance."
    ),
    "d_prison.txt": (
        "Ramón Ibáñez, a chief inspector with the Chilean Investigations Police, said on Monday that two "
        "members of Los Halcones escaped from Santiago 1 prison.\n\n"
        "The Interior Ministry ordered a review of security at the prison."
    ),
    "e_border.txt": (
        "Peruvian police detained Julio Cárdenas in Tacna near the border with Chile.\n\n"
        "Cárdenas, who prosecutors in Lima say supplied the Los Halcones gang, will be extradited to Santiago, "
        "the Interior Ministry said."
    ),
    "f_other.txt": (
        "The mayor of Antofagasta, Elena Rojas, opened a new harbour terminal on Wednesday.\n\n"
        "Rojas said the terminal would double the city's copper exports to China."
    ),
}

runner = CliRunner()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for name, body in ARTICLES.items():
        (folder / name).write_text(body, encoding="utf-8")
    return folder


def ingest_and_export(db: Path, *args: str) -> str:
    result = runner.invoke(app, ["ingest", *args, "--db", str(db)])
    assert result.exit_code == 0, result.output
    exported = runner.invoke(app, ["export", "--format", "jsonl", "--db", str(db)])
    assert exported.exit_code == 0, exported.output
    return exported.stdout


@pytest.fixture(scope="module")
def single_process_export(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    return ingest_and_export(tmp_path_factory.mktemp("single") / "board.db", str(corpus))


def test_single_process_export_has_the_corpus(single_process_export: str) -> None:
    lines = single_process_export.splitlines()
    assert len(lines) == len(ARTICLES)
    assert sum('"duplicate_of": null' not in line for line in lines) >= 1  # the edited copy is linked


def test_workers_give_the_same_export(corpus: Path, tmp_path: Path, single_process_export: str) -> None:
    assert ingest_and_export(tmp_path / "board.db", str(corpus), "--workers", "2") == single_process_export


def test_dask_local_cluster_gives_the_same_export(corpus: Path, tmp_path: Path, single_process_export: str) -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        exported = ingest_and_export(tmp_path / "board.db", str(corpus), "--dask", cluster.scheduler_address)
    assert exported == single_process_export


def test_the_time_budget_holds_on_dask_worker_threads(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, body in ARTICLES.items():
        (folder / name).write_text(body, encoding="utf-8")
    (folder / "m_long.txt").write_text(long_report(200_000), encoding="utf-8")  # 15 s or so when whole
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        result = runner.invoke(
            app,
            ["ingest", str(folder), "--dask", cluster.scheduler_address, "--timeout", "1",
             "--db", str(tmp_path / "board.db"), "--json"],
        )
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    assert report["added"] == len(ARTICLES)
    assert report["failures"] == [
        {"source": str(folder / "m_long.txt"), "reason": "timed out: processing took over 1 s (raise with --timeout)"}
    ]


def test_interrupted_parallel_ingest_resumes_without_redoing(
    corpus: Path, tmp_path: Path, single_process_export: str
) -> None:
    db = tmp_path / "board.db"
    first = sorted(corpus.iterdir())[:2]
    assert runner.invoke(app, ["ingest", *map(str, first), "--db", str(db)]).exit_code == 0
    resumed = runner.invoke(app, ["ingest", str(corpus), "--workers", "2", "--db", str(db), "--json"])
    assert resumed.exit_code == 0, resumed.output
    assert '"unchanged": 2' in resumed.stdout and f'"added": {len(ARTICLES) - 2}' in resumed.stdout
    exported = runner.invoke(app, ["export", "--db", str(db)]).stdout
    assert exported == single_process_export


def test_unreachable_scheduler_is_a_clear_error(corpus: Path, tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    result = runner.invoke(app, ["ingest", str(corpus), "--dask", "tcp://127.0.0.1:9", "--db", str(tmp_path / "b.db")])
    assert result.exit_code == 1
    assert "cannot reach the Dask scheduler" in result.output


def slow_square(n: int) -> tuple[int, int]:
    """Later items finish first, so an order-keeping map must wait for earlier ones."""
    time.sleep(0.02 * (5 - n % 5))
    return n * n, os.getpid()


def test_ordered_map_keeps_input_order_across_processes() -> None:
    results = list(scale.ordered_map(slow_square, range(40), workers=2, batch_size=3))
    assert [square for square, _ in results] == [n * n for n in range(40)]
    assert os.getpid() not in {pid for _, pid in results}  # the work ran in the pool


def test_ordered_map_streams_a_long_input_lazily() -> None:
    pulled: list[int] = []

    def numbers():
        for n in range(10_000):
            pulled.append(n)
            yield n

    first = next(scale.ordered_map(slow_square, numbers(), workers=2, batch_size=4))
    assert first[0] == 0
    assert len(pulled) <= 2 * scale.WINDOW_PER_WORKER * 4 + 4  # a window of batches, not the whole input


def _children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (read from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
def test_workers_die_with_an_ingest_killed_by_sigkill(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys

    from conftest import caseboard_env

    folder = tmp_path / "corpus"
    folder.mkdir()
    for n in range(60):
        (folder / f"{n:03d}.txt").write_text(long_report(3_000, seed=n), encoding="utf-8")
    ingest = subprocess.Popen(
        [sys.executable, "-m", "caseboard", "ingest", str(folder), "--workers", "2", "--db", str(tmp_path / "b.db")],
        env=caseboard_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    # two workers (forked; spawned ones come with a resource tracker as well)
    while len(_children(ingest.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(0.5)
    children = _children(ingest.pid)
    assert len(children) >= 2, "the workers never started"
    os.kill(ingest.pid, signal.SIGKILL)
    ingest.wait()
    deadline = time.monotonic() + 20
    while any(_alive(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [pid for pid in children if _alive(pid)]


LOADED_IN: list[int] = []


def load_once() -> None:
    """Stands for loading the spaCy model: records which process did it."""
    LOADED_IN.append(os.getpid())


def loaded_in(n: int) -> tuple[int, list[int]]:
    return n, list(LOADED_IN)


def test_workers_forked_share_what_was_preloaded_here() -> None:
    # in a fresh interpreter: this one may run threads left by other tests, and then spawns
    script = (
        "import os, json, test_scale\n"
        "from caseboard import scale\n"
        "results = list(scale.ordered_map(test_scale.loaded_in, range(20), workers=2, batch_size=2,"
        " preload=test_scale.load_once))\n"
        "print(json.dumps([os.getpid(), test_scale.LOADED_IN, [loaded for _, loaded in results]]))\n"
    )
    tests = str(Path(__file__).parent)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([tests, os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    here, loaded_here, loaded_in_workers = json.loads(done.stdout)
    assert loaded_here == [here]  # loaded once, here, before the workers started
    assert all(loaded == [here] for loaded in loaded_in_workers)  # and the workers have it


def test_with_another_thread_running_workers_are_spawned_and_preload_themselves() -> None:
    LOADED_IN.clear()
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        results = list(scale.ordered_map(loaded_in, range(20), workers=2, batch_size=2, preload=load_once))
    finally:
        stop.set()
        other.join()
    assert LOADED_IN == []  # not loaded here: forking beside a thread is not safe
    assert all(len(loaded) == 1 and loaded[0] != os.getpid() for _, loaded in results)  # each worker loaded it
