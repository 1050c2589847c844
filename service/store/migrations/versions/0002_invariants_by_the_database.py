"""The invariants held by the database (issue 8): every identifier in use claimed in `identifikator`, one open
contact group per citizen and no duplicate live conversation as unique partial indexes.

The identifiers a 0.1.0 database already holds are claimed here, so a client cannot supply one of them again.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision: str | None = "0001"
branch_labels = None
depends_on = None

ENTITIES = ("fravaer", "kontaktgruppe", "yderligere_information", "samtale", "indkaldelse")


def upgrade() -> None:
    op.create_table("identifikator", sa.Column("identifier", sa.String(length=36), nullable=False), sa.PrimaryKeyConstraint("identifier"))
    op.execute("INSERT INTO identifikator (identifier) " + " UNION ".join(f"SELECT identifier FROM {t}" for t in ENTITIES))
    op.create_index(
        "kontaktgruppe_en_aaben",
        "kontaktgruppe",
        ["cpr"],
        unique=True,
        sqlite_where=sa.text("slutdato IS NULL"),
        postgresql_where=sa.text("slutdato IS NULL"),
    )
    op.create_index(
        "samtale_ingen_dublet",
        "samtale",
        ["cpr", "samtale_type", "afholdt"],
        unique=True,
        sqlite_where=sa.text("NOT slettet"),
        postgresql_where=sa.text("NOT slettet"),
    )


def downgrade() -> None:
    op.drop_index("samtale_ingen_dublet", table_name="samtale")
    op.drop_index("kontaktgruppe_en_aaben", table_name="kontaktgruppe")
    op.drop_table("identifikator")
