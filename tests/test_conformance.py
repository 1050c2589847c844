"""The curated conformance suite is complete, and stays so: every published operation is called, every enforced
rule id of regler.toml is refused (with its error code) and accepted by a scenario, every rule family has both,
and the generated coverage table (conformance/README.md) is current. The rules no scenario can provoke are few,
named, and refused by the test each names."""

from __future__ import annotations

import re

from service.cli import main
from service.rules.catalogue import regler
from service.tools import conformance
from service.tools.coverage import published_operations


def test_the_suite_calls_every_operation_and_refuses_and_accepts_every_enforced_rule_id():
    found = conformance.coverage()
    problems = conformance.problems(found)
    assert problems == [], "the conformance suite is incomplete:\n" + "\n".join(problems)
    assert {(s, o) for s, o, _, _ in published_operations()} <= found.operations
    assert conformance.gaps(found) == []


def test_the_check_names_what_a_smaller_suite_leaves_out():
    """The check can fail: with one scenario only, it names the operations, rule ids and families left out."""
    problems = conformance.problems(conformance.coverage([conformance.SUITE / "kald.toml"]))
    assert "operation SamtaleService.CreateSamtale: no scenario calls it" in problems
    assert "rule SAMTALE_AFTALER (7060): no scenario step expects it (forvent.regel)" in problems
    assert "rule SAMTALE_AFTALER (7060): no scenario step succeeds on an operation it applies to" in problems
    assert "family YDERLIGERE: no accepted case" in problems and "family YDERLIGERE: no refused case" in problems
    # Rules no scenario can provoke are not reported as missing a refusal; families made only of them neither.
    assert not any(p.startswith("rule CERTIFIKAT_MANGLER (1101): no scenario step expects") for p in problems)
    assert "family CERTIFIKAT: no refused case" not in problems


def test_a_step_expecting_an_unknown_rule_or_another_rules_code_is_a_problem(tmp_path):
    text = (conformance.SUITE / "headere.toml").read_text(encoding="utf-8")
    (tmp_path / "a.toml").write_text(
        text.replace('regel = "SKEMA"', 'regel = "SKEMA_UKENDT"').replace("udfald = 8234", "udfald = 8235"), encoding="utf-8"
    )
    wrong = conformance.coverage([tmp_path]).wrong
    assert any("expects rule SKEMA_UKENDT, which regler.toml does not have" in w for w in wrong)
    assert any("expects error code 8235, not the code of HEADER_ORGANISATION_ULAESELIG" in w for w in wrong)


def test_rules_not_by_scenario_are_enforced_few_and_refused_by_the_test_they_name():
    rules = regler()
    assert set(conformance.NOT_BY_SCENARIO) == {
        "CERTIFIKAT_MANGLER",
        "CERTIFIKAT_UKENDT",
        "CERTIFIKAT_ORGANISATION",
        "INTERN_FEJL",
        "TIDSGRAENSE",
        "SANDKASSE_GRAENSE",
    }
    for rule, (why, test) in conformance.NOT_BY_SCENARIO.items():
        assert rules[rule].haandhaeves and why
        text = (conformance.ROOT / test).read_text(encoding="utf-8")
        assert rule in text or re.search(rf"\b{rules[rule].fejlkode}\b", text), f"{test} does not refuse {rule}"


def test_the_coverage_table_in_conformance_readme_is_current_and_lists_rules_not_enforced():
    text = (conformance.SUITE / "README.md").read_text(encoding="utf-8")
    section = text.split(conformance.START, 1)[1].split(conformance.END, 1)[0].strip()
    assert section == conformance.table(), "run: dfdg-emulator conformance-coverage --write conformance/README.md"
    assert "**gap**" not in section
    for rule in regler().values():
        row = next(line for line in section.splitlines() if line.startswith(f"| `{rule.id}` |"))
        assert ("not enforced" in row) == (not rule.haandhaeves)


def test_conformance_coverage_check_exits_1_naming_the_gaps(capsys, tmp_path, monkeypatch):
    assert main(["conformance-coverage", "--check"]) == 0
    assert "conformance suite: complete" in capsys.readouterr().out
    monkeypatch.setattr(conformance, "SUITE", tmp_path)
    (tmp_path / "kald.toml").write_text((conformance.ROOT / "conformance" / "kald.toml").read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["conformance-coverage", "--check"]) == 1
    out = capsys.readouterr().out
    assert "rule INDKALDELSE_STED (7060): no scenario step expects it (forvent.regel)" in out and "problem(s)" in out
