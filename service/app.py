"""The emulator as one WSGI application: one spyne Application per published service, mounted at /<ServiceName>
and, per sandbox, at /sandkasse/<navn>/<ServiceName>; /health and /__admin/ beside them."""

from __future__ import annotations

import html
import json
import threading
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qs, parse_qsl

from service import __version__
from service.config import Settings
from service.domain.certifikat import UDEN_CERTIFIKATER, Certifikatkort
from service.domain.clock import Clock, SystemClock, Ur, fast, forretningstid
from service.domain.ids import IdGenerator
from service.domain.sandkasse import SANDKASSE_KEY, STANDARD, gyldigt_navn
from service.journal import AccessLog, Journal, as_json, observe
from service.rest import is_rest_path
from service.rules.tabeller import indlaes_alle
from service.soap import namespaces as ns
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
from service.soap.wsdl import operations, schema_documents, schema_file, wsdl_document
from service.store.sql import Store

SERVICES = (
    KontaktgruppeService,
    FravaerService,
    SygemeldingService,
    SamtaleService,
    IndkaldelseService,
    KontaktforloebService,
    KodelisteService,
    TestSupportService,
)


def build_applications(deps: Deps) -> dict[str, DfdgApplication]:
    return {service.__name__: DfdgApplication(service, deps) for service in SERVICES}


def validation_schema(app: DfdgApplication) -> SchemaSource:
    """The gate validates against the same XSDs that are exported and published."""
    return SchemaSource(schema_documents(app), schema_file(ns.payload(app.name)))


# DFDG's own paths (dfdg-wire.md § 2.1, R1c): the service at /PjakTassWCF/1/<Service>.svc (POST, ?wsdl), the
# WSDL at /PjakTassWCF/1/wsdl/<Service>.wsdl, so a vendor's configuration differs from DFDG's in the host only.
DFDG_PATH = "/PjakTassWCF/1/"
# A sandbox's services: /sandkasse/<navn>/<Service>, and DFDG's paths below it (README, "Sandboxes").
SANDKASSE_PATH = "/sandkasse/"


def resolve(path: str) -> tuple[str, str, bool]:
    """(service name, the path prefix naming it, whether the path is DFDG's static WSDL) for a request path."""
    if path.startswith(DFDG_PATH):
        tail = path[len(DFDG_PATH) :]
        if tail.startswith("wsdl/") and tail.endswith(".wsdl") and "/" not in tail[5:]:
            return tail[5:-5], path, True
        segment = tail.split("/")[0]
        if segment.endswith(".svc"):
            return segment[:-4], DFDG_PATH + segment, False
    name = path.strip("/").split("/")[0]
    return name, "/" + name, False


class Emulator:
    """The root WSGI callable: routes /<ServiceName> and DFDG's /PjakTassWCF/1/<Service>.svc to the service (also
    below /sandkasse/<navn>), lists the services at /, and answers /health and /__admin/."""

    def __init__(self, deps: Deps, max_request_bytes: int, journal: Journal | None = None, access_log: AccessLog | None = None) -> None:
        self.deps = deps
        self.journal = journal
        self.access_log = access_log
        self.applications = build_applications(deps)
        self.services = {
            name: SchemaGate(DfdgWsgiApplication(app), validation_schema(app), max_request_bytes) for name, app in self.applications.items()
        }
        # REST face (issue 12): DFDG's REST paths (/v1/...), /openapi.json and the /rest/ page go to service/rest/,
        # built on its first request (`rest`): importing FastAPI and building its models took a third of the start-up.
        self._rest_app: Callable[..., Iterable[bytes]] | None = None
        self._rest_lock = threading.Lock()

    @property
    def rest(self) -> Callable[..., Iterable[bytes]]:
        """The REST face's WSGI application, built once, by the first request that needs it."""
        if self._rest_app is None:
            with self._rest_lock:
                if self._rest_app is None:
                    from service.rest.app import create_rest_wsgi

                    self._rest_app = create_rest_wsgi(self.deps)
        return self._rest_app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        full = environ.get("PATH_INFO", "") or "/"
        if full == "/health" or full.startswith("/__admin"):
            return observe(
                self._admin, environ, start_response, full, _query(environ).get("sandkasse", STANDARD), None, None, self.access_log
            )
        path, prefix, sandkasse = full, "", STANDARD
        if full.startswith(SANDKASSE_PATH):
            sandkasse, _, rest = full[len(SANDKASSE_PATH) :].partition("/")
            if not gyldigt_navn(sandkasse):
                return _text(start_response, "404 Not Found", f"Ugyldigt sandkassenavn '{sandkasse}': 1-40 tegn af a-z, 0-9 og -.")
            prefix, path = SANDKASSE_PATH + sandkasse, "/" + rest
        if is_rest_path(path):  # REST face (issue 12), in the same sandbox as the SOAP paths beside it
            return observe(
                lambda env, sr: self._rest(env, sr, path, prefix, sandkasse),
                environ,
                start_response,
                full,
                sandkasse,
                None,
                None,
                self.access_log,
            )
        resolved = resolve(path)
        service = self.services.get(resolved[0]) if resolved[0] else None
        return observe(
            lambda env, sr: self._route(env, sr, path, prefix, sandkasse, resolved),
            environ,
            start_response,
            full,
            sandkasse,
            resolved[0] if service is not None else None,
            self.journal,
            self.access_log,
        )

    def _rest(self, environ: dict[str, Any], start_response: Callable[..., Any], path: str, prefix: str, sandkasse: str) -> Iterable[bytes]:
        environ[SANDKASSE_KEY] = sandkasse
        environ["SCRIPT_NAME"], environ["PATH_INFO"] = environ.get("SCRIPT_NAME", "") + prefix, path
        return self.rest(environ, start_response)

    def _route(
        self,
        environ: dict[str, Any],
        start_response: Callable[..., Any],
        path: str,
        prefix: str,
        sandkasse: str,
        resolved: tuple[str, str, bool],
    ) -> Iterable[bytes]:
        name, mount, static_wsdl = resolved
        if not name:
            return self._index(environ, start_response, prefix)
        service = self.services.get(name)
        if service is None:
            return _text(start_response, "404 Not Found", f"Ukendt service '{name}'. Se {_base(environ)}{prefix}/ for listen.")
        # Only POST reaches spyne. spyne's own GET routes (?wsdl=..., *.wsdl) build the WSDL once with the
        # first caller's Host header and serve it to everyone after (issue 8 item 7); ours is built per address.
        method, rest = environ.get("REQUEST_METHOD", ""), path[len(mount) :]
        if rest not in ("", "/"):
            return _text(start_response, "404 Not Found", f"Ukendt adresse {path}. Service {name}: POST {mount}, WSDL: GET {mount}?wsdl.")
        if method in ("GET", "HEAD"):
            if not (static_wsdl or _wants_wsdl(environ.get("QUERY_STRING", ""))):
                return _text(start_response, "404 Not Found", f"GET {mount} svarer kun på ?wsdl. Kald operationerne med POST (SOAP 1.1).")
            # The WSDL's address is the path it was fetched by: DFDG's .svc path, or /<Service>.
            base = _base(environ) + prefix
            address = f"{base}{DFDG_PATH}{name}.svc" if mount.startswith(DFDG_PATH) else f"{base}/{name}"
            body = wsdl_document(self.applications[name], address)
            start_response("200 OK", [("Content-Type", "text/xml; charset=utf-8"), ("Content-Length", str(len(body)))])
            return [body]
        if method != "POST":
            return _text(
                start_response,
                "405 Method Not Allowed",
                f"{method} understøttes ikke; brug POST (SOAP 1.1) eller GET ?wsdl.",
                [("Allow", "GET, HEAD, POST")],
            )
        environ[SANDKASSE_KEY] = sandkasse
        environ["SCRIPT_NAME"], environ["PATH_INFO"] = environ.get("SCRIPT_NAME", "") + prefix + mount, ""
        return service(environ, start_response)

    def _admin(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        """GET /health, /__admin/kald, /__admin/sandkasser, /__admin/borger and the page /__admin/."""
        from service import admin

        path, query = environ.get("PATH_INFO", ""), _query(environ)
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return _text(start_response, "405 Method Not Allowed", "Kun GET.", [("Allow", "GET, HEAD")])
        sandkasse = query.get("sandkasse", STANDARD)
        if not gyldigt_navn(sandkasse):
            return _text(start_response, "400 Bad Request", f"Ugyldigt sandkassenavn '{sandkasse}'.")
        if path == "/health":
            return _json(start_response, self.health(sandkasse))
        if path == "/__admin/kald":
            kald = self.journal.latest(sandkasse) if self.journal else []
            return _json(
                start_response,
                {"sandkasse": sandkasse, "journalstoerrelse": self.journal.size if self.journal else 0, "kald": as_json(kald)},
            )
        if path == "/__admin/sandkasser":
            return _json(start_response, admin.sandkasser(self.deps))
        if path == "/__admin/borger":
            found = admin.borger(self.deps, sandkasse, query.get("cpr", ""))
            return _json(start_response, found, "200 OK" if "fejl" not in found else "404 Not Found")
        if path in ("/__admin", "/__admin/"):
            body = admin.PAGE.encode()
            start_response("200 OK", [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))])
            return [body]
        return _text(start_response, "404 Not Found", f"Ukendt adresse {path}.")

    def health(self, sandkasse: str = STANDARD) -> dict[str, Any]:
        """Version, database kind and the sandbox's business date and moment; the database is asked, so an
        orchestrator sees a database that is gone."""
        deps = self.deps
        with deps.store.transaction(write=False, sandkasse=sandkasse) as repo:
            registered = repo.sandkasse_data()
        ur = registered.ur if registered else None
        nu = forretningstid(ur or Ur(), deps.clock, deps.fixed_today, deps.klokkeslaet)
        return {
            "status": "ok",
            "version": __version__,
            "database": deps.store.kind,
            "sandkasse": sandkasse,
            "forretningsdato": nu.date().isoformat(),
            "tidspunkt": nu.isoformat(),
            "uret": "fast" if fast(ur or Ur(), deps.fixed_today, deps.klokkeslaet) else "loebende",
        }

    def _index(self, environ: dict[str, Any], start_response: Callable[..., Any], prefix: str = "") -> list[bytes]:
        base = _base(environ) + prefix
        rows = "".join(
            f'<li><a href="{html.escape(base)}/{name}?wsdl">{name}</a> &mdash; {", ".join(operations(app))} '
            f'(DFDG\'s path: <a href="{html.escape(base)}{DFDG_PATH}wsdl/{name}.wsdl">{DFDG_PATH}{name}.svc</a>)</li>'
            for name, app in self.applications.items()
        )
        body = (
            f"<!doctype html><meta charset=utf-8><title>DFDG emulator {__version__}</title>"
            f"<h1>DFDG emulator {__version__}</h1><p>Services (WSDL):</p><ul>{rows}</ul>"
            f'<p><a href="{html.escape(_base(environ))}/__admin/">Kald og tilstand</a> (journal), '
            f'<a href="{html.escape(_base(environ))}/health">/health</a>; sandkasser: {SANDKASSE_PATH}&lt;navn&gt;/&lt;Service&gt;</p>'
        ).encode()
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))])
        return [body]


def _query(environ: dict[str, Any]) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}


def _json(start_response: Callable[..., Any], value: Any, status: str = "200 OK") -> list[bytes]:
    body = json.dumps(value, ensure_ascii=False, indent=1, default=str).encode()
    start_response(
        status, [("Content-Type", "application/json; charset=utf-8"), ("Content-Length", str(len(body))), ("Cache-Control", "no-store")]
    )
    return [body]


def _wants_wsdl(query: str) -> bool:
    """`?wsdl`, in any case, with or without a value, and nothing else."""
    return [key.lower() for key, _ in parse_qsl(query, keep_blank_values=True)] == ["wsdl"]


def _text(start_response: Callable[..., Any], status: str, text: str, headers: list[tuple[str, str]] | None = None) -> list[bytes]:
    body = (text + "\n").encode()
    start_response(status, [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body))), *(headers or [])])
    return [body]


def _base(environ: dict[str, Any]) -> str:
    host = environ.get("HTTP_HOST") or f"{environ.get('SERVER_NAME')}:{environ.get('SERVER_PORT')}"
    return f"{environ.get('wsgi.url_scheme', 'http')}://{host}{environ.get('SCRIPT_NAME', '')}"


def create_app(
    settings: Settings, clock: Clock | None = None, ids: IdGenerator | None = None, access_log: AccessLog | None = None
) -> Emulator:
    indlaes_alle()  # every rule table, checked before the first call: TabelFejl names the file and the key
    certifikater = Certifikatkort.load(settings.certificate_map) if settings.certificate_map else UDEN_CERTIFIKATER
    deps = Deps(
        store=Store(settings.database_url, settings.request_timeout),
        clock=clock or SystemClock(),
        ids=ids or IdGenerator(),
        fixed_today=settings.today,
        certifikater=certifikater,
        klokkeslaet=settings.klokkeslaet,
        maks_sandkasser=settings.max_sandboxes,
    )
    return Emulator(deps, settings.max_request_bytes, Journal(settings.journal_size, settings.max_sandboxes), access_log)
