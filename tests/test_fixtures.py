"""Every recorded fixture case replays with the expected outcome and response."""

from datetime import date
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
    published = {(s.__name__, m.operation_name) for s in SERVICES for m in s.public_methods.values()}
    assert published <= covered
    assert any(c.meta["udfald"] != "ok" for c in CASES) and any(c.meta["udfald"] == "ok" for c in CASES)


@pytest.mark.parametrize("case", CASES, ids=[f"{c.meta['operation']}/{c.name}" for c in CASES])
def test_fixture_case_replays(target, case):
    result = run_case(target, case)
    assert result.passed, "\n".join(result.problems)


def test_replay_reports_a_mismatch_with_an_xml_diff_and_fails(tmp_path, capsys):
    import shutil

    from service.harness.replay import replay_paths

    root = Path(__file__).resolve().parent.parent / "fixtures"
    shutil.copytree(root / "_setup", tmp_path / "fixtures" / "_setup")
    case_dir = tmp_path / "fixtures" / "SygemeldingService" / "CreateSygemelding"
    shutil.copytree(root / "SygemeldingService" / "CreateSygemelding", case_dir)
    expected = case_dir / "002-61-dage-tilbage-afvist.expected.xml"
    expected.write_text(expected.read_text(encoding="utf-8").replace("60 dage", "90 dage"), encoding="utf-8")
    assert replay_paths([case_dir / "002-61-dage-tilbage-afvist.meta.toml"]) is False
    out = capsys.readouterr().out
    assert "FAIL" in out and "-" in out and "90 dage" in out and "60 dage" in out
    assert "0 passed, 1 failed" in out


def test_replay_command_exits_non_zero_on_a_mismatch(tmp_path):
    import shutil

    from service.cli import main

    root = Path(__file__).resolve().parent.parent / "fixtures"
    shutil.copytree(root / "_setup", tmp_path / "fixtures" / "_setup")
    case_dir = tmp_path / "fixtures" / "TestSupportService" / "GetDato"
    shutil.copytree(root / "TestSupportService" / "GetDato", case_dir)
    expected = next(case_dir.glob("*.expected.xml"))
    expected.write_text(expected.read_text(encoding="utf-8").replace("2026-03-01", "2026-03-02"), encoding="utf-8")
    assert main(["replay", str(tmp_path / "fixtures")]) == 1


def test_a_rest_fixture_replays_and_a_changed_answer_fails_with_a_json_diff(tmp_path, target):
    import shutil

    from service.harness.replay import find_cases

    root = Path(__file__).resolve().parent.parent / "fixtures"
    rest_cases = [c for c in CASES if "rest" in c.meta]
    assert {c.meta["udfald"] for c in rest_cases} >= {"ok", 7060}
    shutil.copytree(root / "_setup", tmp_path / "fixtures" / "_setup")
    case_dir = tmp_path / "fixtures" / "SygemeldingService" / "GetSygemelding"
    case_dir.mkdir(parents=True)
    for f in (root / "SygemeldingService" / "GetSygemelding").glob("002-rest-*"):
        shutil.copy(f, case_dir / f.name)
    expected = case_dir / "002-rest-med-yderligere-information.expected.json"
    expected.write_text(
        expected.read_text(encoding="utf-8").replace('"startDato": "2026-02-01"', '"startDato": "2026-02-02"'), encoding="utf-8"
    )
    [case] = find_cases([case_dir])
    result = run_case(target, case)
    assert not result.passed
    assert '-    "startDato": "2026-02-02",' in result.problems and '+    "startDato": "2026-02-01",' in result.problems


SOAP_CASES = [c for c in CASES if "rest" not in c.meta]


@pytest.fixture(scope="module")
def spyne_target():
    """The emulator with spyne's own `complex_to_parent`: spyne binds its writers when a protocol is made."""
    from spyne.protocol.xml import XmlDocument

    from service.soap.protocol import DfdgSoap11

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DfdgSoap11, "complex_to_parent", XmlDocument.complex_to_parent)
        return Target(None, DATABASE_URL)


@pytest.mark.parametrize("case", SOAP_CASES, ids=[f"{c.meta['operation']}/{c.name}" for c in SOAP_CASES])
def test_the_protocols_quicker_writing_of_an_answer_gives_spynes_own_bytes(target, spyne_target, case):
    """protocol.py writes objects without spyne's coroutines (issue 8 item 10): every fixture's answer, success or
    fault, must be byte for byte what spyne's own `complex_to_parent` writes."""
    quick = run_case(target, case).response
    assert quick and run_case(spyne_target, case).response == quick


def test_the_quicker_text_of_plain_values_is_spynes_handlers_text():
    """protocol.py's `_text` writes a string, integer or date without spyne's per-value lookups: the same text as
    spyne's handler for every value, values of another Python type (bool, datetime, str subclass) by the handler."""
    from datetime import datetime

    from spyne import Date, Integer, Unicode

    from service.soap.protocol import DfdgSoap11

    protocol = DfdgSoap11()

    class Navn(str):
        pass

    values = {
        Unicode: ["", "Æble ø å <&>", Navn("underklasse")],
        Unicode(max_len=10): ["kort"],
        Integer: [0, -7, 10**30, True],
        Date: [date(2026, 3, 1), date(1, 1, 1), datetime(2026, 3, 1, 23, 59)],
    }
    for cls, examples in values.items():
        handler = protocol._to_unicode_handlers[cls]
        for value in examples:
            assert protocol._text(cls)(cls, value) == handler(cls, value), (cls, value)
    formatted = Integer(format="%05d")
    assert protocol._text(formatted) is protocol._to_unicode_handlers[formatted]


def test_a_code_list_answers_the_same_every_time(dfdg):
    """KodelisteService builds each list's wire objects once (kodeliste.py): a later call, for all lists or one,
    gets what the first got."""
    first = dfdg.kodeliste.GetKodeliste("Fejlkode")
    everything = dfdg.kodeliste.GetKodeliste()
    assert dfdg.kodeliste.GetKodeliste("Fejlkode") == first != dfdg.kodeliste.GetKodeliste("Kontaktgruppe")
    assert dfdg.kodeliste.GetKodeliste() == everything
    assert [liste for liste in everything if liste.Navn == "Fejlkode"] == first
