"""`replay --url` of every fixture passes against a running server at any wall-clock hour (issue 11).

The server runs under Debian's `faketime` (libfaketime), its wall clock set to 00:30, 09:59 and 23:59
Copenhagen time; the cases are replayed over HTTP, each in the default sandbox after Nulstil and SetDato.
"""

from __future__ import annotations

import shutil
import uuid
from datetime import date, datetime
from pathlib import Path

import pytest
import requests

from service.harness.replay import Target, envelope, find_cases, run_case
from tests.conftest import DATABASE_URL
from tests.servers import running_server

pytestmark = pytest.mark.server
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.mark.parametrize("hour", ["00:30", "09:59", "23:59"])
def test_every_fixture_replays_by_url_at_this_wall_clock_hour(tmp_path, hour):
    faketime = shutil.which("faketime")
    assert faketime, "faketime is not installed (Debian package faketime; .ci/run installs it)"
    url = DATABASE_URL if DATABASE_URL.startswith("postgresql") else f"sqlite:///{tmp_path / 'faketime.db'}"
    # The day is one on which Copenhagen is on winter time; the monotonic clock is left real (timeouts).
    fake = f"@2026-11-30 {hour}:00"
    with running_server(url, None, prefix=(faketime, "-f", fake), env={"TZ": "Europe/Copenhagen", "DONT_FAKE_MONOTONIC": "1"}) as base:
        target = Target(base)
        results = [run_case(target, case) for case in find_cases([FIXTURES])]
        failed = [f"{r.case.request.parent.name}/{r.case.name}: {r.problems[0][:300]}" for r in results if not r.passed]
        assert not failed, f"{len(failed)} of {len(results)} failed at {hour}:\n" + "\n".join(failed)
        # The server's wall clock was the faked one: a sandbox registered by its first call now says when.
        navn = f"faketime-{uuid.uuid4().hex[:8]}"
        Target(f"{base}/sandkasse/{navn}").prepare(date(2026, 3, 1))
        sandkasser = requests.get(base + "/__admin/sandkasser", timeout=10).json()
        created = datetime.fromisoformat(next(s["oprettet"] for s in sandkasser if s["navn"] == navn))
        target.post(envelope("TestSupportService", "SletSandkasse", f"<t:Navn>{navn}</t:Navn>"))
        assert created.strftime("%H:%M") in (hour, _minute_after(hour))


def _minute_after(hour: str) -> str:
    h, m = map(int, hour.split(":"))
    return f"{(h + (m + 1) // 60) % 24:02d}:{(m + 1) % 60:02d}"
