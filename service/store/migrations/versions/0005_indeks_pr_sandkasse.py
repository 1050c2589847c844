"""Indexes on (sandkasse, parent) for the rows read by their parent: a group's subgroup periods and an invitation's
versions (issue 8 item 10). With only one-column indexes on each, SQLite's planner used the sandbox's and read
every row of the sandbox for each parent: a write's read of the citizen grew with the sandbox.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision: str | None = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("personkategori_gruppe", "personkategori", ["sandkasse", "kontaktgruppe_identifier"])
    op.create_index("indkaldelsesversion_indkaldelse", "indkaldelsesversion", ["sandkasse", "indkaldelse_identifier"])


def downgrade() -> None:
    op.drop_index("indkaldelsesversion_indkaldelse", table_name="indkaldelsesversion")
    op.drop_index("personkategori_gruppe", table_name="personkategori")
