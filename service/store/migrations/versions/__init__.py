"""Alembic revisions, oldest first (service/store/migrations/__init__.py)."""
