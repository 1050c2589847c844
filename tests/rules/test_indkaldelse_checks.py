"""The invitation checks of service/rules/indkaldelse.py, called directly: no SOAP, no store."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from service.rules import indkaldelse as regler
from service.rules.registreringspligter import AKASSE, punkter
from service.rules.samtaler import akassedeltagelse_typer, kodeliste, legalitetstabel, samtaletyper

TODAY = date(2026, 3, 1)
NOW = datetime.combine(TODAY, time(12))
START = NOW + timedelta(days=2)
ALT = {felt: "givet" for p in punkter() for felt in p.kraever}


def _regler(violations: list) -> list[str]:
    return [v.regel for v in violations]


def _lovlig(uden: frozenset[int] = frozenset()) -> tuple[int, int]:
    """A group and a type legal in it when the citizen is well (not one of `uden`)."""
    row = next(r for r in legalitetstabel().raekker if r.status == "rask" and set(r.samtaletyper) - uden)
    return row.kontaktgruppe, min(set(row.samtaletyper) - uden)


def _forslag(samtale_type: int, **kwargs: object) -> regler.Forslag:
    values: dict[str, object] = {
        "start": START,
        "slut": START + timedelta(hours=1),
        "samtaleform": next(iter(kodeliste("samtaleform"))),
        "vaerdier": ALT,
    }
    return regler.Forslag(samtale_type=samtale_type, **{**values, **kwargs})  # type: ignore[arg-type]


def _situation(kontaktgruppe: int | None, rolle: str = "jobcenter") -> regler.Situation:
    return regler.Situation(now=NOW, rolle=rolle, kontaktgruppe=kontaktgruppe, syg=False)


def test_an_invitation_ahead_with_every_item_passes() -> None:
    kg, t = _lovlig(akassedeltagelse_typer())
    assert regler.check(_forslag(t), _situation(kg)) == []


def test_the_type_is_judged_like_a_conversation_on_its_day() -> None:
    kg, t = _lovlig()
    [v] = regler.check(_forslag(max(samtaletyper()) + 1), _situation(kg))
    assert (v.regel, v.felt) == ("SAMTALE_TYPE_UKENDT", "Indkaldelse/SamtaleType")
    [v] = regler.check(_forslag(t), _situation(None))
    assert v.regel == "SAMTALE_KONTAKTGRUPPE_MANGLER" and START.date().isoformat() in v.besked


def test_every_time_lies_ahead_and_ends_after_it_starts() -> None:
    kg, t = _lovlig(akassedeltagelse_typer())
    fortid = _forslag(t, start=NOW - timedelta(minutes=1), slut=NOW + timedelta(hours=1))
    assert [(v.regel, v.felt) for v in regler.check(fortid, _situation(kg))] == [("INDKALDELSE_FORTID", "Indkaldelse/Starttidspunkt")]
    alternativ = regler.Tidspunkt(start=START + timedelta(days=1), slut=START + timedelta(days=1))
    forslag = _forslag(t, selvbooking_mulig=True, alternative_tidspunkter=(alternativ,))
    assert [(v.regel, v.felt) for v in regler.check(forslag, _situation(kg))] == [
        ("INDKALDELSE_SLUT_FOER_START", "Indkaldelse/AlternativtTidspunkt[1]/Sluttidspunkt")
    ]


def test_no_self_booking_for_a_jobcentres_invitation_with_the_akasse_taking_part() -> None:
    t = min(akassedeltagelse_typer())
    kg = next(r.kontaktgruppe for r in legalitetstabel().raekker if r.status == "rask" and t in r.samtaletyper)
    alternativ = regler.Tidspunkt(start=START + timedelta(days=1), slut=START + timedelta(days=1, hours=1))
    forslag = _forslag(t, selvbooking_mulig=True, alternative_tidspunkter=(alternativ,))
    assert [(v.regel, v.felt) for v in regler.check(forslag, _situation(kg))] == [
        ("INDKALDELSE_AKASSE_SELVBOOKING", "Indkaldelse/SelvbookingMulig"),
        ("INDKALDELSE_AKASSE_SELVBOOKING", "Indkaldelse/AlternativtTidspunkt"),
    ]
    assert "INDKALDELSE_AKASSE_SELVBOOKING" not in _regler(regler.check(forslag, _situation(kg, rolle=AKASSE)))


def test_a_deadline_needs_self_booking() -> None:
    kg, t = _lovlig(akassedeltagelse_typer())
    frist = START.date() - timedelta(days=1)
    assert _regler(regler.check(_forslag(t, ombookingsfrist=frist), _situation(kg))) == ["INDKALDELSE_FRIST_UDEN_SELVBOOKING"]
    assert _regler(regler.check(_forslag(t, selvbookingsfrist=frist), _situation(kg))) == ["INDKALDELSE_FRIST_UDEN_SELVBOOKING"]
    assert regler.check(_forslag(t, selvbookingsfrist=frist, selvbooking_mulig=True), _situation(kg)) == []


def test_the_reporters_own_list_decides_what_is_missing() -> None:
    """An element only the jobcentre's list requires is missing for the jobcentre, not for the a-kasse."""
    kg, t = _lovlig(akassedeltagelse_typer())
    jobcenter = {
        f
        for p in punkter()
        if p.liste == "jobcenter"
        and p.registrering == "indkaldelse"
        and p.regel
        and not p.naar
        and not p.samtaleform
        and (not p.samtaletyper or t in p.samtaletyper)
        for f in p.kraever
    }
    akasse = {f for p in punkter() if p.liste == AKASSE and p.registrering == "indkaldelse" for f in p.kraever}
    kun_jobcenter = sorted(jobcenter - akasse)
    assert kun_jobcenter, "an element the jobcentre's list alone requires"
    uden = _forslag(t, vaerdier={**ALT, kun_jobcenter[0]: None})
    assert kun_jobcenter[0] in [v.felt for v in regler.check(uden, _situation(kg))]
    assert kun_jobcenter[0] not in [v.felt for v in regler.check(uden, _situation(kg, rolle=AKASSE))]


def test_unknown_codes() -> None:
    kg, t = _lovlig(akassedeltagelse_typer())
    forslag = _forslag(t, akasse_deltagelse=max(kodeliste("akassedeltagelse")) + 1)
    assert [(v.regel, v.felt) for v in regler.check(forslag, _situation(kg))] == [("KODE_UKENDT", "Indkaldelse/AkasseDeltagelsesstatus")]
