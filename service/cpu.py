"""Each server process keeps to one CPU (`--cpu-affinity`; issue 8 item 10).

A process serves its calls on threads that take turns on Python's GIL, and a call hands the GIL on at every
database statement and every lxml parse. Between threads on different cores each handover crosses cores: on a
2-core machine a `CreateFravaer` cost 1.3 ms of CPU with one client but 2.3-2.9 ms with 32, and the process
served fewer calls at 32 clients than at one. Kept to one core, the same process spent 1.3-1.45 ms a call at 32
clients and served 1.6-1.7 times as many (README, "Measured"). More cores are for more processes
(`--workers`), each on a CPU of its own.
"""

from __future__ import annotations

import logging
import os

log = logging.getLogger(__name__)

AUTO, OFF = "auto", "off"


def problem(setting: str) -> str | None:
    """Why `setting` cannot be used here, or None."""
    if setting in (AUTO, OFF):
        return None
    try:
        cpus = [int(c) for c in setting.split(",")]
    except ValueError:
        return f"--cpu-affinity is auto, off or a list of CPU numbers such as 0,1; not {setting!r}"
    if not hasattr(os, "sched_setaffinity"):
        return "--cpu-affinity with CPU numbers needs Linux; use auto or off"
    allowed = os.sched_getaffinity(0)
    missing = sorted(set(cpus) - allowed)
    return f"--cpu-affinity: CPU {', '.join(map(str, missing))} is not one this process may use ({_listed(allowed)})" if missing else None


def choose(setting: str, port: int, index: int, allowed: set[int]) -> int | None:
    """The CPU process `index` (0 for a single process) keeps to, or None (the operating system's choice).

    `auto` on more than one allowed CPU: the (port + index)-th of them, so that the workers of one server use
    different CPUs and so do two servers on neighbouring ports. A list: its (index)-th entry, round."""
    if setting == OFF or not allowed:
        return None
    if setting == AUTO:
        cpus = sorted(allowed)
        return cpus[(port + index) % len(cpus)] if len(cpus) > 1 else None
    cpus = [int(c) for c in setting.split(",")]
    return cpus[index % len(cpus)]


def keep_to_one(setting: str, port: int, index: int) -> int | None:
    """Keep this process, and every thread it starts from now on, to the CPU `choose` gives; that CPU, or None."""
    if not hasattr(os, "sched_setaffinity"):  # Windows, macOS: the operating system decides
        return None
    cpu = choose(setting, port, index, os.sched_getaffinity(0))
    if cpu is not None:
        os.sched_setaffinity(0, {cpu})
        log.info("server process %s keeps to CPU %s", os.getpid(), cpu)
    return cpu


def _listed(cpus: set[int]) -> str:
    return ", ".join(map(str, sorted(cpus)))
