"""Schema migrations (service/store/migrations/): a database made by release 0.1.0 (tests/data/dfdg-0.1.0.db,
made by `create_all` before migrations existed: a citizen with contact group 24 and one sick notice) is
upgraded on start and keeps its data; the revisions make exactly the models' schema."""

from __future__ import annotations

import shutil
from pathlib import Path

import zeep
from sqlalchemy import create_engine, text

from service.app import create_app
from service.cli import _migrate
from service.config import Settings
from service.domain.clock import FixedClock
from service.domain.ids import IdGenerator
from service.harness.transport import WsgiTransport
from service.store.migrations import HEAD, current, differences, head, upgrade, upgrade_url
from tests.conftest import BASE

RELEASE_DB = Path(__file__).parent / "data" / "dfdg-0.1.0.db"
SYGEMELDING = "eb1167b3-67a9-4378-bc65-c1e582e2e662"


def test_an_empty_database_is_made_by_the_revisions_exactly_as_the_models_say(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'ny.db'}")
    upgrade(engine)
    assert current(engine) == head()
    with engine.connect() as connection:
        assert differences(connection) == [], "service/store/tables.py changed without a revision in migrations/versions/"
    upgrade(engine)  # a second start changes nothing
    assert current(engine) == head()
    engine.dispose()


def test_head_names_the_newest_revision():
    """upgrade_url skips Alembic for a database at HEAD: HEAD must be the newest revision of versions/."""
    assert head() == HEAD


def test_an_empty_database_made_at_start_without_alembic_is_what_the_revisions_make(tmp_path):
    url = f"sqlite:///{tmp_path / 'start.db'}"
    assert upgrade_url(url) == (None, HEAD)
    engine = create_engine(url)
    assert current(engine) == head()
    with engine.connect() as connection:
        assert differences(connection) == []
    engine.dispose()
    assert upgrade_url(url) == (HEAD, HEAD)  # a second start reads the version and changes nothing


def test_the_release_0_1_0_database_is_upgraded_on_start_and_keeps_its_data(tmp_path, capsys):
    path = tmp_path / "dfdg.db"
    shutil.copy(RELEASE_DB, path)
    url = f"sqlite:///{path}"
    engine = create_engine(url)
    assert current(engine) is None, "0.1.0 had no migrations"
    _migrate(url)  # what `dfdg-emulator serve` does before it serves
    assert current(engine) == head()
    with engine.connect() as connection:
        assert differences(connection) == []
        # The identifiers 0.1.0 held are claimed, so a client cannot supply one of them again (4977).
        claimed = set(connection.execute(text("SELECT identifier FROM identifikator")).scalars())
        stored = {connection.execute(text(f"SELECT identifier FROM {t}")).scalar() for t in ("fravaer", "kontaktgruppe")}
        assert SYGEMELDING in stored and claimed == stored
    engine.dispose()
    assert "database schema upgraded" in capsys.readouterr().out

    app = create_app(Settings(database_url=url), FixedClock(), IdGenerator(7))
    try:
        service = zeep.Client(f"{BASE}/TestSupportService?wsdl", transport=WsgiTransport(app, BASE)).service
        tilstand = service.GetTilstand("0101801234")
        assert [f.FravaerIdentifier for f in tilstand.Fravaer] == [SYGEMELDING]
        assert [k.KontaktgruppeType for k in tilstand.Kontaktgruppe] == [24]
    finally:
        app.deps.store.dispose()


def test_a_versionless_database_is_stamped_by_what_its_tables_are(tmp_path):
    """0.1.0's tables are stamped at 0001; tables made by this release's create_all are stamped at head."""
    made_by_models = tmp_path / "models.db"
    create_app(Settings(database_url=f"sqlite:///{made_by_models}")).deps.store.dispose()
    engine = create_engine(f"sqlite:///{made_by_models}")
    assert current(engine) is None
    upgrade(engine)
    assert current(engine) == head()
    engine.dispose()
