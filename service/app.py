"""The emulator as one WSGI application: one spyne Application per published service, mounted at /<ServiceName>."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qsl

from service import __version__
from service.config import Settings
from service.domain.clock import Clock, SystemClock
from service.domain.ids import IdGenerator
from service.soap.application import Deps, DfdgApplication
from service.soap.gate import SchemaGate, SchemaSource
from service.soap.protocol import DfdgWsgiApplication
from service.soap.services.fravaer import FravaerService
from service.soap.services.indkaldelse import IndkaldelseService
from service.soap.services.kodeliste import KodelisteService
from service.soap.services.kontaktforloeb import KontaktforloebService
from service.soap.services.kontaktgruppe import KontaktgruppeService
from service.soap.services.samtale import SamtaleService
from service.soap.services.sygemelding import SygemeldingService
from service.soap.services.testsupport import TestSupportService
from service.soap.wsdl import schema_documents, schema_file, wsdl_document
from service.store.sql import Store

SERVICES = (KontaktgruppeService, FravaerService, SygemeldingService, SamtaleService, IndkaldelseService,
            KontaktforloebService, KodelisteService, TestSupportService)


def build_applications(deps: Deps) -> dict[str, DfdgApplication]:
    return {service.__name__: DfdgApplication(service, deps) for service in SERVICES}


def validation_schema(app: DfdgApplication) -> SchemaSource:
    """The gate validates against the same XSDs that are exported and published."""
    return SchemaSource(schema_documents(app), schema_file(app.interface.get_tns()))


class Emulator:
    """The root WSGI callable: routes /<ServiceName> to its service and lists the services at /."""

    def __init__(self, deps: Deps, max_request_bytes: int) -> None:
        self.deps = deps
        self.applications = build_applications(deps)
        self.services = {
            name: SchemaGate(DfdgWsgiApplication(app), validation_schema(app), max_request_bytes)
            for name, app in self.applications.items()
        }

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "") or "/"
        name = path.strip("/").split("/")[0]
        if not name:
            return self._index(environ, start_response)
        service = self.services.get(name)
        if service is None:
            return _text(start_response, "404 Not Found", f"Ukendt service '{name}'. Se {_base(environ)}/ for listen.")
        # Only POST reaches spyne. spyne's own GET routes (?wsdl=..., *.wsdl) build the WSDL once with the
        # first caller's Host header and serve it to everyone after (issue 8 item 7); ours is built per address.
        method, rest = environ.get("REQUEST_METHOD", ""), path.lstrip("/")[len(name):]
        if rest not in ("", "/"):
            return _text(start_response, "404 Not Found", f"Ukendt adresse {path}. Service {name}: POST /{name}, WSDL: GET /{name}?wsdl.")
        if method in ("GET", "HEAD"):
            if not _wants_wsdl(environ.get("QUERY_STRING", "")):
                return _text(start_response, "404 Not Found", f"GET /{name} svarer kun på ?wsdl. Kald operationerne med POST (SOAP 1.1).")
            body = wsdl_document(self.applications[name], f"{_base(environ)}/{name}")
            start_response("200 OK", [("Content-Type", "text/xml; charset=utf-8"), ("Content-Length", str(len(body)))])
            return [body]
        if method != "POST":
            return _text(start_response, "405 Method Not Allowed", f"{method} understøttes ikke; brug POST (SOAP 1.1) eller GET ?wsdl.",
                         [("Allow", "GET, HEAD, POST")])
        environ = dict(environ, SCRIPT_NAME=environ.get("SCRIPT_NAME", "") + "/" + name, PATH_INFO="")
        return service(environ, start_response)

    def _index(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        base = _base(environ)
        rows = "".join(
            f'<li><a href="{html.escape(base)}/{name}?wsdl">{name}</a> &mdash; {", ".join(operations(app))}</li>'
            for name, app in self.applications.items()
        )
        body = (f"<!doctype html><meta charset=utf-8><title>DFDG emulator {__version__}</title>"
                f"<h1>DFDG emulator {__version__}</h1><p>Services (WSDL):</p><ul>{rows}</ul>").encode()
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))])
        return [body]


def _wants_wsdl(query: str) -> bool:
    """`?wsdl`, in any case, with or without a value, and nothing else."""
    return [key.lower() for key, _ in parse_qsl(query, keep_blank_values=True)] == ["wsdl"]


def _text(start_response: Callable[..., Any], status: str, text: str, headers: list[tuple[str, str]] | None = None) -> list[bytes]:
    body = (text + "\n").encode()
    start_response(status, [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body))), *(headers or [])])
    return [body]


def operations(app: DfdgApplication) -> list[str]:
    """The published operation names of a service, in declaration order."""
    return [d.name for service in app.services for d in service.public_methods.values()]


def _base(environ: dict[str, Any]) -> str:
    host = environ.get("HTTP_HOST") or f"{environ.get('SERVER_NAME')}:{environ.get('SERVER_PORT')}"
    return f"{environ.get('wsgi.url_scheme', 'http')}://{host}{environ.get('SCRIPT_NAME', '')}"


def create_app(settings: Settings, clock: Clock | None = None, ids: IdGenerator | None = None) -> Emulator:
    deps = Deps(store=Store(settings.database_url), clock=clock or SystemClock(), ids=ids or IdGenerator(), fixed_today=settings.today)
    return Emulator(deps, settings.max_request_bytes)
