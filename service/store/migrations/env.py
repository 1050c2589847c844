"""Alembic's environment: runs on the connection service/store/migrations/__init__.py hands it (never a URL of
its own), against the models' metadata."""

from __future__ import annotations

from alembic import context

from service.store.tables import Base

connection = context.config.attributes["connection"]
# SQLite changes a table by copying it (batch mode); PostgreSQL alters it in place.
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
