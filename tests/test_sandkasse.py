"""Sandboxes (interface.md § 6a): /sandkasse/<navn>/<Service> is an emulator of its own; nothing crosses."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import zeep
from lxml import etree
from werkzeug.test import Client

from service.app import create_app
from service.config import Settings
from service.domain.clock import COPENHAGEN, FixedClock
from service.domain.ids import IdGenerator
from service.harness.transport import WsgiTransport
from tests.conftest import BASE, DATABASE_URL, TODAY, Dfdg, refused

CPR = "0101801234"
_clients: dict[tuple[int, str], Dfdg] = {}


def sandkasse(emulator, navn: str) -> Dfdg:
    """The emulator as a vendor sees it through one sandbox's paths."""
    key = (id(emulator), navn)
    if key not in _clients:
        transport = WsgiTransport(emulator, BASE)
        clients = {name: zeep.Client(f"{BASE}/sandkasse/{navn}/{name}?wsdl", transport=transport) for name in emulator.services}
        _clients[key] = Dfdg(clients, emulator)
    return _clients[key]


@pytest.fixture
def a(dfdg):
    return sandkasse(dfdg.emulator, "team-a")


@pytest.fixture
def b(dfdg):
    return sandkasse(dfdg.emulator, "ci-job-42")


def test_two_sandboxes_with_different_dates_and_the_same_cpr_see_only_their_own(dfdg, a, b):
    a.testsupport.SetDato(date(2026, 3, 1))
    b.testsupport.SetDato(date(2026, 6, 30))
    a.borger(CPR, kontaktgruppe=24)
    b.borger(CPR, kontaktgruppe=2)
    a.sygemeld(CPR, date(2026, 2, 20))
    assert a.testsupport.GetDato() == date(2026, 3, 1) and b.testsupport.GetDato() == date(2026, 6, 30)
    assert dfdg.testsupport.GetDato() == TODAY  # the plain paths are `default`, untouched
    assert [g.KontaktgruppeType for g in a.tilstand(CPR).Kontaktgruppe] == [24]
    assert [g.KontaktgruppeType for g in b.tilstand(CPR).Kontaktgruppe] == [2]
    assert len(a.tilstand(CPR).Fravaer) == 1 and b.tilstand(CPR).Fravaer == []
    assert refused(dfdg.tilstand, CPR)[0] == 1010


def test_nulstil_in_one_sandbox_leaves_the_other(dfdg, a, b):
    for s in (a, b, dfdg):
        s.testsupport.SetDato(date(2026, 5, 5))
        s.borger(CPR)
    a.testsupport.Nulstil()
    assert refused(a.tilstand, CPR)[0] == 1010
    assert a.testsupport.GetDato() == date(2026, 1, 1)  # back to the wall clock (FixedClock here)
    assert b.tilstand(CPR).Borger.PersonCivilRegistrationIdentifier == CPR and b.testsupport.GetDato() == date(2026, 5, 5)
    assert dfdg.tilstand(CPR) and dfdg.testsupport.GetDato() == date(2026, 5, 5)


def test_a_request_id_and_a_client_supplied_id_are_remembered_per_sandbox(dfdg, a, b):
    guid = "3f2b1c0d-0000-4000-8000-00000000abcd"
    for s in (a, b):
        s.testsupport.SetDato(TODAY)
        s.borger(CPR)
        result = s.sygemelding.CreateSygemelding(
            PersonCivilRegistrationIdentifier=CPR,
            Sygemelding={"FravaerIdentifier": guid, "Startdato": TODAY, "Anmeldelsesdato": TODAY},
            _soapheaders=s.headers(request_id="req-1"),
        )
        assert result.FravaerIdentifier == guid
    # Within one sandbox the RequestId is taken (7001) and so is the id (4977).
    again = {"Startdato": TODAY, "Anmeldelsesdato": TODAY}
    assert (
        refused(
            a.sygemelding.CreateSygemelding,
            PersonCivilRegistrationIdentifier=CPR,
            Sygemelding=again,
            _soapheaders=a.headers(request_id="req-1"),
        )[0]
        == 7001
    )
    assert (
        refused(
            b.sygemelding.CreateSygemelding,
            PersonCivilRegistrationIdentifier=CPR,
            Sygemelding={"FravaerIdentifier": guid, "Startdato": TODAY, "Anmeldelsesdato": TODAY},
            _soapheaders=b.headers(),
        )[0]
        == 4977
    )


def test_the_measurement_counts_only_the_sandboxes_own_citizens(dfdg, a, b):
    start = date(2025, 6, 1)
    for s in (a, b):
        s.testsupport.SetDato(date(2026, 1, 1))
    for n in range(3):
        a.borger(f"01018{n:05d}", kontaktgruppe=2, start=start, personkategori=4)
    b.borger("0202801111", kontaktgruppe=2, start=start, personkategori=4)

    def borgere(s: Dfdg) -> set[str]:
        rows = s.kontaktforloeb.GetOpfoelgningsstatus(Kommunekode="101", Dato=date(2026, 1, 1), _soapheaders=s.headers((7, "101")))
        return {c.PersonCivilRegistrationIdentifier for row in rows for c in (row.Borger or [])}

    assert borgere(a) == {f"01018{n:05d}" for n in range(3)}
    assert borgere(b) == {"0202801111"}
    assert borgere(dfdg) == set()


def test_the_wsdl_of_a_sandbox_points_at_the_sandbox_in_both_path_forms(dfdg):
    web = Client(dfdg.emulator)
    for path, address in (
        ("/sandkasse/team-a/SygemeldingService?wsdl", "http://localhost/sandkasse/team-a/SygemeldingService"),
        (
            "/sandkasse/team-a/PjakTassWCF/1/SygemeldingService.svc?wsdl",
            "http://localhost/sandkasse/team-a/PjakTassWCF/1/SygemeldingService.svc",
        ),
    ):
        wsdl = etree.fromstring(web.get(path).data)
        [location] = wsdl.xpath("//soap:address/@location", namespaces={"soap": "http://schemas.xmlsoap.org/wsdl/soap/"})
        assert location == address
    # DFDG's path form below a sandbox is that sandbox.
    transport = WsgiTransport(dfdg.emulator, BASE)
    svc = zeep.Client(f"{BASE}/sandkasse/team-a/PjakTassWCF/1/TestSupportService.svc?wsdl", transport=transport).service
    svc.SetDato(date(2026, 8, 8))
    assert sandkasse(dfdg.emulator, "team-a").testsupport.GetDato() == date(2026, 8, 8)
    assert dfdg.testsupport.GetDato() == TODAY


@pytest.mark.parametrize("navn", ["Team-A", "a" * 41, "æøå", "a_b", ""])
def test_a_sandbox_name_outside_a_z_0_9_and_dash_is_404(dfdg, navn):
    response = Client(dfdg.emulator).post(f"/sandkasse/{navn}/TestSupportService", data=b"<x/>")
    assert response.status_code == 404


def test_sandboxes_are_listed_and_one_is_deleted_with_everything_in_it(dfdg, a, b):
    a.testsupport.SetDato(date(2026, 4, 4))
    a.borger(CPR)
    b.testsupport.GetDato()  # first use creates it
    listed = {s.Navn: s for s in dfdg.testsupport.GetSandkasser()}
    assert {"default", "team-a", "ci-job-42"} <= set(listed)
    assert (listed["team-a"].Dato, listed["team-a"].Borgere, listed["team-a"].Loebende) == (date(2026, 4, 4), 1, False)
    assert listed["team-a"].Tidspunkt == datetime(2026, 4, 4, 12, 0, tzinfo=COPENHAGEN)
    assert [s.Navn for s in dfdg.testsupport.GetSandkasser("ci-job-42")] == ["ci-job-42"]
    dfdg.testsupport.SletSandkasse("team-a")
    assert "team-a" not in {s.Navn for s in dfdg.testsupport.GetSandkasser()}
    assert refused(a.tilstand, CPR)[0] == 1010  # used again: created anew, empty
    assert a.testsupport.GetDato() == date(2026, 1, 1)
    assert refused(dfdg.testsupport.SletSandkasse, "findes-ikke")[0] == 7052


def test_beyond_the_maximum_a_new_sandbox_is_refused_with_a_clear_fault_and_nothing_is_created(tmp_path):
    url = DATABASE_URL if DATABASE_URL.startswith("postgresql") else f"sqlite:///{tmp_path / 'maks.db'}"
    app = create_app(Settings(database_url=url, max_sandboxes=2), FixedClock(), IdGenerator(0))
    try:
        app.deps.store.reset()
        sandkasse(app, "en").testsupport.GetDato()
        sandkasse(app, "to").testsupport.GetDato()
        code, violations, message = refused(sandkasse(app, "tre").testsupport.GetDato)
        assert (code, violations[0]["RuleIdentifier"]) == (7051, "SANDKASSE_GRAENSE")
        assert "tre" in message and "2 sandkasser" in message
        assert [s.navn for s in app.deps.store.sandkasser()] == ["en", "to"]
        sandkasse(app, "en").testsupport.SletSandkasse("to")
        assert sandkasse(app, "tre").testsupport.GetDato() == date(2026, 1, 1)
    finally:
        app.deps.store.reset()
        app.deps.store.dispose()


def test_a_seeded_nulstil_gives_the_same_ids_in_every_sandbox_and_every_run(dfdg, a, b):
    ids = []
    for s in (a, b, a):
        s.testsupport.Nulstil(IdFroe=7)
        s.testsupport.SetDato(TODAY)
        s.borger(CPR)
        ids.append(s.sygemeld(CPR, TODAY).FravaerIdentifier)
    assert ids[0] == ids[1] == ids[2]
    a.testsupport.Nulstil()
    a.testsupport.SetDato(TODAY)
    a.borger(CPR)
    assert a.sygemeld(CPR, TODAY).FravaerIdentifier != ids[0]


@pytest.fixture
def old_database_url(tmp_path):
    """An empty database of its own: a SQLite file, or on PostgreSQL a schema of its own (search_path)."""
    if not DATABASE_URL.startswith("postgresql"):
        yield f"sqlite:///{tmp_path / 'old.db'}"
        return
    import uuid

    from sqlalchemy import create_engine, text

    schema = f"migr_{uuid.uuid4().hex[:8]}"
    admin = create_engine(DATABASE_URL)
    with admin.begin() as c:
        c.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        yield f"{DATABASE_URL}{'&' if '?' in DATABASE_URL else '?'}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as c:
            c.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def test_a_database_from_before_sandboxes_is_moved_into_default(old_database_url):
    from alembic import command
    from sqlalchemy import MetaData, create_engine, insert

    from service.cli import _migrate
    from service.store.migrations import config
    from service.store.sql import Store

    # The schema as the release before sandboxes left it (revision 0003), with a citizen, its enrolment history,
    # a claimed identifier and the emulator-wide business date.
    engine = create_engine(old_database_url)
    cfg = config()
    with engine.begin() as c:
        cfg.attributes["connection"] = c
        command.upgrade(cfg, "0003")
    old = MetaData()
    old.reflect(engine)
    borger, tilmelding, identifikator, indstilling = (old.tables[n] for n in ("borger", "tilmelding", "identifikator", "indstilling"))
    with engine.begin() as c:
        c.execute(insert(borger).values(cpr="0101801234", navn="Gammel", kommunekode="101", jobcenterkode="10100"))
        c.execute(
            insert(tilmelding),
            [
                {"cpr": "0101801234", "tilmeldt": t, "fra": date(2025, 1, d), "aarsag": "x", "registreret": datetime(2025, 1, 1, 12)}
                for t, d in ((True, 1), (False, 9))
            ],
        )
        c.execute(insert(identifikator).values(identifier="3f2b1c0d-0000-4000-8000-00000000abcd"))
        c.execute(insert(indstilling).values(noegle="forretningsdato", vaerdi="2026-02-02"))
    engine.dispose()
    _migrate(old_database_url)  # what `serve` does before it serves: revision 0004 moves everything into `default`
    store = Store(old_database_url)
    try:
        [default] = store.sandkasser()
        assert (default.navn, default.ur.dato, default.borgere) == ("default", date(2026, 2, 2), 1)
        with store.transaction() as repo:
            assert repo.get_borger("0101801234").navn == "Gammel"
            repo.add_tilmelding(
                type(repo.tilmeldinger("0101801234")[0])(
                    cpr="0101801234",
                    tilmeldt=True,
                    fra=date(2025, 2, 1),
                    aarsag="ny",
                    registreret=datetime(2025, 2, 1, 12, tzinfo=COPENHAGEN),
                )
            )
            assert [t.fra for t in repo.tilmeldinger("0101801234")] == [date(2025, 1, 1), date(2025, 1, 9), date(2025, 2, 1)]
            assert repo.claim_identifier("3f2b1c0d-0000-4000-8000-00000000abcd") is False
        with store.transaction(sandkasse="ny") as repo:
            assert repo.get_borger("0101801234") is None
    finally:
        store.dispose()
    _migrate(old_database_url)  # a second start finds nothing to migrate
    Store(old_database_url).dispose()


def test_the_rest_face_works_in_the_sandbox_of_its_path(dfdg, a, rest):
    a.testsupport.SetDato(date(2026, 3, 1))
    a.borger(CPR, kontaktgruppe=24)
    dfdg.borger(CPR, kontaktgruppe=24)
    sygemelding = {"sygemelding": {"startdato": "2026-02-01", "anmeldelsesdato": "2026-03-01"}}
    fid = rest.ok("POST", "/sandkasse/team-a/v1/Sygemelding", cpr=CPR, json=sygemelding)
    assert [f.FravaerIdentifier for f in a.tilstand(CPR).Fravaer] == [fid]
    assert dfdg.tilstand(CPR).Fravaer == []  # default saw nothing
    assert [f["fravaerIdentifier"] for f in rest.ok("GET", "/sandkasse/team-a/v1/Fravaer/", cpr=CPR)] == [fid]
    assert rest.ok("GET", "/v1/Fravaer/", cpr=CPR) == []
