"""Settings of one emulator process: one frozen dataclass, read from arguments or environment."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from datetime import date

DEFAULT_DATABASE_URL = "sqlite:///dfdg-emulator.db"

ENV = {
    "host": "DFDG_HOST",
    "port": "DFDG_PORT",
    "database_url": "DFDG_DATABASE_URL",
    "today": "DFDG_TODAY",
    "threads": "DFDG_THREADS",
    "workers": "DFDG_WORKERS",
    "request_timeout": "DFDG_REQUEST_TIMEOUT",
}


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8080
    database_url: str = DEFAULT_DATABASE_URL
    # The business date ("d.d.") when fixed at start; None means the real date in Copenhagen.
    today: date | None = None
    threads: int = 16
    # Server processes sharing one listening socket and one database (serve --workers).
    workers: int = 1
    # Seconds a call's database work (and its wait for a lock) may take before it is cancelled with a fault.
    request_timeout: float = 30.0
    # Requests larger than this are refused before they are parsed.
    max_request_bytes: int = 1_000_000

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> "Settings":
        env = os.environ if environ is None else environ
        settings = cls()
        for field, name in ENV.items():
            if env.get(name):
                settings = settings.with_value(field, env[name])
        return settings

    def with_value(self, field: str, raw: str | int | date | None) -> "Settings":
        if raw is None:
            return self
        if field in ("port", "threads", "workers"):
            return replace(self, **{field: int(raw)})
        if field == "request_timeout":
            return replace(self, request_timeout=float(raw))
        if field == "today" and isinstance(raw, str):
            return replace(self, today=date.fromisoformat(raw))
        return replace(self, **{field: raw})
