"""Scenarios: every one in the repository is valid against the published JSON Schema and passes in-process;
a broken one fails readably; captured values carry from step to step."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import jsonschema
import pytest

from service.harness import scenario
from service.harness.kit import make_target
from tests.conftest import DATABASE_URL

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = scenario.find_scenarios([ROOT / "conformance", ROOT / "tests" / "scenarios"])


@pytest.fixture(scope="module")
def target():
    return make_target(database_url=DATABASE_URL)


@pytest.fixture(scope="module")
def client(target):
    return scenario.Client(target)


def test_the_schema_is_a_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(json.loads(scenario.SCHEMA.read_text(encoding="utf-8")))


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_every_scenario_in_the_repository_is_valid_against_the_schema(path):
    assert scenario.schema_errors(scenario.load(path)) == []


@pytest.mark.parametrize("path", [p for p in SCENARIOS if p.parent.name == "conformance" or "conformance" in p.parts], ids=lambda p: p.stem)
def test_conformance_scenario_passes(target, client, path):
    case = scenario.run(path, target, client)
    assert case.passed, "\n".join(case.all_problems())
    assert len(case.steps) > 1


def write(tmp_path: Path, text: str, name: str = "s.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


BASE = """
navn = "kort"
dato = 2026-03-01
[[borger]]
PersonCivilRegistrationIdentifier = "0101801234"
Navn = "Test Borger"
Kommunekode = "101"
JobcenterKode = "10100"
Tilmeldt = true
Kontaktgruppehistorik = [{ KontaktgruppeType = 24, Startdato = 2025-01-01 }]

[[trin]]
navn = "sygemeld"
operation = "CreateSygemelding"
vaerdier.PersonCivilRegistrationIdentifier = "0101801234"
vaerdier.Sygemelding = { Startdato = 2026-02-01, Anmeldelsesdato = 2026-03-01, Arbejdsgiver = { CVRnummer = "12345678" } }
forvent.udfald = "ok"
gem.id = "FravaerIdentifier"

[[trin]]
navn = "læs"
operation = "GetSygemelding"
vaerdier = { PersonCivilRegistrationIdentifier = "0101801234", FravaerIdentifier = "${id}" }
forvent.svar = { FravaerIdentifier = "${id}", Startdato = "2026-02-01" }
"""


def test_a_captured_value_is_sent_in_a_later_step(tmp_path, target, client):
    case = scenario.run(write(tmp_path, BASE), target, client)
    assert case.passed, case.all_problems()
    created = scenario.find_value(case.steps[-2].response, "FravaerIdentifier")
    assert created and scenario.find_value(case.steps[-1].request, "FravaerIdentifier") == created


def test_a_changed_value_fails_with_what_was_expected_and_what_came(tmp_path, target, client):
    case = scenario.run(write(tmp_path, BASE.replace('Startdato = "2026-02-01"', 'Startdato = "2026-02-02"')), target, client)
    assert not case.passed
    assert any("response Startdato: expected '2026-02-02', got '2026-02-01'" in p for p in case.all_problems())


def test_a_wrong_expectation_of_outcome_or_rule_is_reported(tmp_path, target, client):
    text = BASE.replace("Startdato = 2026-02-01, Anmeldelsesdato", "Startdato = 2025-01-01, Anmeldelsesdato")
    case = scenario.run(write(tmp_path, text), target, client)
    assert "expected success, got fault 4685 (FRAVAER_TILBAGEDATERING)" in case.all_problems()[0]
    text = text.replace('forvent.udfald = "ok"', 'forvent = { udfald = 4685, regel = "FRAVAER_OVERLAP" }')
    problems = scenario.run(write(tmp_path, text), target, client).all_problems()
    assert any("expected rule FRAVAER_OVERLAP among the violations, got ['FRAVAER_TILBAGEDATERING']" in p for p in problems)


def test_an_invalid_scenario_is_refused_with_the_schema_errors(tmp_path, target):
    path = write(tmp_path, 'navn = "x"\n[[trin]]\noperation = "GetDato"\nforvent.udfald = "måske"\nukendt = 1\n')
    with pytest.raises(scenario.ScenarioError) as info:
        scenario.load(path)
    assert "trin/0" in str(info.value) and "ukendt" in str(info.value)
    case = scenario.run(path, target)
    assert not case.passed and "not a valid scenario" in case.problems[0]


def test_an_unknown_captured_value_or_operation_stops_the_scenario(tmp_path, target, client):
    case = scenario.run(write(tmp_path, BASE.replace('gem.id = "FravaerIdentifier"', "")), target, client)
    assert any("unknown captured value ${id}" in p for p in case.all_problems())
    case = scenario.run(write(tmp_path, BASE.replace('"GetSygemelding"', '"GetSygemeldinger"')), target, client)
    assert any("'GetSygemeldinger': unknown" in p for p in case.all_problems())


def test_headers_can_be_left_out_to_expect_8232(tmp_path, target, client):
    text = (
        BASE
        + """
[[trin]]
operation = "GetSygemelding"
vaerdier = { PersonCivilRegistrationIdentifier = "0101801234", FravaerIdentifier = "${id}" }
kalder.uden = ["ActiveOrganisationHeader"]
forvent = { udfald = 8232, regel = "HEADER_ORGANISATION_MANGLER" }
"""
    )
    case = scenario.run(write(tmp_path, text), target, client)
    assert case.passed, case.all_problems()
    assert b"ActiveOrganisationHeader" not in case.steps[-1].request


def test_the_guides_example_scenario_is_valid_and_passes(tmp_path, target, client):
    guide = (ROOT / "docs" / "conformance.md").read_text(encoding="utf-8")
    example = next(block.split("```", 1)[0] for block in guide.split("```toml\n")[1:] if "[[trin]]" in block)
    case = scenario.run(write(tmp_path, example), target, client)
    assert case.passed, case.all_problems()
    assert [s.operation for s in case.steps][-3:] == ["CreateSygemelding", "Raskmeld", "GetSygemelding"]


def test_an_answer_that_is_not_the_services_is_a_failure(tmp_path, target):
    class Broken:
        url, transport = target.url, target.transport

        def post(self, request: bytes) -> tuple[int, bytes]:
            return 502, b"<html>Bad Gateway</html>"

    case = scenario.run(write(tmp_path, BASE), Broken())
    assert case.all_problems() == ["HTTP 502 without a DFDG fault: <html>Bad Gateway</html>"]  # a failed set-up stops it
    assert [s.name for s in case.steps] == ["set-up: Nulstil"]


REST_STEPS = (
    BASE
    + """
[[trin]]
navn = "læs over REST"
operation = "GetSygemelding"
rest = { metode = "GET", sti = "/v1/Sygemelding/${id}", cpr = "0101801234" }
forvent.svar = { "sygemelding/fravaerIdentifier" = "${id}", "sygemelding/startDato" = "2026-02-01" }

[[trin]]
navn = "REST-oprettelse"
operation = "CreateFravaer"
kalder.requestid = "scenarie-rest-1"
rest = { metode = "POST", sti = "/v1/Fravaer/", cpr = "0101801234", krop = { fravaerType = 10, startDato = 2026-03-01, slutDato = 2026-03-10, anmeldelsesDato = 2026-03-01 } }
gem.ferie = "."

[[trin]]
navn = "SOAP læser REST-oprettelsen"
operation = "GetFravaer"
vaerdier = { PersonCivilRegistrationIdentifier = "0101801234", FravaerIdentifier = "${ferie}" }
forvent.svar = { FravaerType = 10 }

[[trin]]
navn = "samme x-requestId igen"
operation = "CreateFravaer"
kalder.requestid = "scenarie-rest-1"
rest = { metode = "POST", sti = "/v1/Fravaer/", cpr = "0101801234", krop = { fravaerType = 10, startDato = 2026-03-12, slutDato = 2026-03-20, anmeldelsesDato = 2026-03-01 } }
forvent = { udfald = 7001, regel = "REQUESTID_GENBRUGT" }
"""
)


def test_rest_steps_run_beside_soap_steps_with_captured_values_both_ways(tmp_path, target, client):
    case = scenario.run(write(tmp_path, REST_STEPS), target, client)
    assert case.passed, case.all_problems()
    rest_step = case.steps[-1]
    assert (rest_step.error_code, [v["RuleIdentifier"] for v in rest_step.violations]) == (7001, ["REQUESTID_GENBRUGT"])
    sent = json.loads(case.steps[-3].request)
    assert (sent["metode"], sent["sti"], sent["headere"]["x-requestId"], sent["krop"]["startDato"]) == (
        "POST",
        "/v1/Fravaer/",
        "scenarie-rest-1",
        "2026-03-01",
    )
    assert sent["headere"]["x-organisationCode"] == "10100" and sent["headere"]["x-civilRegistrationIdentifier"] == "0101801234"


def test_a_rest_step_that_breaks_its_expectation_fails_readably(tmp_path, target, client):
    text = REST_STEPS.replace('"sygemelding/startDato" = "2026-02-01"', '"sygemelding/startDato" = "2026-02-02"')
    text = text.replace('forvent = { udfald = 7001, regel = "REQUESTID_GENBRUGT" }', 'forvent.udfald = "ok"')
    problems = scenario.run(write(tmp_path, text), target, client).all_problems()
    assert any("response sygemelding/startDato: expected '2026-02-02', got '2026-02-01'" in p for p in problems)
    assert any("expected success, got fault 7001 (REQUESTID_GENBRUGT)" in p for p in problems)
    bad = REST_STEPS.replace('sti = "/v1/Sygemelding/${id}"', 'sti = "v1/Sygemelding"')
    assert any("rest/sti" in e for e in scenario.schema_errors(tomllib.loads(bad)))
