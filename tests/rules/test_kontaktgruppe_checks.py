"""The contact-group checks of service/rules/kontaktgruppe.py, called directly: no SOAP, no store. The groups, subgroups
and cessation dates come from kontaktgrupper.toml, so a changed table moves the tests with it."""

from __future__ import annotations

from datetime import date, timedelta

from service.rules import kontaktgruppe as regler
from service.rules.fravaertyper import kontaktgruppetyper, personkategorier

TODAY = date(2026, 3, 1)


def _regler(violations: list) -> list[str]:
    return [v.regel for v in violations]


def _aaben_gruppe() -> int:
    """A group that has not ceased and has subgroups."""
    return next(kg.id for kg in kontaktgruppetyper().values() if kg.ophoert is None and kg.personkategorier)


def _ophoert_gruppe():
    return next(kg for kg in kontaktgruppetyper().values() if kg.ophoert is not None)


def test_a_new_group_starting_today_with_none_open_passes() -> None:
    forslag = regler.Forslag(kontaktgruppe_type=_aaben_gruppe(), startdato=TODAY)
    assert regler.check(forslag, regler.Situation(today=TODAY)) == []


def test_an_unknown_group_names_the_field_it_was_sent_in() -> None:
    ukendt = max(kontaktgruppetyper()) + 1
    [v] = regler.check(regler.Forslag(kontaktgruppe_type=ukendt, startdato=TODAY), regler.Situation(today=TODAY))
    assert (v.regel, v.felt) == ("KONTAKTGRUPPE_UKENDT", "Kontaktgruppe/KontaktgruppeType")
    assert str(ukendt) in v.besked


def test_a_ceased_group_is_refused_from_its_cessation_date_on() -> None:
    kg = _ophoert_gruppe()
    assert kg.ophoert is not None
    assert "KONTAKTGRUPPE_OPHOERT" not in _regler(regler.check_type(kg.id, None, kg.ophoert - timedelta(days=1)))
    assert _regler(regler.check_type(kg.id, None, kg.ophoert)) == ["KONTAKTGRUPPE_OPHOERT"]


def test_the_start_date_must_be_today_and_every_violation_is_reported_at_once() -> None:
    kg = _ophoert_gruppe()
    assert kg.ophoert is not None
    dag = max(TODAY, kg.ophoert)
    forslag = regler.Forslag(kontaktgruppe_type=kg.id, startdato=dag + timedelta(days=1))
    aaben = regler.AabenGruppe(kontaktgruppe_type=kg.id, startdato=dag - timedelta(days=30))
    assert _regler(regler.check(forslag, regler.Situation(today=dag, aaben=aaben))) == [
        "KONTAKTGRUPPE_OPHOERT",
        "KONTAKTGRUPPE_STARTDATO",
        "KONTAKTGRUPPE_AABEN",
    ]


def test_the_group_already_open_is_refused_another_is_a_change() -> None:
    kg = _aaben_gruppe()
    andre = [g for g in kontaktgruppetyper() if g != kg]
    forslag = regler.Forslag(kontaktgruppe_type=kg, startdato=TODAY)
    samme = regler.Situation(today=TODAY, aaben=regler.AabenGruppe(kontaktgruppe_type=kg, startdato=date(2025, 1, 1)))
    anden = regler.Situation(today=TODAY, aaben=regler.AabenGruppe(kontaktgruppe_type=andre[0], startdato=date(2025, 1, 1)))
    [v] = regler.check(forslag, samme)
    assert v.regel == "KONTAKTGRUPPE_AABEN" and "2025-01-01" in v.besked
    assert regler.check(forslag, anden) == []


def test_a_subgroup_must_exist_and_belong_to_the_group() -> None:
    kg = kontaktgruppetyper()[_aaben_gruppe()]
    egen = next(p.kode for p in personkategorier().values() if p.noegle in kg.personkategorier)
    fremmed = next(p.kode for p in personkategorier().values() if p.noegle not in kg.personkategorier)
    ukendt = max(personkategorier()) + 1
    assert regler.check_personkategori(kg.id, None) == []
    assert regler.check_personkategori(kg.id, egen) == []
    [v] = regler.check_personkategori(kg.id, fremmed)
    assert v.regel == "PERSONKATEGORI_KOMBINATION"
    # The message lists the subgroups the group allows, by code and name.
    assert all(f"{p.kode} {p.navn}" in v.besked for p in personkategorier().values() if p.noegle in kg.personkategorier)
    assert _regler(regler.check_personkategori(kg.id, ukendt)) == ["PERSONKATEGORI_UKENDT"]
    assert _regler(
        regler.check(regler.Forslag(kontaktgruppe_type=kg.id, startdato=TODAY, personkategori=fremmed), regler.Situation(today=TODAY))
    ) == ["PERSONKATEGORI_KOMBINATION"]


def test_an_end_date_lies_between_the_start_and_today() -> None:
    start = TODAY - timedelta(days=10)
    assert regler.check_afslutning(TODAY, start, TODAY) == []
    assert regler.check_afslutning(start, start, TODAY) == []
    assert _regler(regler.check_afslutning(TODAY + timedelta(days=1), start, TODAY)) == ["KONTAKTGRUPPE_SLUTDATO_FREMTID"]
    assert _regler(regler.check_afslutning(start - timedelta(days=1), start, TODAY)) == ["SLUTDATO_FOER_STARTDATO"]


def test_a_group_ended_before_today_is_closed() -> None:
    assert regler.check_aaben("g1", None, TODAY) == []
    assert regler.check_aaben("g1", TODAY, TODAY) == []
    [v] = regler.check_aaben("g1", TODAY - timedelta(days=1), TODAY)
    assert v.regel == "KONTAKTGRUPPE_AFSLUTTET" and "g1" in v.besked


def _periode(kg: int, start: date, slut: date | None = None, personkategori: int | None = None) -> regler.Gruppeperiode:
    return regler.Gruppeperiode(kontaktgruppe_type=kg, startdato=start, slutdato=slut, personkategori=personkategori)


def test_a_history_in_order_with_only_the_last_period_open_passes() -> None:
    kg = _aaben_gruppe()
    assert regler.check_historik([_periode(kg, date(2025, 1, 1), date(2025, 6, 30)), _periode(kg, date(2025, 7, 1))]) == []


def test_a_ceased_group_is_history_before_its_cessation_not_after() -> None:
    kg = _ophoert_gruppe()
    assert kg.ophoert is not None
    assert regler.check_historik([_periode(kg.id, kg.ophoert - timedelta(days=30), kg.ophoert - timedelta(days=1))]) == []
    [v] = regler.check_historik([_periode(kg.id, kg.ophoert)])
    assert (v.regel, v.felt) == ("KONTAKTGRUPPE_OPHOERT", "Testborger/Kontaktgruppehistorik/Kontaktgruppe[1]")


def test_a_history_names_the_period_of_each_violation() -> None:
    kg = _aaben_gruppe()
    ukendt = max(kontaktgruppetyper()) + 1
    perioder = [_periode(kg, date(2025, 1, 1)), _periode(ukendt, date(2025, 2, 1)), _periode(kg, date(2025, 3, 1), date(2025, 2, 1))]
    assert [(v.regel, v.felt) for v in regler.check_historik(perioder)] == [
        ("KONTAKTGRUPPE_UKENDT", "Testborger/Kontaktgruppehistorik/Kontaktgruppe[2]"),
        ("SLUTDATO_FOER_STARTDATO", "Testborger/Kontaktgruppehistorik/Kontaktgruppe[3]"),
        ("KONTAKTGRUPPE_HISTORIK_OVERLAP", "Testborger/Kontaktgruppehistorik"),
    ]
