"""Sandboxes (issue 11): every table keyed by its sandbox (`sandkasse`), the sandbox registry with each
sandbox's business clock; the emulator-wide business date (`indstilling`) becomes the sandbox `default`'s.

Primary keys, unique indexes and foreign keys all change, which SQLite can only do by rebuilding the tables:
the rows are read, the old tables dropped, the new ones made (the schema of this revision, frozen below as
alembic's autogenerate wrote it) and the rows written back into the sandbox `default`. Serial ids are left to
the database (a PostgreSQL sequence would not know copied ones); the rows keep their order, which is what those
ids were read for. One-way: a database with several sandboxes has no schema before this one to go back to.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision: str | None = "0003"
branch_labels = None
depends_on = None

STANDARD = "default"


def upgrade() -> None:
    connection = op.get_bind()
    old = sa.MetaData()
    old.reflect(connection)
    old.remove(old.tables["alembic_version"])
    rows = {name: [dict(r._mapping) for r in connection.execute(sa.select(table))] for name, table in old.tables.items()}
    old.drop_all(connection)
    _create_tables()
    dato = next((r["vaerdi"] for r in rows.get("indstilling", []) if r["noegle"] == "forretningsdato"), None)
    oprettet = datetime.now(ZoneInfo("Europe/Copenhagen")).replace(tzinfo=None)
    new = sa.MetaData()
    new.reflect(connection)
    connection.execute(
        sa.insert(new.tables["sandkasse"]).values(
            navn=STANDARD, oprettet=oprettet, loebende=False, id_naeste=0, dato=date.fromisoformat(dato) if dato else None
        )
    )
    for table in new.sorted_tables:
        if table.name != "sandkasse" and rows.get(table.name):
            connection.execute(sa.insert(table), [_row(r, table) for r in sorted(rows[table.name], key=lambda r: r.get("id", 0))])


def _row(old: dict[str, Any], table: sa.Table) -> dict[str, Any]:
    return {k: v for k, v in old.items() if k != "id" and k in table.c} | {"sandkasse": STANDARD}


def downgrade() -> None:
    raise NotImplementedError("0004 (sandboxes) is one-way: restore a backup made before the upgrade")


def _create_tables() -> None:
    op.create_table(
        "borger",
        sa.Column("sandkasse", sa.String(length=40), nullable=False),
        sa.Column("cpr", sa.String(length=10), nullable=False),
        sa.Column("navn", sa.String(length=140), nullable=False),
        sa.Column("kommunekode", sa.String(length=8), nullable=False),
        sa.Column("jobcenterkode", sa.String(length=8), nullable=False),
        sa.Column("akassekode", sa.String(length=8), nullable=True),
        sa.PrimaryKeyConstraint("sandkasse", "cpr"),
    )
    op.create_table(
        "identifikator",
        sa.Column("sandkasse", sa.String(length=40), nullable=False),
        sa.Column("identifier", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("sandkasse", "identifier"),
    )
    op.create_table(
        "request_id",
        sa.Column("sandkasse", sa.String(length=40), nullable=False),
        sa.Column("request_id", sa.String(length=46), nullable=False),
        sa.Column("modtaget", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("sandkasse", "request_id"),
    )
    op.create_table(
        "sandkasse",
        sa.Column("navn", sa.String(length=40), nullable=False),
        sa.Column("oprettet", sa.DateTime(), nullable=False),
        sa.Column("dato", sa.Date(), nullable=True),
        sa.Column("tidspunkt", sa.DateTime(), nullable=True),
        sa.Column("loebende", sa.Boolean(), nullable=False),
        sa.Column("reference", sa.DateTime(), nullable=True),
        sa.Column("id_froe", sa.Integer(), nullable=True),
        sa.Column("id_naeste", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("navn"),
    )
    op.create_table(
        "fravaer",
        sa.Column("sandkasse", sa.String(length=40), nullable=False),
        sa.Column("identifier", sa.String(length=36), nullable=False),
        sa.Column("cpr", sa.String(length=10), nullable=False),
        sa.Column("fravaer_type", sa.Integer(), nullable=False),
        sa.Column("startdato", sa.Date(), nullable=False),
        sa.Column("slutdato", sa.Date(), nullable=True),
        sa.Column("anmeldelsesdato", sa.Date(), nullable=False),
        sa.Column("kommentar", sa.Text(), nullable=True),
        sa.Column("afslutningsaarsag", sa.Integer(), nullable=True),
        sa.Column("ledighedsgrad", sa.Integer(), nullable=True),
        sa.Column("cvr", sa.String(length=8), nullable=True),
        sa.Column("pnummer", sa.String(length=10), nullable=True),
        sa.Column("slettet", sa.Boolean(), nullable=False),
        sa.Column("berigtigelseskommentar", sa.Text(), nullable=True),
        sa.Column("registreret", sa.DateTime(), nullable=False),
        sa.Column("kontaktgruppe", sa.Integer(), nullable=True),
        sa.Column("personkategori", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(
            ["sandkasse", "cpr"],
            ["borger.sandkasse", "borger.cpr"],
        ),
        sa.PrimaryKeyConstraint("sandkasse", "identifier"),
    )
    op.create_index(op.f("ix_fravaer_cpr"), "fravaer", ["cpr"], unique=False)
    op.create_table(
        "indkaldelse",
        sa.Column("sandkasse", sa.String(length=40), nullable=False),
        sa.Column("identifier", sa.String(length=36), nullable=False),
        sa.Column("cpr", sa.String(length=10), nullable=False),
        sa.Column("aflyst", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["sandkasse", "cpr"],
            ["borger.sandkasse", "borger.cpr"],
        ),
        sa.PrimaryKeyConstraint("sandkasse", "identifier"),
    )
    op.create_index(op.f("ix_indkaldelse_cpr"), "indkaldelse", ["cpr"], unique=False)
    op.create_table(
        "kontaktgruppe",
        sa.Column("sandkasse", sa.String(length=40), nullable=False),
        sa.Column("identifier", sa.String(length=36), nullable=False),
        sa.Column("cpr", sa.String(length=10), nullable=False),
        sa.Column("kontaktgruppe_type", sa.Integer(), nullable=False),
        sa.Column("startdato", sa.Date(), nullable=False),
        sa.Column("slutdato", sa.Date(), nullable=True),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["sandkasse", "cpr"],
            ["borger.sandkasse", "borger.cpr"],
        ),
        sa.PrimaryKeyConstraint("sandkasse", "identifier"),
    )
    op.create_index(op.f("ix_kontaktgruppe_cpr"), "kontaktgruppe", ["cpr"], unique=False)
    op.create_index(
        "kontaktgruppe_en_aaben",
        "kontaktgruppe",
        ["sandkasse", "cpr"],
        unique=True,
        sqlite_where=sa.text("slutdato IS NULL"),
        postgresql_where=sa.text("slutdato IS NULL"),
    )
    op.create_table(
        "samtale",
        sa.Column("sandkasse", sa.String(length=40), nullable=False),
        sa.Column("identifier", sa.String(length=36), nullable=False),
        sa.Column("cpr", sa.String(length=10), nullable=False),
        sa.Column("samtale_type", sa.Integer(), nullable=False),
        sa.Column("afholdt", sa.DateTime(), nullable=False),
        sa.Column("samtaleform", sa.Integer(), nullable=False),
        sa.Column("deltagere", sa.JSON(), nullable=False),
        sa.Column("indkaldelse_identifier", sa.String(length=36), nullable=True),
        sa.Column("aftale", sa.Text(), nullable=True),
        sa.Column("akasse_deltagelse", sa.Integer(), nullable=True),
        sa.Column("nulstillende", sa.Boolean(), nullable=False),
        sa.Column("slettet", sa.Boolean(), nullable=False),
        sa.Column("registreret", sa.DateTime(), nullable=False),
        sa.Column("oplysninger", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["sandkasse", "cpr"],
            ["borger.sandkasse", "borger.cpr"],
        ),
        sa.PrimaryKeyConstraint("sandkasse", "identifier"),
    )
    op.create_index(op.f("ix_samtale_cpr"), "samtale", ["cpr"], unique=False)
    op.create_index(
        "samtale_ingen_dublet",
        "samtale",
        ["sandkasse", "cpr", "samtale_type", "afholdt"],
        unique=True,
        sqlite_where=sa.text("NOT slettet"),
        postgresql_where=sa.text("NOT slettet"),
    )
    op.create_table(
        "tilmelding",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("sandkasse", sa.String(length=40), nullable=False),
        sa.Column("cpr", sa.String(length=10), nullable=False),
        sa.Column("tilmeldt", sa.Boolean(), nullable=False),
        sa.Column("fra", sa.Date(), nullable=False),
        sa.Column("aarsag", sa.Text(), nullable=False),
        sa.Column("registreret", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["sandkasse", "cpr"],
            ["borger.sandkasse", "borger.cpr"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_tilmelding_cpr"), "tilmelding", ["cpr"], unique=False)
    op.create_index(op.f("ix_tilmelding_sandkasse"), "tilmelding", ["sandkasse"], unique=False)
    op.create_table(
        "indkaldelsesversion",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("sandkasse", sa.String(length=40), nullable=False),
        sa.Column("indkaldelse_identifier", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("aendring", sa.String(length=20), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("begrundelse", sa.Text(), nullable=True),
        sa.Column("registreret", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["sandkasse", "indkaldelse_identifier"],
            ["indkaldelse.sandkasse", "indkaldelse.identifier"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_indkaldelsesversion_indkaldelse_identifier"), "indkaldelsesversion", ["indkaldelse_identifier"], unique=False)
    op.create_index(op.f("ix_indkaldelsesversion_sandkasse"), "indkaldelsesversion", ["sandkasse"], unique=False)
    op.create_table(
        "personkategori",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("sandkasse", sa.String(length=40), nullable=False),
        sa.Column("kontaktgruppe_identifier", sa.String(length=36), nullable=False),
        sa.Column("personkategori", sa.Integer(), nullable=False),
        sa.Column("startdato", sa.Date(), nullable=False),
        sa.Column("slutdato", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["sandkasse", "kontaktgruppe_identifier"],
            ["kontaktgruppe.sandkasse", "kontaktgruppe.identifier"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_personkategori_kontaktgruppe_identifier"), "personkategori", ["kontaktgruppe_identifier"], unique=False)
    op.create_index(op.f("ix_personkategori_sandkasse"), "personkategori", ["sandkasse"], unique=False)
    op.create_table(
        "yderligere_information",
        sa.Column("sandkasse", sa.String(length=40), nullable=False),
        sa.Column("identifier", sa.String(length=36), nullable=False),
        sa.Column("fravaer_identifier", sa.String(length=36), nullable=False),
        sa.Column("delvis_startdato", sa.Date(), nullable=True),
        sa.Column("delvis_slutdato", sa.Date(), nullable=True),
        sa.Column("timer_pr_uge", sa.Integer(), nullable=True),
        sa.Column("forventet_inden_13_uger", sa.Boolean(), nullable=True),
        sa.Column("kommentar", sa.Text(), nullable=True),
        sa.Column("slettet", sa.Boolean(), nullable=False),
        sa.Column("registreret", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["sandkasse", "fravaer_identifier"],
            ["fravaer.sandkasse", "fravaer.identifier"],
        ),
        sa.PrimaryKeyConstraint("sandkasse", "identifier"),
    )
    op.create_index(op.f("ix_yderligere_information_fravaer_identifier"), "yderligere_information", ["fravaer_identifier"], unique=False)
