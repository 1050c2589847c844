"""Persistence: the only package that knows SQL. SQLite by default, PostgreSQL by URL."""
