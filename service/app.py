"""The emulator as one WSGI application: one spyne Application per published service, mounted at /<ServiceName>."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from typing import Any

from spyne.interface.xml_schema import XmlSchema
from spyne.server.wsgi import WsgiApplication

from service import __version__
from service.config import Settings
from service.domain.certifikat import UDEN_CERTIFIKATER, Certifikatkort
from service.domain.clock import Clock, SystemClock
from service.domain.ids import IdGenerator
from service.soap.application import Deps, DfdgApplication
from service.soap.gate import SchemaGate
from service.soap.services.fravaer import FravaerService
from service.soap.services.indkaldelse import IndkaldelseService
from service.soap.services.kodeliste import KodelisteService
from service.soap.services.kontaktforloeb import KontaktforloebService
from service.soap.services.kontaktgruppe import KontaktgruppeService
from service.soap.services.samtale import SamtaleService
from service.soap.services.sygemelding import SygemeldingService
from service.soap.services.testsupport import TestSupportService
from service.soap.wsdl import wsdl_document
from service.store.sql import Store

SERVICES = (KontaktgruppeService, FravaerService, SygemeldingService, SamtaleService, IndkaldelseService,
            KontaktforloebService, KodelisteService, TestSupportService)


def build_applications(deps: Deps) -> dict[str, DfdgApplication]:
    return {service.__name__: DfdgApplication(service, deps) for service in SERVICES}


def validation_schema(app: DfdgApplication) -> Any:
    schema = XmlSchema(app.interface)
    schema.build_validation_schema()
    return schema.validation_schema


class Emulator:
    """The root WSGI callable: routes /<ServiceName> to its service and lists the services at /."""

    def __init__(self, deps: Deps, max_request_bytes: int) -> None:
        self.deps = deps
        self.applications = build_applications(deps)
        self.services = {
            name: SchemaGate(WsgiApplication(app), validation_schema(app), max_request_bytes)
            for name, app in self.applications.items()
        }

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "") or "/"
        name = path.strip("/").split("/")[0]
        if not name:
            return self._index(environ, start_response)
        service = self.services.get(name)
        if service is None:
            body = f"Ukendt service '{name}'. Se {_base(environ)}/ for listen.\n".encode()
            start_response("404 Not Found", [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))])
            return [body]
        if environ.get("REQUEST_METHOD") == "GET" and environ.get("QUERY_STRING", "").lower() == "wsdl":
            body = wsdl_document(self.applications[name], f"{_base(environ)}/{name}")
            start_response("200 OK", [("Content-Type", "text/xml; charset=utf-8"), ("Content-Length", str(len(body)))])
            return [body]
        environ = dict(environ, SCRIPT_NAME=environ.get("SCRIPT_NAME", "") + "/" + name, PATH_INFO=path[len(name) + 1:])
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


def operations(app: DfdgApplication) -> list[str]:
    """The published operation names of a service, in declaration order."""
    return [d.name for service in app.services for d in service.public_methods.values()]


def _base(environ: dict[str, Any]) -> str:
    host = environ.get("HTTP_HOST") or f"{environ.get('SERVER_NAME')}:{environ.get('SERVER_PORT')}"
    return f"{environ.get('wsgi.url_scheme', 'http')}://{host}{environ.get('SCRIPT_NAME', '')}"


def create_app(settings: Settings, clock: Clock | None = None, ids: IdGenerator | None = None) -> Emulator:
    certifikater = Certifikatkort.load(settings.certificate_map) if settings.certificate_map else UDEN_CERTIFIKATER
    deps = Deps(store=Store(settings.database_url), clock=clock or SystemClock(), ids=ids or IdGenerator(), fixed_today=settings.today,
                certifikater=certifikater)
    return Emulator(deps, settings.max_request_bytes)
