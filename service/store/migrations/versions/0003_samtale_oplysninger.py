"""The items of 003 a held conversation carries beyond the columns (issue 13): `samtale.oplysninger` (JSON).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision: str | None = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("samtale", sa.Column("oplysninger", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("samtale") as batch:
        batch.drop_column("oplysninger")
