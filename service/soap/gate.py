"""The request gate in front of every service: size limit, hardened XML parsing and schema validation.

Everything that is not a well-formed, schema-valid SOAP 1.1 envelope is answered here with DFDG's
1014 and never reaches spyne or the domain. No DTDs (so no entity expansion or external entities),
no network access while parsing, and a size limit before anything is read into a tree.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from lxml import etree

from service.rules.catalogue import regel
from service.soap import headers as soap_headers
from service.soap import namespaces as ns
from service.soap.faults import fault_envelope

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                          remove_comments=True, remove_pis=True)
_NS = re.compile(r"\{[^}]*\}")


class SchemaGate:
    def __init__(self, app: WsgiApp, schema: etree.XMLSchema, max_bytes: int) -> None:
        self.app = app
        self.schema = schema
        self.max_bytes = max_bytes

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") != "POST":
            return self.app(environ, start_response)
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > self.max_bytes:
            return self._refuse(start_response, f"meddelelsen er {length} bytes; højst {self.max_bytes} bytes modtages")
        body = environ["wsgi.input"].read(self.max_bytes + 1)
        if len(body) > self.max_bytes:
            return self._refuse(start_response, f"meddelelsen er over {self.max_bytes} bytes")
        # Nil elements mean absent; the caller headers are read here, spyne never sees them (headers.py).
        body, environ[soap_headers.ENVIRON_KEY] = soap_headers.prepare(body)
        problem = self.check(body)
        if problem:
            return self._refuse(start_response, problem)
        environ["wsgi.input"] = _Body(body)
        environ["CONTENT_LENGTH"] = str(len(body))
        return self.app(environ, start_response)

    def check(self, body: bytes) -> str | None:
        """None if the envelope may pass; otherwise the problem, naming the element."""
        try:
            doc = etree.fromstring(body, _PARSER)
        except etree.XMLSyntaxError as error:
            return f"ikke velformet XML: {error.msg} (linje {error.lineno})"
        if doc.getroottree().docinfo.doctype:
            return "DTD'er (DOCTYPE) er ikke tilladt i en SOAP-meddelelse"
        if doc.tag != f"{{{ns.SOAP_ENV}}}Envelope":
            return f"rodelementet er {_local(doc.tag)}, ikke en SOAP 1.1 Envelope ({ns.SOAP_ENV})"
        body_el = doc.find(f"{{{ns.SOAP_ENV}}}Body")
        if body_el is None or len(body_el) != 1:
            return "Envelope skal have én Body med ét element"
        for part in body_el:
            if not self.schema.validate(part):
                error = self.schema.error_log.last_error
                return f"{_NS.sub('', error.message)} (linje {error.line})"
        return None

    def _refuse(self, start_response: Callable[..., Any], problem: str) -> list[bytes]:
        body = fault_envelope([regel("SKEMA").violation(problem=problem)])
        start_response("500 Internal Server Error", [("Content-Type", "text/xml; charset=utf-8"), ("Content-Length", str(len(body)))])
        return [body]


def _local(tag: str) -> str:
    return _NS.sub("", tag)


class _Body:
    """The already-read request body, handed on to spyne."""

    def __init__(self, data: bytes) -> None:
        self._data, self._pos = data, 0

    def read(self, size: int = -1) -> bytes:
        end = len(self._data) if size is None or size < 0 else self._pos + size
        chunk = self._data[self._pos:end]
        self._pos += len(chunk)
        return chunk
