"""Release 0.1.0's schema: the tables as `Base.metadata.create_all` made them before migrations existed.

A database made by 0.1.0 has these tables and no `alembic_version`; service/store/migrations stamps it at
this revision and upgrades it from here. Generated from the models by alembic's autogenerate, then frozen:
a change of service/store/tables.py is a new revision, never an edit of this one.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision: str | None = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "borger",
        sa.Column("cpr", sa.String(length=10), nullable=False),
        sa.Column("navn", sa.String(length=140), nullable=False),
        sa.Column("kommunekode", sa.String(length=8), nullable=False),
        sa.Column("jobcenterkode", sa.String(length=8), nullable=False),
        sa.Column("akassekode", sa.String(length=8), nullable=True),
        sa.PrimaryKeyConstraint("cpr"),
    )
    op.create_table(
        "indstilling",
        sa.Column("noegle", sa.String(length=40), nullable=False),
        sa.Column("vaerdi", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("noegle"),
    )
    op.create_table(
        "request_id",
        sa.Column("request_id", sa.String(length=46), nullable=False),
        sa.Column("modtaget", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("request_id"),
    )
    op.create_table(
        "fravaer",
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
            ["cpr"],
            ["borger.cpr"],
        ),
        sa.PrimaryKeyConstraint("identifier"),
    )
    op.create_index(op.f("ix_fravaer_cpr"), "fravaer", ["cpr"], unique=False)
    op.create_table(
        "indkaldelse",
        sa.Column("identifier", sa.String(length=36), nullable=False),
        sa.Column("cpr", sa.String(length=10), nullable=False),
        sa.Column("aflyst", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cpr"],
            ["borger.cpr"],
        ),
        sa.PrimaryKeyConstraint("identifier"),
    )
    op.create_index(op.f("ix_indkaldelse_cpr"), "indkaldelse", ["cpr"], unique=False)
    op.create_table(
        "kontaktgruppe",
        sa.Column("identifier", sa.String(length=36), nullable=False),
        sa.Column("cpr", sa.String(length=10), nullable=False),
        sa.Column("kontaktgruppe_type", sa.Integer(), nullable=False),
        sa.Column("startdato", sa.Date(), nullable=False),
        sa.Column("slutdato", sa.Date(), nullable=True),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cpr"],
            ["borger.cpr"],
        ),
        sa.PrimaryKeyConstraint("identifier"),
    )
    op.create_index(op.f("ix_kontaktgruppe_cpr"), "kontaktgruppe", ["cpr"], unique=False)
    op.create_table(
        "samtale",
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
        sa.ForeignKeyConstraint(
            ["cpr"],
            ["borger.cpr"],
        ),
        sa.PrimaryKeyConstraint("identifier"),
    )
    op.create_index(op.f("ix_samtale_cpr"), "samtale", ["cpr"], unique=False)
    op.create_table(
        "tilmelding",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("cpr", sa.String(length=10), nullable=False),
        sa.Column("tilmeldt", sa.Boolean(), nullable=False),
        sa.Column("fra", sa.Date(), nullable=False),
        sa.Column("aarsag", sa.Text(), nullable=False),
        sa.Column("registreret", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cpr"],
            ["borger.cpr"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_tilmelding_cpr"), "tilmelding", ["cpr"], unique=False)
    op.create_table(
        "indkaldelsesversion",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("indkaldelse_identifier", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("aendring", sa.String(length=20), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("begrundelse", sa.Text(), nullable=True),
        sa.Column("registreret", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["indkaldelse_identifier"],
            ["indkaldelse.identifier"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_indkaldelsesversion_indkaldelse_identifier"), "indkaldelsesversion", ["indkaldelse_identifier"], unique=False)
    op.create_table(
        "personkategori",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kontaktgruppe_identifier", sa.String(length=36), nullable=False),
        sa.Column("personkategori", sa.Integer(), nullable=False),
        sa.Column("startdato", sa.Date(), nullable=False),
        sa.Column("slutdato", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["kontaktgruppe_identifier"],
            ["kontaktgruppe.identifier"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_personkategori_kontaktgruppe_identifier"), "personkategori", ["kontaktgruppe_identifier"], unique=False)
    op.create_table(
        "yderligere_information",
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
            ["fravaer_identifier"],
            ["fravaer.identifier"],
        ),
        sa.PrimaryKeyConstraint("identifier"),
    )
    op.create_index(op.f("ix_yderligere_information_fravaer_identifier"), "yderligere_information", ["fravaer_identifier"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_yderligere_information_fravaer_identifier"), table_name="yderligere_information")
    op.drop_table("yderligere_information")
    op.drop_index(op.f("ix_personkategori_kontaktgruppe_identifier"), table_name="personkategori")
    op.drop_table("personkategori")
    op.drop_index(op.f("ix_indkaldelsesversion_indkaldelse_identifier"), table_name="indkaldelsesversion")
    op.drop_table("indkaldelsesversion")
    op.drop_index(op.f("ix_tilmelding_cpr"), table_name="tilmelding")
    op.drop_table("tilmelding")
    op.drop_index(op.f("ix_samtale_cpr"), table_name="samtale")
    op.drop_table("samtale")
    op.drop_index(op.f("ix_kontaktgruppe_cpr"), table_name="kontaktgruppe")
    op.drop_table("kontaktgruppe")
    op.drop_index(op.f("ix_indkaldelse_cpr"), table_name="indkaldelse")
    op.drop_table("indkaldelse")
    op.drop_index(op.f("ix_fravaer_cpr"), table_name="fravaer")
    op.drop_table("fravaer")
    op.drop_table("request_id")
    op.drop_table("indstilling")
    op.drop_table("borger")
