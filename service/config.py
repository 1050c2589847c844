"""Settings of one emulator process: one frozen dataclass, read from arguments or environment."""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, replace
from datetime import date, time
from typing import Any

from service.domain.clock import STANDARD_KLOKKESLAET

DEFAULT_DATABASE_URL = "sqlite:///dfdg-emulator.db"
LOG_FORMATS = ("text", "json", "off")


def _setting(default: Any, env: str, meaning: str, default_text: str | None = None) -> Any:
    """One setting, described once: its environment variable, what it means (README's configuration table and
    the command line's help are made from this), and its default as a reader should see it."""
    return dataclasses.field(default=default, metadata={"env": env, "meaning": meaning, "default_text": default_text})


@dataclass(frozen=True)
class Settings:
    host: str = _setting("127.0.0.1", "DFDG_HOST", "listen address")
    port: int = _setting(8080, "DFDG_PORT", "listen port")
    database_url: str = _setting(
        DEFAULT_DATABASE_URL,
        "DFDG_DATABASE_URL",
        "SQLAlchemy URL of the database (a SQLite file is created on first start); PostgreSQL: `postgresql+psycopg://user:pw@host/db`",
    )
    today: date | None = _setting(
        None, "DFDG_TODAY", 'the business date ("d.d.") when fixed at start, YYYY-MM-DD', "the real date in Europe/Copenhagen"
    )
    # 4, waitress's own default: each further thread that runs at once makes the GIL change hands at every statement,
    # which cost CPU and tail latency (README, "Threads"); 16 had a p99 at 32 clients of 83 ms against 70 with 4.
    threads: int = _setting(4, "DFDG_THREADS", "worker threads per process: the calls worked on at once")
    workers: int = _setting(
        1,
        "DFDG_WORKERS",
        "server processes sharing the port and the database (needs a database file or PostgreSQL, and fork: Linux, macOS)",
    )
    request_timeout: float = _setting(
        30.0,
        "DFDG_REQUEST_TIMEOUT",
        "seconds a call's database work or lock wait may take; past it the call is cancelled with fault 7050 and writes nothing",
    )
    # waitress's default of 100 let a pooling CI client lock everyone else out (issue 8 item 8); each connection
    # costs only a socket and a buffer.
    connection_limit: int = _setting(1000, "DFDG_CONNECTION_LIMIT", "open connections at most, idle keep-alive ones included")
    idle_timeout: int = _setting(15, "DFDG_IDLE_TIMEOUT", "seconds before an idle connection (no request in progress) is closed")
    backlog: int = _setting(1024, "DFDG_BACKLOG", "connections the operating system queues while the server is busy accepting")
    max_request_bytes: int = _setting(
        1_000_000,
        "DFDG_MAX_REQUEST_BYTES",
        "largest request body; a larger one gets 1014 (one over ten times this is refused unread, HTTP 413)",
    )
    tls_cert: str | None = _setting(
        None, "DFDG_TLS_CERT", "serve HTTPS with this server certificate (PEM); needs `--tls-key`", "none: HTTP"
    )
    tls_key: str | None = _setting(None, "DFDG_TLS_KEY", "the server certificate's private key (PEM)")
    client_ca: str | None = _setting(
        None,
        "DFDG_CLIENT_CA",
        "ask for client certificates issued by this CA (PEM); needs `--certificate-map`",
        "none: no client certificates",
    )
    certificate_map: str | None = _setting(
        None, "DFDG_CERTIFICATE_MAP", "TOML map from client certificate (RID or subject) to organisation (service/domain/certifikat.py)"
    )
    klokkeslaet: time | None = _setting(
        STANDARD_KLOKKESLAET,
        "DFDG_TIME",
        "time of day of a fixed business date, HH:MM (Copenhagen), or `running` for "
        'the wall clock\'s; receipts and every "not in the future" rule read this clock',
        "`12:00`",
    )
    max_sandboxes: int = _setting(100, "DFDG_MAX_SANDBOXES", "sandboxes at most; a call that would create one more gets fault 7051")
    journal_size: int = _setting(100, "DFDG_JOURNAL_SIZE", "calls kept per sandbox and server process in the journal (`GET /__admin/kald`)")
    log_format: str = _setting("text", "DFDG_LOG_FORMAT", "access log on standard output: `text`, `json` or `off`")
    cpu_affinity: str = _setting(
        "auto",
        "DFDG_CPU_AFFINITY",
        "`auto`: each server process keeps to one CPU (on Linux with two or more; workers on different ones), `off`: "
        "the operating system's choice, or CPU numbers such as `2,3` for the processes in turn (service/cpu.py)",
    )

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
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        settings = cls()
        for field, name in ENV.items():
            if env.get(name):
                settings = settings.with_value(field, env[name])
        return settings

    def with_value(self, field: str, raw: str | int | date | None) -> Settings:
        if raw is None:
            return self
        if field in INT_FIELDS:
            assert not isinstance(raw, date)
            value = int(raw)
            if value < (0 if field == "port" else 1):
                raise ValueError(f"{ENV[field]} / --{field.replace('_', '-')} must be positive, not {value}")
            return replace(self, **{field: value})  # type: ignore[arg-type]  # field is one of INT_FIELDS
        if field == "request_timeout":
            assert not isinstance(raw, date)
            timeout = float(raw)
            if timeout <= 0:
                raise ValueError(f"{ENV[field]} / --request-timeout must be positive, not {timeout}")
            return replace(self, request_timeout=timeout)
        if field == "today" and isinstance(raw, str):
            return replace(self, today=date.fromisoformat(raw))
        if field == "klokkeslaet" and isinstance(raw, str):
            return replace(self, klokkeslaet=parse_klokkeslaet(raw))
        if field == "log_format" and raw not in LOG_FORMATS:
            raise ValueError(f"DFDG_LOG_FORMAT / --log-format must be one of {', '.join(LOG_FORMATS)}, not {raw}")
        return replace(self, **{field: raw})  # type: ignore[arg-type]  # a str or date field, by name


ENV = {f.name: f.metadata["env"] for f in dataclasses.fields(Settings)}
INT_FIELDS = tuple(f.name for f in dataclasses.fields(Settings) if f.type == "int")


def default_text(name: str, markdown: bool = False) -> str:
    """The default as a reader should see it: a value (quoted as code in markdown), or the setting's own words."""
    f = next(f for f in dataclasses.fields(Settings) if f.name == name)
    if f.metadata["default_text"] is not None:
        return str(f.metadata["default_text"])
    if f.default is None:
        return "none"
    value = f"{f.default:g}" if isinstance(f.default, float) else str(f.default)
    return f"`{value}`" if markdown else value


def option(name: str) -> str:
    return "--time" if name == "klokkeslaet" else "--" + name.replace("_", "-")


def help_text(name: str) -> str:
    """The command line's help for a setting."""
    f = next(f for f in dataclasses.fields(Settings) if f.name == name)
    return f"{f.metadata['meaning']} (env {f.metadata['env']}, default {default_text(name)})".replace("`", "")


def settings_markdown() -> str:
    """README's configuration table (checked by tests/test_config.py; `dfdg-emulator docs --write`)."""
    lines = ["| option | environment | default | meaning |", "| --- | --- | --- | --- |"]
    lines += [
        f"| `{option(f.name)}` | `{f.metadata['env']}` | {default_text(f.name, markdown=True)} | {f.metadata['meaning']} |"
        for f in dataclasses.fields(Settings)
    ]
    return "\n".join(lines)


def parse_klokkeslaet(raw: str) -> time | None:
    """`HH:MM[:SS]` (Copenhagen time), or `running` for the wall clock's time of day."""
    if raw.strip().lower() in ("running", "loebende"):
        return None
    try:
        return time.fromisoformat(raw.strip())
    except ValueError:
        raise ValueError(f"DFDG_TIME / --time must be HH:MM[:SS] or 'running', not {raw!r}") from None
