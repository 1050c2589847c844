"""The rule tables are well-formed: every row cites its source and names known groups, subgroups and units."""

import pytest

from service.rules.catalogue import fejlkoder, regler
from service.rules.fravaertyper import fravaertyper, kontaktgruppetyper, personkategorier
from service.rules.periode import Periode

TYPES = sorted(fravaertyper().values(), key=lambda t: t.id)
SUBGROUPS = {p.noegle for p in personkategorier().values()}


def test_there_are_55_absence_types_from_source_002():
    assert len(TYPES) == 55
    assert 11 in fravaertyper()


@pytest.mark.parametrize("t", TYPES, ids=[f"{t.id:03d}" for t in TYPES])
def test_absence_type_rows_cite_sources_and_name_known_groups(t):
    assert t.kilde.startswith("002") and t.raekker
    for r in t.raekker:
        assert r.kilde.startswith("002"), r
        assert set(r.kontaktgrupper) <= set(kontaktgruppetyper()), r
        assert set(r.personkategorier) <= SUBGROUPS, r
        assert r.afmeldes in ("ja", "nej", "hvis_tilmeldt"), r
    assert set(t.indberettere) <= {"jobcenter", "akasse", "ksd", "borger"}


def test_every_rule_uses_a_catalogued_error_code():
    assert all(r.fejlkode in fejlkoder() for r in regler().values())


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("3 mdr", "2026-01-31", "2026-04-30"),
        ("60 dage", "2026-01-01", "2026-03-02"),
        ("8 uger", "2026-01-01", "2026-02-26"),
        ("1 aar", "2024-02-29", "2025-02-28"),
    ],
)
def test_lengths_of_time(text, start, end):
    from datetime import date

    assert Periode.parse(text).after(date.fromisoformat(start)) == date.fromisoformat(end)
