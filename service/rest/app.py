"""The REST face as one WSGI application: FastAPI (routing, validation, the OpenAPI 3.1 document) run in the
server's own threads (wsgi.py).

FastAPI because its models are the validation and the document at once (pydantic: no hand-written JSON schema),
it writes OpenAPI 3.1, and it is widely kept; wsgi.py runs it under the emulator's WSGI servers (waitress,
cheroot) beside the spyne services. The operations are `async def` only so that FastAPI calls them on the
loop of the server thread the request arrived on (wsgi.py), not in a thread pool; each calls the domain
through service/domain/kald.py, as the SOAP face does, and blocks only its own thread while doing so.
"""

from __future__ import annotations

import html
import json
import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException

from service import __version__
from service.rest import DOCS_PATH, fravaer, indkaldelse, kontaktforloeb, kontaktgruppe, samtale, sygemelding
from service.rest.models import Problem
from service.rest.problems import MEDIA_TYPE, STATUSES, problem, validation_violations
from service.rest.wsgi import InThread
from service.rules.catalogue import regel
from service.rules.violation import Afvisning

log = logging.getLogger(__name__)

DESCRIPTION = """DFDG's REST services on the emulator's domain: the same rules, state, clock and RequestIds as the
SOAP face. Paths and verbs are DFDG's where its pages give them; what is marked "Projekt-defineret" or
"project-defined" is the emulator's choice where DFDG's is not public. Refusals are RFC 9457 problem details
(application/problem+json) with the SOAP fault's error code and one violation per broken rule."""


def create_rest_app(deps: Any) -> FastAPI:
    app = FastAPI(
        title="DFDG emulator REST",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        responses={status: {"model": Problem} for status in STATUSES},
    )
    app.state.deps = deps
    for module in (fravaer, sygemelding, kontaktgruppe, indkaldelse, samtale, kontaktforloeb):
        app.include_router(module.router)

    @app.exception_handler(Afvisning)
    async def afvisning(request: Request, error: Afvisning) -> JSONResponse:
        return _problem(request, error.violations)

    @app.exception_handler(RequestValidationError)
    async def ugyldig(request: Request, error: RequestValidationError) -> JSONResponse:
        return _problem(request, validation_violations(list(error.errors())))

    @app.exception_handler(HTTPException)
    async def http(request: Request, error: HTTPException) -> JSONResponse:
        if error.status_code == 400:  # a body that is not JSON: 1014, as an XML body that is not XML on SOAP
            return _problem(request, [regel("SKEMA").violation(felt="body", problem=f"body: {error.detail}")])
        body = {
            "type": "about:blank",
            "title": str(error.detail),
            "status": error.status_code,
            "detail": f"{request.method} {request.url.path}: {error.detail}. Se {DOCS_PATH} for operationerne.",
        }
        headers = dict(getattr(error, "headers", None) or {})
        if error.status_code == 405:
            # Starlette names only the first route matching the path; a path has a route per method here.
            headers["Allow"] = ", ".join(
                sorted(
                    {
                        method
                        for route in app.routes
                        if isinstance(route, APIRoute) and route.path_regex.match(request.url.path)
                        for method in route.methods
                    }
                )
            )
        return JSONResponse(body, error.status_code, media_type=MEDIA_TYPE, headers=headers)

    @app.exception_handler(Exception)
    async def intern(request: Request, error: Exception) -> JSONResponse:
        log.error("internal error in REST %s %s", request.method, request.url.path, exc_info=error)
        return _problem(request, [regel("INTERN_FEJL").violation()])

    @app.get("/openapi.json", include_in_schema=False)
    async def openapi() -> Response:
        document = json.dumps(app.openapi(), indent=2, ensure_ascii=False) + "\n"
        return Response(document.encode(), media_type="application/json")

    @app.get(DOCS_PATH, include_in_schema=False, response_class=HTMLResponse)
    async def docs() -> str:
        return docs_page(app.openapi())

    app.openapi = lambda: _openapi(app)
    return app


def _problem(request: Request, violations: list[Any]) -> JSONResponse:
    status, body = problem(violations, request.url.path)
    return JSONResponse(body, status, media_type=MEDIA_TYPE)


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's document, with refusals as they are sent: application/problem+json, and 400 instead of 422."""
    if app.openapi_schema:
        return app.openapi_schema
    from fastapi.openapi.utils import get_openapi

    document = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes, openapi_version=app.openapi_version
    )
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.get("responses", {})
            responses.pop("422", None)
            for status, response in responses.items():
                if int(status) in STATUSES and "application/json" in response.get("content", {}):
                    response["content"] = {MEDIA_TYPE: response["content"]["application/json"]}
    schemas = document.get("components", {}).get("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    app.openapi_schema = document
    return document


def docs_page(document: dict[str, Any]) -> str:
    """A self-contained page listing the operations (no CDN: the emulator runs offline)."""
    rows = []
    for path, operations in document["paths"].items():
        for method, op in operations.items():
            params = ", ".join(f"{p['name']} ({p['in']}{', påkrævet' if p.get('required') else ''})" for p in op.get("parameters", []))
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {}).get("$ref", "")
            rows.append(
                f"<tr><td><b>{method.upper()}</b></td><td><code>{html.escape(path)}</code></td>"
                f"<td>{html.escape(op.get('operationId', ''))}</td><td>{html.escape(op.get('description', ''))}"
                f"<br><small>{html.escape(params)}{'; body: ' + html.escape(body.rsplit('/', 1)[-1]) if body else ''}</small></td></tr>"
            )
    return (
        f"<!doctype html><meta charset=utf-8><title>{html.escape(document['info']['title'])}</title>"
        f"<h1>{html.escape(document['info']['title'])} {html.escape(document['info']['version'])}</h1>"
        f"<p>{html.escape(document['info'].get('description', ''))}</p>"
        f'<p>OpenAPI {document["openapi"]}: <a href="/openapi.json">/openapi.json</a></p>'
        f"<table border=1 cellpadding=4><tr><th>Metode</th><th>Sti</th><th>Operation</th><th>Beskrivelse</th></tr>"
        f"{''.join(rows)}</table>"
    )


def openapi_json(deps: Any = None) -> bytes:
    """The document as committed in schemas/openapi.json and served at /openapi.json (the same bytes)."""
    return (json.dumps(create_rest_app(deps).openapi(), indent=2, ensure_ascii=False) + "\n").encode()


def create_rest_wsgi(deps: Any) -> InThread:
    return InThread(create_rest_app(deps))
