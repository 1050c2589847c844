"""The conversation checks of service/rules/samtale.py, called directly: no SOAP, no store. Types, groups, rows and the
limit back in time come from samtale_legalitet.toml, samtale_koder.toml and samtale.toml."""

from __future__ import annotations

import shutil
from datetime import date, datetime, time, timedelta
from pathlib import Path

from service.rules import samtale as regler
from service.rules.catalogue import TABLES, tables_from
from service.rules.fravaertyper import kontaktgruppetyper, personkategorier
from service.rules.registreringspligter import AKASSE, punkter
from service.rules.samtaler import kodeliste, legalitetstabel, samtaletabel, samtaletyper

TODAY = date(2026, 3, 1)
NOW = datetime.combine(TODAY, time(12))
# Every element a registration-duty item can require, given: the checks below judge the other rules.
ALT = {felt: "givet" for p in punkter() for felt in p.kraever}


def _regler(violations: list) -> list[str]:
    return [v.regel for v in violations]


def _lovlig() -> tuple[int, int]:
    """A group and a type legal in it in both health statuses, that resets nothing and is open to every reporter."""
    rows = legalitetstabel().raekker
    for r in rows:
        for t in r.samtaletyper:
            if all(
                t in o.samtaletyper and t not in o.nulstillende and t not in o.kun_akasse
                for o in rows
                if o.kontaktgruppe == r.kontaktgruppe
            ):
                return r.kontaktgruppe, t
    raise AssertionError("no type legal in both statuses")


def _forslag(samtale_type: int, afholdt: datetime = NOW - timedelta(hours=1), **kwargs: object) -> regler.Forslag:
    return regler.Forslag(
        samtale_type=samtale_type, afholdt=afholdt, samtaleform=next(iter(kodeliste("samtaleform"))), vaerdier=ALT, **kwargs
    )  # type: ignore[arg-type]


def _situation(kontaktgruppe: int | None, syg: bool = False, rolle: str = "jobcenter", **kwargs: object) -> regler.Situation:
    return regler.Situation(now=NOW, today=TODAY, rolle=rolle, kontaktgruppe=kontaktgruppe, syg=syg, **kwargs)  # type: ignore[arg-type]


def test_a_legal_conversation_with_every_item_passes() -> None:
    kg, t = _lovlig()
    assert regler.check(_forslag(t), _situation(kg)) == []
    assert regler.check(_forslag(t), _situation(kg, syg=True)) == []


def test_an_unknown_type_and_a_citizen_without_a_group() -> None:
    kg, t = _lovlig()
    [v] = regler.check(_forslag(max(samtaletyper()) + 1), _situation(kg))
    assert (v.regel, v.felt) == ("SAMTALE_TYPE_UKENDT", "Samtale/SamtaleType")
    assert _regler(regler.check(_forslag(t), _situation(None))) == ["SAMTALE_KONTAKTGRUPPE_MANGLER"]


def test_legality_follows_the_row_of_the_citizens_health_status() -> None:
    """A type only the "syg" row of a group lists is refused while the citizen is well, naming the legal types."""
    rows = {(r.kontaktgruppe, r.status): r for r in legalitetstabel().raekker}
    kg, t = next(
        (kg, t)
        for (kg, status), r in rows.items()
        if status == "syg" and (kg, "rask") in rows
        for t in r.samtaletyper
        if t not in rows[kg, "rask"].samtaletyper
    )
    rolle = AKASSE if t in rows[kg, "syg"].kun_akasse else "jobcenter"
    assert "SAMTALE_IKKE_LOVLIG" not in _regler(regler.check(_forslag(t), _situation(kg, syg=True, rolle=rolle)))
    [v] = [v for v in regler.check(_forslag(t), _situation(kg, rolle=rolle)) if v.regel == "SAMTALE_IKKE_LOVLIG"]
    assert "rask" in v.besked and v.kilde == rows[kg, "rask"].kilde
    assert all(f"{lovlig} {samtaletyper()[lovlig].navn}" in v.besked for lovlig in rows[kg, "rask"].samtaletyper)


def test_a_type_only_the_akasse_may_register_in_the_row() -> None:
    row = next(r for r in legalitetstabel().raekker if r.kun_akasse)
    t = row.kun_akasse[0]
    syg = row.status == "syg"
    [v] = [v for v in regler.check(_forslag(t), _situation(row.kontaktgruppe, syg=syg)) if v.regel == "SAMTALE_KUN_AKASSE"]
    assert v.kilde == row.kun_akasse_kilde
    assert "SAMTALE_KUN_AKASSE" not in _regler(regler.check(_forslag(t), _situation(row.kontaktgruppe, syg=syg, rolle=AKASSE)))


def test_at_most_the_tables_limit_back_in_time() -> None:
    kg, t = _lovlig()
    registrering = samtaletabel().registrering
    graense = registrering.tilbage.before(TODAY)
    assert regler.check(_forslag(t, datetime.combine(graense, time(0))), _situation(kg)) == []
    [v] = regler.check(_forslag(t, datetime.combine(graense - timedelta(days=1), time(23, 59))), _situation(kg))
    assert v.regel == "SAMTALE_TILBAGE" and v.kilde == registrering.kilde
    assert f"højst registreres {registrering.tilbage.tekst} tilbage" in v.besked


def test_the_limit_back_in_time_is_the_tables_row(tmp_path: Path) -> None:
    """Another `tilbage` in samtale.toml moves the boundary: the number lives in the table, not in the code."""
    kg, t = _lovlig()
    folder = tmp_path / "tables"
    shutil.copytree(TABLES, folder)
    fil = folder / "samtale.toml"
    fil.write_text(fil.read_text(encoding="utf-8").replace('tilbage = "7 dage"', 'tilbage = "3 dage"'), encoding="utf-8")
    fire_dage_siden = _forslag(t, datetime.combine(TODAY - timedelta(days=4), time(10)))
    assert regler.check(fire_dage_siden, _situation(kg)) == []
    with tables_from(folder):
        [v] = regler.check(fire_dage_siden, _situation(kg))
        assert v.regel == "SAMTALE_TILBAGE" and "3 dage" in v.besked


def test_not_held_in_the_future() -> None:
    kg, t = _lovlig()
    assert _regler(regler.check(_forslag(t, NOW + timedelta(minutes=1)), _situation(kg))) == ["SAMTALE_FREMTID"]
    assert regler.check(_forslag(t, NOW), _situation(kg)) == []


def test_no_duplicate_and_nothing_before_the_latest_resetting_conversation() -> None:
    kg, t = _lovlig()
    held = NOW - timedelta(days=1)
    tidligere = regler.TidligereSamtale(samtale_type=t, afholdt=held, nulstillende=True)
    situation = _situation(kg, samtaler=(tidligere,))
    assert _regler(regler.check(_forslag(t, held), situation)) == ["SAMTALE_DUBLET"]
    assert _regler(regler.check(_forslag(t, held - timedelta(hours=1)), situation)) == ["SAMTALE_FOER_NULSTILLENDE"]
    assert regler.check(_forslag(t, held + timedelta(hours=1)), situation) == []


def test_a_resetting_conversation_comes_strictly_after_the_latest_one() -> None:
    row = next(r for r in legalitetstabel().raekker if r.nulstillende)
    t, syg = row.nulstillende[0], row.status == "syg"
    rolle = AKASSE if t in row.kun_akasse else "jobcenter"
    assert regler.nulstillende(t, row.kontaktgruppe, syg)
    held = NOW - timedelta(days=1)
    situation = _situation(
        row.kontaktgruppe, syg=syg, rolle=rolle, samtaler=(regler.TidligereSamtale(samtale_type=t, afholdt=held, nulstillende=True),)
    )
    anden_tid = _forslag(t, held - timedelta(hours=1))
    assert "SAMTALE_NULSTILLENDE_SAMTIDIG" in _regler(regler.check(anden_tid, situation))


def test_unknown_codes_name_their_field() -> None:
    kg, t = _lovlig()
    ukendt = max(kodeliste("deltagerrolle")) + 100
    forslag = regler.Forslag(
        samtale_type=t,
        afholdt=NOW,
        samtaleform=max(kodeliste("samtaleform")) + 1,
        vaerdier=ALT,
        deltagere=(regler.Deltagelse(rolle=ukendt, deltagelsesform=next(iter(kodeliste("deltagelsesform")))),),
    )
    assert [(v.regel, v.felt) for v in regler.check(forslag, _situation(kg))] == [
        ("KODE_UKENDT", "Samtale/Samtaleform"),
        ("KODE_UKENDT", "Samtale/Deltager[1]/Rolle"),
    ]


def test_a_linked_invitation_must_be_the_citizens() -> None:
    kg, t = _lovlig()
    forslag = _forslag(t, indkaldelse_identifier="abc")
    [v] = regler.check(forslag, _situation(kg))
    assert v.regel == "SAMTALE_INDKALDELSE_UKENDT" and "abc" in v.besked
    assert regler.check(forslag, _situation(kg, indkaldelse_kendt=True)) == []


def test_a_new_subgroup_is_the_jobcentres_and_must_fit_the_group_open_today() -> None:
    kg, t = _lovlig()
    gruppe = next(g for g in kontaktgruppetyper().values() if g.personkategorier and g.ophoert is None)
    egen = next(p.kode for p in personkategorier().values() if p.noegle in gruppe.personkategorier)
    fremmed = next(p.kode for p in personkategorier().values() if p.noegle not in gruppe.personkategorier)
    assert regler.check(_forslag(t, personkategori=egen), _situation(kg, kontaktgruppe_i_dag=gruppe.id)) == []
    assert _regler(regler.check(_forslag(t, personkategori=fremmed), _situation(kg, kontaktgruppe_i_dag=gruppe.id))) == [
        "PERSONKATEGORI_KOMBINATION"
    ]
    assert _regler(regler.check(_forslag(t, personkategori=egen), _situation(kg))) == ["SAMTALE_PERSONKATEGORI_KONTAKTGRUPPE"]
    akasse = [v.regel for v in regler.check(_forslag(t, personkategori=egen), _situation(kg, rolle=AKASSE, kontaktgruppe_i_dag=gruppe.id))]
    assert "SAMTALE_PERSONKATEGORI_INDBERETTER" in akasse
