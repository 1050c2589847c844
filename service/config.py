"""Settings of one emulator process: one frozen dataclass, read from arguments or environment."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from datetime import date, time

from service.domain.clock import STANDARD_KLOKKESLAET

DEFAULT_DATABASE_URL = "sqlite:///dfdg-emulator.db"

ENV = {
    "host": "DFDG_HOST",
    "port": "DFDG_PORT",
    "database_url": "DFDG_DATABASE_URL",
    "today": "DFDG_TODAY",
    "threads": "DFDG_THREADS",
    "workers": "DFDG_WORKERS",
    "request_timeout": "DFDG_REQUEST_TIMEOUT",
    "connection_limit": "DFDG_CONNECTION_LIMIT",
    "idle_timeout": "DFDG_IDLE_TIMEOUT",
    "backlog": "DFDG_BACKLOG",
    "max_request_bytes": "DFDG_MAX_REQUEST_BYTES",
    "tls_cert": "DFDG_TLS_CERT",
    "tls_key": "DFDG_TLS_KEY",
    "client_ca": "DFDG_CLIENT_CA",
    "certificate_map": "DFDG_CERTIFICATE_MAP",
    "klokkeslaet": "DFDG_TIME",
    "max_sandboxes": "DFDG_MAX_SANDBOXES",
    "journal_size": "DFDG_JOURNAL_SIZE",
    "log_format": "DFDG_LOG_FORMAT",
}
INT_FIELDS = ("port", "threads", "workers", "connection_limit", "idle_timeout", "backlog", "max_request_bytes", "max_sandboxes",
              "journal_size")
LOG_FORMATS = ("text", "json", "off")


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
    # Open connections, idle keep-alive ones included. waitress's default of 100 let a pooling CI client
    # lock everyone else out (issue 8 item 8); each connection costs only a socket and a buffer.
    connection_limit: int = 1000
    # Seconds a connection may sit idle (no request in progress) before it is closed.
    idle_timeout: int = 15
    # Connections the operating system queues while the server is busy accepting.
    backlog: int = 1024
    # Requests larger than this are refused before they are parsed (1014).
    max_request_bytes: int = 1_000_000
    # HTTPS (PEM files): the server's certificate and key; the CA whose client certificates are
    # accepted, and the TOML map from certificate to organisation (service/domain/certifikat.py).
    tls_cert: str | None = None
    tls_key: str | None = None
    client_ca: str | None = None
    certificate_map: str | None = None
    # The time of day of a fixed business date (--time HH:MM); None: the wall clock's (--time running).
    klokkeslaet: time | None = STANDARD_KLOKKESLAET
    # Sandboxes at most; calls that would create one more are refused (7051).
    max_sandboxes: int = 100
    # Calls kept in each sandbox's journal (GET /__admin/kald), per server process.
    journal_size: int = 100
    # The access log on standard output: one line per request as text or JSON, or off.
    log_format: str = "text"

    def tls_problem(self) -> str | None:
        """Why the HTTPS options do not go together, or None."""
        if bool(self.tls_cert) != bool(self.tls_key):
            return "--tls-cert and --tls-key go together"
        if self.client_ca and not self.tls_cert:
            return "--client-ca needs --tls-cert and --tls-key (client certificates need HTTPS)"
        if bool(self.client_ca) != bool(self.certificate_map):
            return "--client-ca and --certificate-map go together: the map says which organisation each certificate is"
        return None

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
        if field in INT_FIELDS:
            value = int(raw)
            if value < (0 if field == "port" else 1):
                raise ValueError(f"{ENV[field]} / --{field.replace('_', '-')} must be positive, not {value}")
            return replace(self, **{field: value})
        if field == "request_timeout":
            value = float(raw)
            if value <= 0:
                raise ValueError(f"{ENV[field]} / --request-timeout must be positive, not {value}")
            return replace(self, request_timeout=value)
        if field == "today" and isinstance(raw, str):
            return replace(self, today=date.fromisoformat(raw))
        if field == "klokkeslaet" and isinstance(raw, str):
            return replace(self, klokkeslaet=parse_klokkeslaet(raw))
        if field == "log_format" and raw not in LOG_FORMATS:
            raise ValueError(f"DFDG_LOG_FORMAT / --log-format must be one of {', '.join(LOG_FORMATS)}, not {raw}")
        return replace(self, **{field: raw})


def parse_klokkeslaet(raw: str) -> time | None:
    """`HH:MM[:SS]` (Copenhagen time), or `running` for the wall clock's time of day."""
    if raw.strip().lower() in ("running", "loebende"):
        return None
    try:
        return time.fromisoformat(raw.strip())
    except ValueError:
        raise ValueError(f"DFDG_TIME / --time must be HH:MM[:SS] or 'running', not {raw!r}") from None
