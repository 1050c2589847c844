"""Schema migrations (Alembic): a database made by an earlier release is brought to this release's schema on start.

`upgrade(engine)` runs every revision of versions/ the database has not had. A database made by release
0.1.0, before migrations existed, has the tables and no `alembic_version`: it is stamped at revision 0001
(0.1.0's schema, frozen) and upgraded from there. An empty database is made by the revisions alone.

Adding a revision: change service/store/tables.py, then write versions/NNNN_<what>.py with `revision`,
`down_revision` (the previous one) and `upgrade()`/`downgrade()` in alembic's `op` calls (alembic's
autogenerate against a database at head gives a first draft); tests/test_migrations.py fails until the
revisions make exactly the models' schema, and upgrades the 0.1.0 database file in tests/data/.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Column, MetaData, PrimaryKeyConstraint, String, Table, create_engine, inspect, select, text
from sqlalchemy.engine import Connection, Engine

from service.store.tables import Base

if TYPE_CHECKING:
    from alembic.config import Config

HERE = Path(__file__).resolve().parent
# The revision that is release 0.1.0's schema, made by create_all before migrations existed.
RELEASE_0_1_0 = "0001"
# The newest revision in versions/ (tests/test_migrations.py checks it is alembic's head). A start on a database
# already at it, or on an empty one, needs no Alembic: importing it and reading the revisions was most of the
# start-up time (issue 8 item 10: first answer under 1 s).
HEAD = "0005"
# Alembic's own version table, as it creates it.
_VERSION = Table(
    "alembic_version",
    MetaData(),
    Column("version_num", String(32), nullable=False),
    PrimaryKeyConstraint("version_num", name="alembic_version_pkc"),
)
# The key of PostgreSQL's advisory lock around making the schema (service/store/sql.py's, for the registry).
_SCHEMA_LOCK = 0x5A4D_0011


def config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    return cfg


def head() -> str:
    from alembic.script import ScriptDirectory

    revision = ScriptDirectory.from_config(config()).get_current_head()
    assert revision is not None
    return revision


def current(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def differences(connection: Connection) -> list[Any]:
    """How the database's schema differs from the models' (alembic's comparison; empty: the same)."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    return list(compare_metadata(MigrationContext.configure(connection), Base.metadata))


def upgrade(engine: Engine) -> None:
    """Bring the database to the newest revision. Tables without a version were made by `create_all`: by this
    release's models if they match them (stamped at head), else by release 0.1.0 (stamped at 0001, upgraded)."""
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    cfg = config()
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        versioned = MigrationContext.configure(connection).get_current_revision() is not None
        if not versioned and inspect(connection).has_table("borger"):
            command.stamp(cfg, "head" if not differences(connection) else RELEASE_0_1_0)
        command.upgrade(cfg, "head")


def upgrade_url(database_url: str) -> tuple[str | None, str]:
    """`upgrade` on the database at the URL (on start, before the store opens it): the revisions before and after.

    Without Alembic where it has nothing to do: a database at HEAD is left as it is, and an empty one is made
    by the models and stamped at HEAD, which is what the revisions make (tests/test_migrations.py compares them)."""
    engine = create_engine(database_url)
    try:
        before = _version_or_empty(engine)
        if before in (HEAD, ""):
            return before or None, HEAD
        upgrade(engine)
        return before, head()
    finally:
        engine.dispose()


def _version_or_empty(engine: Engine) -> str | None:
    """The database's revision by a plain read; "" for an empty database, which is then made at HEAD."""
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":  # two processes starting at once make it once
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _SCHEMA_LOCK})
        tables = inspect(connection).get_table_names()
        if "alembic_version" in tables:
            return connection.execute(select(_VERSION.c.version_num)).scalar()
        if tables:
            return None  # tables without a version: upgrade() stamps them by what they are
        Base.metadata.create_all(connection)
        _VERSION.create(connection)
        connection.execute(_VERSION.insert().values(version_num=HEAD))
        return ""
