"""The absence engine of service/rules/engine.py, called directly: no SOAP, no store. Every type's limits come from
its file of service/rules/tables/fravaer/, so each test runs over the types the tables hold."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from service.rules import engine
from service.rules.fravaertyper import FravaerType, Raekke, fravaertyper, kontaktgruppetyper, personkategorier
from service.rules.periode import Periode, TilAlder, add_years

TODAY = date(2026, 3, 1)
FELTER = engine.Felter(fravaer_type="F/Type", startdato="F/Startdato", slutdato="F/Slutdato", kommentar="F/Kommentar")
NOEGLE_TIL_KODE = {p.noegle: p.kode for p in personkategorier().values()}


def _aaben(t: FravaerType) -> bool:
    return not t.lukket and (t.lukket_fra_startdato is None or t.lukket_fra_startdato > TODAY)


OPEN = [t for t in sorted(fravaertyper().values(), key=lambda t: t.id) if _aaben(t) and t.raekker]


def _regler(violations: list) -> list[str]:
    return [v.regel for v in violations]


def _raekke(t: FravaerType) -> Raekke:
    """The first row whose group has not ceased today (else the first row)."""
    return next((r for r in t.raekker if any(kontaktgruppetyper()[g].ophoert is None for g in r.kontaktgrupper)), t.raekker[0])


def _situation(t: FravaerType, r: Raekke | None = None, **kwargs: object) -> engine.Situation:
    r = r or _raekke(t)
    kg = next((g for g in r.kontaktgrupper if kontaktgruppetyper()[g].ophoert is None), r.kontaktgrupper[0])
    values: dict[str, object] = {
        "today": TODAY,
        "indberetter": t.indberettere[0],
        "kontaktgruppe": kg,
        "personkategori": r.personkategorier[0] if r.personkategorier else None,
        "foedselsdato": add_years(TODAY, -10),
    }
    return engine.Situation(**{**values, **kwargs})  # type: ignore[arg-type]


def _start(t: FravaerType, r: Raekke) -> date:
    """A start date every start rule of the type and row allows: today, or the row's first open day."""
    aaben_fra = t.aaben_fra_startdato_for(r).vaerdi
    return max(TODAY, aaben_fra) if aaben_fra else TODAY


def _forslag(t: FravaerType, r: Raekke | None = None, **kwargs: object) -> engine.Forslag:
    r = r or _raekke(t)
    start = _start(t, r)
    slut = start + timedelta(days=1) if t.slutdato_obligatorisk_for(r).vaerdi else None
    values: dict[str, object] = {"startdato": start, "slutdato": slut, "kommentar": "kommentar" if t.kommentar_obligatorisk else None}
    return engine.Forslag(fravaer_type=t.id, **{**values, **kwargs})  # type: ignore[arg-type]


@pytest.mark.parametrize("t", OPEN, ids=lambda t: f"{t.id:03d}")
def test_every_open_type_accepts_a_registration_inside_its_rows_limits(t: FravaerType) -> None:
    violations, raekke = engine.check_fravaer(_forslag(t), _situation(t), FELTER)
    assert violations == []
    assert raekke == _raekke(t)


def test_an_unknown_type_names_the_type_field() -> None:
    ukendt = max(fravaertyper()) + 1
    violations, raekke = engine.check_fravaer(engine.Forslag(fravaer_type=ukendt, startdato=TODAY), _situation(OPEN[0]), FELTER)
    assert [(v.regel, v.felt) for v in violations] == [("FRAVAER_TYPE_UKENDT", "F/Type")] and raekke is None


@pytest.mark.parametrize(
    "t", [t for t in OPEN if not t.tilbage_for(_raekke(t), t.indberettere[0]).vaerdi.ubegraenset], ids=lambda t: f"{t.id:03d}"
)
def test_backdating_stops_at_the_limit_that_applies(t: FravaerType) -> None:
    r = _raekke(t)
    gaeldende = t.tilbage_for(r, t.indberettere[0])
    graense = gaeldende.vaerdi.before(TODAY)
    aaben_fra = t.aaben_fra_startdato_for(r).vaerdi
    if aaben_fra is not None and graense - timedelta(days=1) < aaben_fra:
        graense = max(graense, aaben_fra)
    slut = graense + timedelta(days=1) if t.slutdato_obligatorisk_for(r).vaerdi else None
    paa = engine.check_fravaer(_forslag(t, startdato=graense, slutdato=slut), _situation(t), FELTER)[0]
    assert "FRAVAER_TILBAGEDATERING" not in _regler(paa)
    foer = engine.check_fravaer(
        _forslag(t, startdato=gaeldende.vaerdi.before(TODAY) - timedelta(days=1), slutdato=slut), _situation(t), FELTER
    )[0]
    [v] = [v for v in foer if v.regel == "FRAVAER_TILBAGEDATERING"]
    assert v.kilde == gaeldende.kilde and v.felt == "F/Startdato"


@pytest.mark.parametrize(
    "t",
    [
        t
        for t in OPEN
        if isinstance(t.max_varighed_for(_raekke(t)).vaerdi, Periode) and not t.max_varighed_for(_raekke(t)).vaerdi.ubegraenset
    ],
    ids=lambda t: f"{t.id:03d}",
)
def test_the_longest_period_is_the_rows_maximum(t: FravaerType) -> None:
    r = _raekke(t)
    varighed = t.max_varighed_for(r)
    assert isinstance(varighed.vaerdi, Periode)
    start = _start(t, r)
    assert "FRAVAER_MAX_VARIGHED" not in _regler(
        engine.check_fravaer(_forslag(t, slutdato=varighed.vaerdi.after(start)), _situation(t), FELTER)[0]
    )
    [v] = [
        v
        for v in engine.check_fravaer(_forslag(t, slutdato=varighed.vaerdi.after(start) + timedelta(days=1)), _situation(t), FELTER)[0]
        if v.regel == "FRAVAER_MAX_VARIGHED"
    ]
    assert v.kilde == varighed.kilde


def test_an_age_limit_ends_on_the_birthday() -> None:
    t = next(t for t in OPEN if isinstance(t.max_varighed, TilAlder))
    assert isinstance(t.max_varighed, TilAlder)
    foedt = add_years(TODAY, -(t.max_varighed.aar - 1))
    fylder = add_years(foedt, t.max_varighed.aar)
    situation = _situation(t, foedselsdato=foedt)
    assert "FRAVAER_MAX_VARIGHED" not in _regler(engine.check_fravaer(_forslag(t, slutdato=fylder), situation, FELTER)[0])
    assert "FRAVAER_MAX_VARIGHED" in _regler(engine.check_fravaer(_forslag(t, slutdato=fylder + timedelta(days=1)), situation, FELTER)[0])


def test_a_group_without_a_row_and_a_citizen_without_a_group() -> None:
    t = OPEN[0]
    uden = next(
        g
        for g in sorted(kontaktgruppetyper())
        if t.raekke_for(g, None) is None and all(t.raekke_for(g, k) is None for k in NOEGLE_TIL_KODE)
    )
    violations, raekke = engine.check_fravaer(_forslag(t), _situation(t, kontaktgruppe=uden, personkategori=None), FELTER)
    assert _regler(violations) == ["FRAVAER_KONTAKTGRUPPE"] and raekke is None
    assert _regler(engine.check_fravaer(_forslag(t), _situation(t, kontaktgruppe=None, personkategori=None), FELTER)[0]) == [
        "FRAVAER_KONTAKTGRUPPE_MANGLER"
    ]


def test_a_reporter_the_type_does_not_list() -> None:
    t = next(t for t in OPEN if "akasse" not in t.indberettere)
    [v] = engine.check_fravaer(_forslag(t), _situation(t, indberetter="akasse"), FELTER)[0]
    assert v.regel == "FRAVAER_INDBERETTER" and v.kilde == t.kilde


def test_end_before_start_and_a_mandatory_end_date() -> None:
    t = next(t for t in OPEN if t.slutdato_obligatorisk_for(_raekke(t)).vaerdi)
    start = _start(t, _raekke(t))
    assert _regler(engine.check_fravaer(_forslag(t, slutdato=start - timedelta(days=1)), _situation(t), FELTER)[0]) == [
        "FRAVAER_NEGATIV_VARIGHED"
    ]
    assert _regler(engine.check_fravaer(_forslag(t, slutdato=None), _situation(t), FELTER)[0]) == ["FRAVAER_SLUTDATO_OBLIGATORISK"]


def test_types_that_must_not_overlap() -> None:
    t = next(t for t in OPEN if t.overlap_forbudt_med)
    andet = t.overlap_forbudt_med[0]
    start = _start(t, _raekke(t))
    overlapper = engine.AndetFravaer(fravaer_type=andet, startdato=start - timedelta(days=3), slutdato=start)
    foer = engine.AndetFravaer(fravaer_type=andet, startdato=start - timedelta(days=3), slutdato=start - timedelta(days=1))
    assert _regler(engine.check_fravaer(_forslag(t), _situation(t, andre_fravaer=(overlapper,)), FELTER)[0]) == ["FRAVAER_OVERLAP"]
    assert engine.check_fravaer(_forslag(t), _situation(t, andre_fravaer=(foer,)), FELTER)[0] == []


def test_back_at_most_to_the_latest_conversation() -> None:
    t = next(t for t in OPEN if t.tilbage_til_sidste_samtale)
    r = _raekke(t)
    samtale = TODAY - timedelta(days=2)
    situation = _situation(t, sidste_samtale=samtale)
    assert "FRAVAER_TILBAGE_SIDSTE_SAMTALE" not in _regler(engine.check_fravaer(_forslag(t, r, startdato=samtale), situation, FELTER)[0])
    assert "FRAVAER_TILBAGE_SIDSTE_SAMTALE" in _regler(
        engine.check_fravaer(_forslag(t, r, startdato=samtale - timedelta(days=1)), situation, FELTER)[0]
    )


def test_a_change_is_not_judged_by_the_start_rules_again() -> None:
    """Time moving on must not make a valid registration invalid: an old start date and a reporter the type does not
    list are not judged when the end date changes; the period rules are."""
    t = next(t for t in OPEN if not t.tilbage_for(_raekke(t)).vaerdi.ubegraenset)
    gammel = TODAY - timedelta(days=400)
    situation = _situation(t, indberetter="ingen")
    assert engine.check_aendring(_forslag(t, startdato=gammel, slutdato=gammel + timedelta(days=1)), situation, FELTER) == []
    assert _regler(engine.check_aendring(_forslag(t, startdato=gammel, slutdato=gammel - timedelta(days=1)), situation, FELTER)) == [
        "FRAVAER_NEGATIV_VARIGHED"
    ]


def test_the_notice_date_is_not_after_today_and_names_its_own_field() -> None:
    assert engine.check_anmeldelsesdato(TODAY, TODAY, FELTER) == []
    [v] = engine.check_anmeldelsesdato(TODAY + timedelta(days=1), TODAY, FELTER)
    assert (v.regel, v.felt) == ("ANMELDELSESDATO_FREMTID", "F/Anmeldelsesdato")
