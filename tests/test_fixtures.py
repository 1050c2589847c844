"""Every recorded fixture case replays with the expected outcome and response."""

from pathlib import Path

import pytest

from service.harness.replay import Target, find_cases, run_case
from tests.conftest import DATABASE_URL

CASES = find_cases([Path(__file__).resolve().parent.parent / "fixtures"])


@pytest.fixture(scope="module")
def target():
    return Target(None, DATABASE_URL)


def test_there_are_fixture_cases_for_every_operation():
    from service.app import SERVICES

    covered = {(c.meta["service"], c.meta["operation"]) for c in CASES}
    published = {(s.__name__, m.name) for s in SERVICES for m in s.public_methods.values()}
    assert published <= covered
    assert any(c.meta["udfald"] != "ok" for c in CASES) and any(c.meta["udfald"] == "ok" for c in CASES)


@pytest.mark.parametrize("case", CASES, ids=[f"{c.meta['operation']}/{c.name}" for c in CASES])
def test_fixture_case_replays(target, case):
    result = run_case(target, case)
    assert result.passed, "\n".join(result.problems)
