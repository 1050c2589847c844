"""The sick-notice checks of service/rules/sygemelding.py, called directly: no SOAP, no store. Groups and reporters come
from sygemelding.toml and kontaktgrupper.toml."""

from __future__ import annotations

from datetime import date, timedelta

from service.rules import sygemelding as regler
from service.rules.fravaertyper import kontaktgruppetyper
from service.rules.sygemelding import sygemeldingstabel

TODAY = date(2026, 3, 1)


def _regler(violations: list) -> list[str]:
    return [v.regel for v in violations]


def _situation(kontaktgruppe: int | None, rolle: str | None = None, arbejdsgiver: bool = True) -> regler.Situation:
    return regler.Situation(
        rolle=rolle or sygemeldingstabel().indberettere.roller[0],
        organisation="Jobcenter 10100",
        kontaktgruppe=kontaktgruppe,
        arbejdsgiver=arbejdsgiver,
    )


def _uden_for(grupper: tuple[int, ...]) -> int:
    return next(g for g in kontaktgruppetyper() if g not in grupper)


DELVIS = regler.Oplysninger(delvis_raskmeldt=regler.DelvisRaskmelding(startdato=TODAY))
TRETTEN = regler.Oplysninger(forventet_raskmelding_inden_13_uger=True)


def test_each_fact_passes_in_its_own_group() -> None:
    assert regler.check(DELVIS, _situation(sygemeldingstabel().delvis_raskmeldt.kontaktgrupper[0])) == []
    assert regler.check(TRETTEN, _situation(sygemeldingstabel().forventet_raskmelding_inden_13_uger.kontaktgrupper[0])) == []


def test_at_least_one_fact() -> None:
    assert _regler(regler.check(regler.Oplysninger(), _situation(None))) == ["YDERLIGERE_MINDST_EN"]


def test_partial_recovery_outside_its_groups_names_the_groups_allowed_and_the_citizens() -> None:
    tabel = sygemeldingstabel().delvis_raskmeldt
    anden = _uden_for(tabel.kontaktgrupper)
    [v] = regler.check(DELVIS, _situation(anden))
    assert v.regel == "YDERLIGERE_DELVIS_KG13"
    assert f"kontaktgruppe {', '.join(map(str, tabel.kontaktgrupper))})" in v.besked and v.besked.endswith(f"d.d. er {anden}")
    [v] = regler.check(DELVIS, _situation(None))
    assert v.besked.endswith("d.d. er ingen")


def test_partial_recovery_ends_on_or_after_it_starts() -> None:
    kg = sygemeldingstabel().delvis_raskmeldt.kontaktgrupper[0]
    baglaens = regler.Oplysninger(delvis_raskmeldt=regler.DelvisRaskmelding(startdato=TODAY, slutdato=TODAY - timedelta(days=1)))
    [v] = regler.check(baglaens, _situation(kg))
    assert (v.regel, v.felt) == ("SLUTDATO_FOER_STARTDATO", "YderligereInformationOmSygemelding/DelvisRaskmeldt/Slutdato")
    samme_dag = regler.Oplysninger(delvis_raskmeldt=regler.DelvisRaskmelding(startdato=TODAY, slutdato=TODAY))
    assert regler.check(samme_dag, _situation(kg)) == []


def test_recovery_within_13_weeks_needs_its_group_and_the_employer_the_table_asks_for() -> None:
    tabel = sygemeldingstabel().forventet_raskmelding_inden_13_uger
    kg = tabel.kontaktgrupper[0]
    forventet = ["YDERLIGERE_13_UGER_ARBEJDSGIVER"] if tabel.kraever_arbejdsgiver else []
    assert _regler(regler.check(TRETTEN, _situation(kg, arbejdsgiver=False))) == forventet
    assert _regler(regler.check(TRETTEN, _situation(_uden_for(tabel.kontaktgrupper)))) == ["YDERLIGERE_13_UGER_KG24"]


def test_only_the_tables_reporters_write_and_every_violation_comes_at_once() -> None:
    andre = [r for r in ("akasse", "ksd", "borger", "jobcenter") if r not in sygemeldingstabel().indberettere.roller]
    assert andre, "a reporter the table does not list"
    [v] = regler.check_indberetter(andre[0], "A-kasse 42")
    assert v.regel == "YDERLIGERE_INDBERETTER" and "A-kasse 42" in v.besked
    assert regler.check_indberetter(sygemeldingstabel().indberettere.roller[0], "x") == []
    assert _regler(regler.check(regler.Oplysninger(), _situation(None, rolle=andre[0]))) == [
        "YDERLIGERE_INDBERETTER",
        "YDERLIGERE_MINDST_EN",
    ]


def test_recovery_lies_between_the_first_sick_day_and_today() -> None:
    start = TODAY - timedelta(days=20)
    assert regler.check_raskmelding(TODAY, start, TODAY) == []
    assert regler.check_raskmelding(start, start, TODAY) == []
    assert _regler(regler.check_raskmelding(start - timedelta(days=1), start, TODAY)) == ["SLUTDATO_FOER_STARTDATO"]
    assert _regler(regler.check_raskmelding(TODAY + timedelta(days=1), start, TODAY)) == ["RASKMELDING_FREMTID"]


def test_only_an_open_sick_notice_of_the_sick_notice_type() -> None:
    assert regler.check_sygemelding("f1", 11, 11) == []
    [v] = regler.check_sygemelding("f1", 8, 11)
    assert v.regel == "SYGEMELDING_IKKE_TYPE_11" and "type 8" in v.besked
    assert regler.check_aaben("f1", True, None) == []
    [v] = regler.check_aaben("f1", False, TODAY)
    assert v.regel == "SYGEMELDING_IKKE_AABEN" and TODAY.isoformat() in v.besked
