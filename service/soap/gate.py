"""The request gate in front of every service: size limit, hardened XML parsing and schema validation.

Everything that is not a well-formed, schema-valid SOAP 1.1 envelope is answered here with DFDG's
1014 and never reaches spyne or the domain. No DTDs (so no entity expansion or external entities),
no network access while parsing, and a size limit before anything is read into a tree.

The gate decides the character encoding (HTTP charset, else the XML declaration, else a BOM, else
UTF-8; strictly, so a body that is not what it says is refused) and hands spyne the checked envelope
as the tree it parsed, so spyne never decodes anything the gate has not.

Thread safety: lxml's XMLSchema keeps one error log on the object, which validate() clears and fills;
threads sharing one schema read each other's errors (issue 8 item 5: about 1 in 80 invalid requests
under 16 threads escaped as a plain-text 500). DocumentInvalid from assertValid copies that same
shared log after the fact, so it is no cure. Each thread therefore builds its own XMLSchema (well
under a millisecond, from the XSDs held in memory) and its own parsers.
"""

from __future__ import annotations

import codecs
import logging
import re
import threading
from collections.abc import Callable, Iterable
from typing import Any

from lxml import etree

from service.rules.catalogue import regel
from service.rules.violation import Violation
from service.soap import headers as soap_headers
from service.soap import namespaces as ns
from service.soap.faults import fault_envelope
from service.soap.schema_errors import danish
from service.soap.xmlschema import schema_turn, thread_schema

log = logging.getLogger(__name__)

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

_NS = re.compile(r"\{[^}]*\}")
_SOAP12_ENV = "http://www.w3.org/2003/05/soap-envelope"
_XML_MEDIA_TYPES = ("text/xml", "application/xml", "application/soap+xml")
# The XML declaration's encoding pseudo-attribute, read on the raw bytes (ASCII-compatible encodings).
_DECLARED = re.compile(rb"^<\?xml[^>]*?\sencoding\s*=\s*[\"']([^\"']*)[\"']")
_DECLARATION = re.compile(r"^<\?xml[^>]*\?>")
_HEADER_NAMESPACES = (ns.ORGANISATION, ns.USER_METADATA, ns.FAELLES)
_MAX_VIOLATIONS = 50
# Environ key under which the gate hands the checked envelope (an lxml tree) to spyne (protocol.py).
ENVELOPE_KEY = "dfdg.envelope"


class Refused(Exception):
    """A request the gate answers with 1014; carries every violation found."""

    def __init__(self, violations: list[Violation]) -> None:
        super().__init__(violations)
        self.violations = violations


def _skema(problem: str, felt: str | None = None) -> Violation:
    return regel("SKEMA").violation(felt=felt, problem=f"{felt}: {problem}" if felt else problem)


class SchemaSource:
    """One service's XSDs, held in memory; `get()` gives the calling thread its own XMLSchema."""

    def __init__(self, documents: dict[str, bytes], main: str) -> None:
        self.documents, self.main = documents, main
        self._local = threading.local()

    def get(self) -> etree.XMLSchema:
        return thread_schema(self._local, self._build)

    def _build(self) -> etree.XMLSchema:
        parser = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False)
        parser.resolvers.add(_InMemory(self.documents))
        return etree.XMLSchema(etree.fromstring(self.documents[self.main], parser, base_url=f"dfdg:/{self.main}"))


class _InMemory(etree.Resolver):
    def __init__(self, documents: dict[str, bytes]) -> None:
        super().__init__()
        self.documents = documents

    def resolve(self, url: str, pubid: str | None, context: Any) -> Any:
        name = url.rsplit("/", 1)[-1]
        return self.resolve_string(self.documents[name], context) if name in self.documents else None


_parsers = threading.local()


def _parser() -> etree.XMLParser:
    # lxml serialises concurrent use of one parser with a lock; one per thread lets threads parse in parallel.
    parser = getattr(_parsers, "parser", None)
    if parser is None:
        parser = _parsers.parser = etree.XMLParser(
            resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True, remove_pis=True
        )
    return parser


class SchemaGate:
    def __init__(self, app: WsgiApp, schema: SchemaSource, max_bytes: int) -> None:
        self.app = app
        self.schema = schema
        self.max_bytes = max_bytes

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") != "POST":
            return self._refuse(start_response, [_skema("kun POST modtages her (WSDL: GET ?wsdl)")])
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > self.max_bytes:
            return self._refuse(start_response, [_skema(f"meddelelsen er {length} bytes; højst {self.max_bytes} bytes modtages")])
        body = environ["wsgi.input"].read(self.max_bytes + 1)
        if len(body) > self.max_bytes:
            return self._refuse(start_response, [_skema(f"meddelelsen er over {self.max_bytes} bytes")])
        try:
            doc = self.parse(body, environ.get("CONTENT_TYPE"))
            # Nil elements mean absent; the caller headers are read here, spyne never sees them (headers.py).
            environ[soap_headers.ENVIRON_KEY] = soap_headers.prepare(doc)
            self.validate(doc)
        except Refused as refused:
            return self._refuse(start_response, refused.violations)
        # spyne gets the checked tree itself (protocol.py reads it from ENVELOPE_KEY): comments and processing
        # instructions removed, nil elements dropped, and not parsed a second time (serialising and parsing it
        # again cost about a tenth of a call). The body it would read is empty: nothing the gate has not decoded.
        environ[ENVELOPE_KEY] = doc
        environ["wsgi.input"] = _Body(b"")
        environ["CONTENT_LENGTH"] = "0"
        environ["CONTENT_TYPE"] = "text/xml; charset=utf-8"
        return self._answer(environ, start_response)

    def _answer(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        """spyne's answer, buffered: whatever escapes spyne becomes a 1011 fault, never a plain-text 500."""
        answer: list[Any] = []

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[[bytes], None]:
            answer[:] = [status, headers]
            return lambda data: None

        try:
            body = b"".join(self.app(environ, capture))
        except Exception:
            log.exception("request escaped spyne's fault handling")
            return self._refuse(start_response, [regel("INTERN_FEJL").violation()])
        start_response(*answer)
        return [body]

    def parse(self, body: bytes, content_type: str | None) -> etree._Element:
        text = _decode(body, content_type)
        try:
            doc = etree.fromstring(text, _parser())
        except etree.XMLSyntaxError as error:
            message = re.sub(r",? line \d+, column \d+\s*$", "", error.msg.strip())
            raise Refused([_skema(f"ikke velformet XML: {message} (linje {error.position[0]}, kolonne {error.position[1]})")]) from None
        if doc.getroottree().docinfo.doctype:
            raise Refused([_skema("DTD'er (DOCTYPE) er ikke tilladt i en SOAP-meddelelse")])
        return doc

    def validate(self, doc: etree._Element) -> None:
        parts = _envelope_parts(doc)
        schema = self.schema.get()
        violations = []
        with schema_turn:
            violations = self._validate_parts(schema, parts)
        if len(violations) > _MAX_VIOLATIONS:  # 20,000 bad attributes must not make a 20,000-line answer
            rest = len(violations) - _MAX_VIOLATIONS
            violations = [*violations[:_MAX_VIOLATIONS], _skema(f"og {rest} skemafejl mere, som ikke er vist")]
        if violations:
            raise Refused(violations)

    @staticmethod
    def _validate_parts(schema: etree.XMLSchema, parts: list[tuple[etree._Element, str]]) -> list[Violation]:
        violations = []
        for part, prefix in parts:
            if schema.validate(part) or (_collapse_dates(part, schema.error_log) and schema.validate(part)):
                continue
            for error in schema.error_log:
                path, problem = danish(error)
                violations.append(_skema(f"{problem} (linje {error.line})", _field(prefix, path)))
            if not schema.error_log:  # never seen; a refusal must still say something
                violations.append(_skema("elementet er ikke gyldigt efter skemaet", prefix or _local(part.tag)))
        return violations

    def _refuse(self, start_response: Callable[..., Any], violations: list[Violation]) -> list[bytes]:
        body = fault_envelope(violations)
        start_response("500 Internal Server Error", [("Content-Type", "text/xml; charset=utf-8"), ("Content-Length", str(len(body)))])
        return [body]


def _decode(body: bytes, content_type: str | None) -> str:
    """The body as text, in the encoding the request states; refused when it is not text in that encoding."""
    media_type, _, parameters = (content_type or "").partition(";")
    media_type = media_type.strip().lower()
    if media_type and media_type not in _XML_MEDIA_TYPES and not media_type.endswith("+xml"):
        raise Refused([_skema(f"Content-Type '{media_type}' er ikke XML; send SOAP 1.1 som text/xml")])
    charset = None
    for parameter in parameters.split(";"):
        key, _, value = parameter.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("\"'")
    declared = _DECLARED.match(body.removeprefix(codecs.BOM_UTF8))
    declared_name = declared.group(1).decode("ascii", "replace") if declared else None
    if charset is not None:
        encoding, origin = _codec(charset, "Content-Type"), "Content-Type"
        if declared_name is not None and _codec(declared_name, "XML-erklæringen") != encoding:
            raise Refused([_skema(f"Content-Type siger tegnsæt '{charset}', men XML-erklæringen siger '{declared_name}'")])
    elif declared_name is not None:
        encoding, origin = _codec(declared_name, "XML-erklæringen"), "XML-erklæringen"
    elif body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding, origin = "utf-16", "byte order mark"
    else:
        encoding, origin = "utf-8", "XML's standard uden erklæring"
    if encoding == "utf-8":
        encoding = "utf-8-sig"
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as error:
        bad = body[error.start : error.start + 4].hex(" ")
        raise Refused(
            [_skema(f"teksten er ikke gyldig {encoding.removesuffix('-sig')} ({origin}): bytes {bad} ved position {error.start}")]
        ) from None
    # lxml refuses text that still carries an encoding declaration; the encoding is settled by now.
    return _DECLARATION.sub(lambda m: re.sub(r"\s+encoding\s*=\s*[\"'][^\"']*[\"']", "", m.group(0)), text, count=1)


def _codec(name: str, origin: str) -> str:
    try:
        info = codecs.lookup(name)
    except LookupError:
        info = None
    if info is None or not getattr(info, "_is_text_encoding", True):
        raise Refused([_skema(f"tegnsættet '{name}' i {origin} er ukendt")])
    return info.name


def _envelope_parts(doc: etree._Element) -> list[tuple[etree._Element, str]]:
    """The Body's element with its field prefix; the envelope's shape checked (the caller headers are
    validated by headers.py against DFDG's own header schemas).

    WS-I Basic Profile 1.1: no element after Body (R1011), one Body; SOAP 1.1 § 4: Header first, at most once.
    """
    if doc.tag == f"{{{_SOAP12_ENV}}}Envelope":
        raise Refused([_skema(f"SOAP 1.2 understøttes ikke; send en SOAP 1.1 Envelope ({ns.SOAP_ENV})")])
    if doc.tag != f"{{{ns.SOAP_ENV}}}Envelope":
        raise Refused([_skema(f"rodelementet er {_local(doc.tag)}, ikke en SOAP 1.1 Envelope ({ns.SOAP_ENV})")])
    children = list(doc)
    names = [c.tag for c in children]
    header_tag, body_tag = f"{{{ns.SOAP_ENV}}}Header", f"{{{ns.SOAP_ENV}}}Body"
    expected = [body_tag] if names[:1] != [header_tag] else [header_tag, body_tag]
    if names != expected:
        raise Refused(
            [
                _skema(
                    "Envelope skal have en valgfri Header og derefter én Body og intet andet; "
                    f"fik {', '.join(_local(n) for n in names) or 'ingen elementer'}"
                )
            ]
        )
    for element in [doc, *children]:
        if (element.text or "").strip() or any((c.tail or "").strip() for c in element):
            raise Refused([_skema(f"tekst er ikke tilladt direkte i {_local(element.tag)}")])
    body = children[-1]
    if len(body) != 1:
        raise Refused([_skema(f"Body skal have ét element, ikke {len(body)}")])
    parts = [(body[0], "")]
    if len(children) == 2:
        ours = [h for h in children[0] if etree.QName(h).namespace in _HEADER_NAMESPACES]
        tags = [h.tag for h in ours]
        twice = [t for t in tags if tags.count(t) > 1]
        if twice:
            raise Refused([_skema(f"{_local(twice[0])} må kun forekomme én gang", f"Header/{_local(twice[0])}")])
    return parts


_PADDED_DATE = re.compile(r"^Element '[^']*': '(?P<v>.*)' is not a valid value of the atomic type 'xs:(date|dateTime|time)'\.$", re.S)


def _collapse_dates(part: etree._Element, errors: Any) -> bool:
    """Strip the whitespace around date, dateTime and time values that libxml2 refused for it.

    XSD gives these types whiteSpace="collapse" (XSD 1.1 part 2 § 3.3.7-3.3.9), so ' 2026-03-01 ' is
    2026-03-01; libxml2 (2.14) refuses the padded form, while it collapses boolean and the numbers.
    True when a value was changed, so that the part is validated again."""
    changed = False
    for error in errors:
        match = _PADDED_DATE.match(error.message)
        if not match or match.group("v") == match.group("v").strip(" \t\r\n"):
            continue
        for element in part.iter():
            if element.sourceline == error.line and element.text == match.group("v"):
                element.text = element.text.strip(" \t\r\n")
                changed = True
    return changed


def _field(prefix: str, path: str) -> str:
    """The field as the rule tables name it: below the operation element, or Header/<header>/..."""
    if prefix:
        return f"{prefix}/{path}"
    below = path.split("/", 1)
    return below[1] if len(below) == 2 else below[0]


def _local(tag: str) -> str:
    return _NS.sub("", tag)


class _Body:
    """The already-read request body, handed on to spyne."""

    def __init__(self, data: bytes) -> None:
        self._data, self._pos = data, 0

    def read(self, size: int = -1) -> bytes:
        end = len(self._data) if size is None or size < 0 else self._pos + size
        chunk = self._data[self._pos : end]
        self._pos += len(chunk)
        return chunk
