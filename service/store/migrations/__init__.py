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
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import Connection, Engine

from service.store.tables import Base

HERE = Path(__file__).resolve().parent
# The revision that is release 0.1.0's schema, made by create_all before migrations existed.
RELEASE_0_1_0 = "0001"


def config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    return cfg


def head() -> str:
    revision = ScriptDirectory.from_config(config()).get_current_head()
    assert revision is not None
    return revision


def current(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def differences(connection: Connection) -> list[Any]:
    """How the database's schema differs from the models' (alembic's comparison; empty: the same)."""
    return list(compare_metadata(MigrationContext.configure(connection), Base.metadata))


def upgrade(engine: Engine) -> None:
    """Bring the database to the newest revision. Tables without a version were made by `create_all`: by this
    release's models if they match them (stamped at head), else by release 0.1.0 (stamped at 0001, upgraded)."""
    cfg = config()
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        versioned = MigrationContext.configure(connection).get_current_revision() is not None
        if not versioned and inspect(connection).has_table("borger"):
            command.stamp(cfg, "head" if not differences(connection) else RELEASE_0_1_0)
        command.upgrade(cfg, "head")


def upgrade_url(database_url: str) -> tuple[str | None, str]:
    """`upgrade` on the database at the URL (on start, before the store opens it): the revisions before and after."""
    engine = create_engine(database_url)
    try:
        before = current(engine)
        upgrade(engine)
        return before, head()
    finally:
        engine.dispose()
