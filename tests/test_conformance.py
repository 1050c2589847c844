"""The curated conformance suite: it calls every published operation, and its generated coverage table
(conformance/README.md) is current. The table lists the rule ids without a scenario honestly; once there
are none, `test_no_rule_id_without_a_scenario_once_complete` keeps it so."""

from __future__ import annotations

from service.tools import conformance


def test_every_published_operation_is_called_by_a_scenario():
    from service.tools.coverage import published_operations

    published = {(s, o) for s, o, _, _ in published_operations()}
    assert published - conformance.coverage().operations == set()


def test_the_coverage_table_in_conformance_readme_is_current():
    text = (conformance.SUITE / "README.md").read_text(encoding="utf-8")
    section = text.split(conformance.START, 1)[1].split(conformance.END, 1)[0].strip()
    assert section == conformance.table(), "run: dfdg-emulator conformance-coverage --write conformance/README.md"


def test_every_rule_family_has_an_accepted_case_and_most_a_refused_one():
    found = conformance.coverage()
    families = {conformance.family(r) for r in found.refused}
    assert {conformance.family(r) for r, files in found.accepted.items() if files} == families
    refused = {conformance.family(r) for r, files in found.refused.items() if files}
    # Families a scenario cannot provoke: schema errors (zeep builds valid requests), client certificates
    # (scenarios run without HTTPS), internal errors and timeouts; the README table names them.
    assert families - refused <= {"SKEMA", "CERTIFIKAT", "INTERN", "TIDSGRAENSE"}


def test_no_rule_id_without_a_scenario_once_complete():
    open_rules = conformance.gaps(conformance.coverage())
    text = (conformance.SUITE / "README.md").read_text(encoding="utf-8")
    if not open_rules:
        assert "**gap**" not in text
    else:  # not complete yet: every gap is listed in the table, none hidden
        assert all(f"| `{rule}` |" in text and "**gap**" in text for rule in open_rules)
