"""Tests generated from the absence tables of source 002 (service/rules/tables/fravaer/), through both faces
(SOAP with zeep, REST: the `face` fixture).

For every type and contact-group row an accepted registration; for every type a refused contact
group; the backdating boundary of every type; the duration boundary of every maximum; closed types;
reporter bans. The expected outcomes come from the table rows, which cite 002's lines.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from service.rules.fravaertyper import fravaertyper, kontaktgruppetyper, personkategorier
from service.rules.periode import Periode
from tests.conftest import TODAY, refused

SYGEMELDING = 11  # registered through SygemeldingService, tested there
TYPES = [t for t in sorted(fravaertyper().values(), key=lambda t: t.id) if t.id != SYGEMELDING]
KODE = {p.noegle: p.kode for p in personkategorier().values()}
ACTIVE_GROUPS = [g.id for g in kontaktgruppetyper().values() if g.ophoert is None]
ROLES = {"jobcenter": ((8, "10100"), 3), "akasse": ((3, "55"), 3), "ksd": ((9, "101"), 3), "borger": ((1, "1"), 1)}


def closed(t) -> bool:
    lukket_fra = t.lukket_fra_startdato
    return t.lukket or (lukket_fra is not None and lukket_fra <= TODAY)


def role_for(t) -> str:
    return next(r for r in ("jobcenter", "akasse", "ksd", "borger") if r in t.indberettere)


def create(face, t, kontaktgruppe, personkategori=None, start=TODAY, slut=None, role=None, cpr="0101801234"):
    face.borger(cpr=cpr, kontaktgruppe=kontaktgruppe, personkategori=KODE.get(personkategori), akasse="55")
    role = role or role_for(t)
    org, user_type = ROLES[role]
    if slut is None and t.slutdato_obligatorisk:
        slut = max(start, TODAY) if t.slutdato_ikke_tilbage else start
    fravaer = {
        "FravaerType": t.id,
        "Startdato": start,
        "Slutdato": slut,
        "Anmeldelsesdato": TODAY,
        "Kommentar": "Registreret i test" if t.kommentar_obligatorisk else None,
    }
    # A citizen on Jobnet reports for itself: its CPR is the UserIdentifier.
    user = cpr if role == "borger" else "sagsbehandler1"
    return face.create_fravaer(cpr, fravaer, org, user_type, user)


def rule_ids(violations) -> set[str]:
    return {v["RuleIdentifier"] for v in violations}


ROW_CASES = [
    (t, kg, (r.personkategorier or (None,))[0], r)
    for t in TYPES
    for r in t.raekker
    for kg in r.kontaktgrupper
    if kontaktgruppetyper()[kg].ophoert is None
]


@pytest.mark.parametrize(
    "t, kontaktgruppe, personkategori, raekke", ROW_CASES, ids=[f"{t.id:03d}-kg{kg}-{pk or 'alle'}" for t, kg, pk, _ in ROW_CASES]
)
def test_every_row_accepts_a_registration_today(face, t, kontaktgruppe, personkategori, raekke):
    if closed(t):
        code, violations, _ = refused(create, face, t, kontaktgruppe, personkategori)
        assert "FRAVAER_LUKKET" in rule_ids(violations)
        return
    identifier = create(face, t, kontaktgruppe, personkategori)
    assert face.get_fravaer("0101801234", identifier) == (t.id, TODAY, "Aktiv")
    tilmeldt = face.tilstand("0101801234").TilmeldtSomJobsoegende
    assert tilmeldt is (raekke.afmeldes == "nej"), "the row's Afmeldes column decides the registration"


def refused_group(t):
    """A contact group in use (and subgroup, or none) that no row of the type matches."""
    pairs = [(g, pk) for g in ACTIVE_GROUPS for pk in (None, *kontaktgruppetyper()[g].personkategorier)]
    return next(((g, pk) for g, pk in pairs if not any(r.matches(g, pk) for r in t.raekker)), None)


@pytest.mark.parametrize("t", TYPES, ids=[f"{t.id:03d}" for t in TYPES])
def test_every_type_refuses_a_contact_group_without_a_row(face, t):
    pair = refused_group(t)
    if pair is None:
        # "Alle andre kontaktgrupper" (id 75, 002 l. 4128-4131): every group in use has a row.
        assert t.id == 75
        return
    code, violations, _ = refused(create, face, t, *pair)
    assert "FRAVAER_KONTAKTGRUPPE" in rule_ids(violations)


def first_open_row(t):
    return next((r for r in t.raekker for kg in r.kontaktgrupper if kontaktgruppetyper()[kg].ophoert is None), None)


BACKDATED = [t for t in TYPES if not closed(t) and not t.tilbage_for(first_open_row(t), role_for(t)).vaerdi.ubegraenset]


@pytest.mark.parametrize("t", BACKDATED, ids=[f"{t.id:03d}" for t in BACKDATED])
def test_backdating_boundary_of_every_type(face, t):
    r = first_open_row(t)
    kg = next(g for g in r.kontaktgrupper if kontaktgruppetyper()[g].ophoert is None)
    pk = (r.personkategorier or (None,))[0]
    limit = t.tilbage_for(r, role_for(t)).vaerdi.before(TODAY)
    create(face, t, kg, pk, start=limit, cpr="0101801234")
    code, violations, _ = refused(create, face, t, kg, pk, start=limit - timedelta(days=1), cpr="0202802345")
    assert "FRAVAER_TILBAGEDATERING" in rule_ids(violations)


DURATIONS = [
    (t, r)
    for t in TYPES
    if not closed(t)
    for r in t.raekker
    if any(kontaktgruppetyper()[g].ophoert is None for g in r.kontaktgrupper)
    and isinstance(t.max_varighed_for(r).vaerdi, Periode)
    and not t.max_varighed_for(r).vaerdi.ubegraenset
]
# One case per distinct maximum of a type (rows that share the type's maximum are the same rule).
DURATIONS = list({(t.id, t.max_varighed_for(r).vaerdi): (t, r) for t, r in DURATIONS}.values())


@pytest.mark.parametrize(
    "t, raekke", DURATIONS, ids=[f"{t.id:03d}-{t.max_varighed_for(r).vaerdi.tekst.replace(' ', '')}" for t, r in DURATIONS]
)
def test_duration_boundary_of_every_maximum(face, t, raekke):
    kg = next(g for g in raekke.kontaktgrupper if kontaktgruppetyper()[g].ophoert is None)
    pk = (raekke.personkategorier or (None,))[0]
    varighed = t.max_varighed_for(raekke).vaerdi
    assert isinstance(varighed, Periode)
    limit = varighed.after(TODAY)
    create(face, t, kg, pk, slut=limit, cpr="0101801234")
    code, violations, _ = refused(create, face, t, kg, pk, slut=limit + timedelta(days=1), cpr="0202802345")
    assert "FRAVAER_MAX_VARIGHED" in rule_ids(violations)


BANS = [(t, role) for t in TYPES if not closed(t) for role in ROLES if role not in t.indberettere]


@pytest.mark.parametrize("t, role", BANS, ids=[f"{t.id:03d}-{role}" for t, role in BANS])
def test_reporters_the_table_does_not_name_are_refused(face, t, role):
    r = first_open_row(t)
    kg = next(g for g in r.kontaktgrupper if kontaktgruppetyper()[g].ophoert is None)
    code, violations, _ = refused(create, face, t, kg, (r.personkategorier or (None,))[0], role=role)
    assert "FRAVAER_INDBERETTER" in rule_ids(violations)
