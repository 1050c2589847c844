"""`--cpu-affinity` (service/cpu.py): each server process keeps to one CPU; workers to different ones."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from service.cli import main
from service.cpu import choose, problem
from tests.servers import free_port, running_server

CPUS = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else set()
several_cpus = pytest.mark.skipif(len(CPUS) < 2, reason="needs Linux and two or more CPUs this process may use")


def test_auto_gives_the_workers_of_one_server_different_cpus_and_neighbouring_ports_too() -> None:
    allowed = {0, 1, 2, 3}
    assert sorted(choose("auto", 8080, i, allowed) for i in range(4)) == [0, 1, 2, 3]  # type: ignore[type-var]
    assert choose("auto", 8080, 0, allowed) != choose("auto", 8081, 0, allowed)
    assert choose("auto", 8080, 4, allowed) == choose("auto", 8080, 0, allowed)


def test_auto_leaves_a_single_cpu_and_off_leaves_everything_to_the_operating_system() -> None:
    assert choose("auto", 8080, 0, {3}) is None
    assert choose("off", 8080, 1, {0, 1, 2, 3}) is None


def test_a_list_gives_the_processes_its_cpus_in_turn() -> None:
    assert [choose("2,3", 8080, i, {0, 1, 2, 3}) for i in range(3)] == [2, 3, 2]


def test_a_setting_that_cannot_be_used_is_refused_with_why() -> None:
    assert problem("auto") is None and problem("off") is None
    assert "not 'fast'" in (problem("fast") or "")
    if CPUS:
        assert "is not one this process may use" in (problem(str(max(CPUS) + 64)) or "")
        assert problem(str(min(CPUS))) is None


def test_serve_refuses_a_cpu_it_may_not_use(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--cpu-affinity", "nogle", "--database-url", "sqlite:///unused.db"]) == 2
    assert "--cpu-affinity" in capsys.readouterr().err


@several_cpus
def test_a_process_keeps_to_one_cpu_and_the_threads_it_starts_with_it() -> None:
    code = (
        "import os, threading; from service.cpu import keep_to_one; cpu = keep_to_one('auto', 8080, 0); seen = []; "
        "t = threading.Thread(target=lambda: seen.append(os.sched_getaffinity(0))); t.start(); t.join(); "
        "print(cpu, sorted(os.sched_getaffinity(0)), sorted(seen[0]))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=Path(__file__).parent.parent)
    cpu, own, thread = out.stdout.strip().split(" ", 2)
    assert own == thread == f"[{cpu}]" and int(cpu) in CPUS


@pytest.mark.server
@several_cpus
def test_the_workers_of_a_server_keep_to_different_cpus(tmp_path: Path) -> None:
    port = free_port()
    with running_server(f"sqlite:///{tmp_path / 'cpu.db'}", port, "--workers", "2"):
        affinities = [os.sched_getaffinity(pid) for pid in _serving(port)]
    assert len(affinities) == 3  # the parent and its two workers
    workers = [a for a in affinities if len(a) == 1]
    assert len(workers) == 2 and workers[0] != workers[1]


def _serving(port: int) -> list[int]:
    """The processes whose command line is `serve ... --port <port>` (a server and the workers it forked)."""
    pids = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            args = cmdline.read_bytes().split(b"\0")
        except OSError:
            continue
        if b"serve" in args and b"--port" in args and args[args.index(b"--port") + 1] == str(port).encode():
            pids.append(int(cmdline.parent.name))
    return pids
