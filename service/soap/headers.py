"""DFDG's caller headers, read from the envelope before spyne sees it (dfdg-wire.md § 2.3-2.4).

spyne cannot declare these headers (their children are global elements of five other namespaces),
so they are written by hand in xsd/ from the published facts, validated here, handed to the call
through the WSGI environ, and added to the WSDL by wsdl.py. Elements sent as xsi:nil="true" (as
JAX-WS and .NET proxies send an unset optional element) are removed first: they mean absent
(interface.md § 1), so nil caller headers are missing headers (8232/8233).
"""

from __future__ import annotations

import re
import threading
from copy import deepcopy
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path

from lxml import etree

from service.domain.caller import REQUEST_ID_MAX, Bruger
from service.rules.catalogue import regel
from service.rules.violation import Violation
from service.soap import namespaces as ns
from service.soap.xmlschema import schema_turn, thread_schema

XSD = Path(__file__).parent / "xsd"
# Environ key under which the gate hands the headers read to the call.
ENVIRON_KEY = "dfdg.headers"
# The hand-written header schemas, in the order the WSDL lists them.
HEADER_XSDS = (
    "CodeListBase.xsd",
    "RequestUserTypeIdentifierCodeList.xsd",
    "OrganisationTypeIdentifierCodeList.xsd",
    "RequestUserStructure.xsd",
    "RequestOrganisationStructure.xsd",
    "RequestUserMetadata.xsd",
    "ams-ActiveOrganisationHeader.xsd",
)
ACTIVE_ORGANISATION = f"{{{ns.ORGANISATION}}}ActiveOrganisationHeader"
USER_METADATA = f"{{{ns.USER_METADATA}}}RequestUserMetadataHeader"
REQUEST_ID = f"{{{ns.FAELLES}}}RequestId"
# Which rule an unreadable header breaks: DFDG's 8234/8235 for its two, 1014 for the emulator's RequestId.
_UNREADABLE = {ACTIVE_ORGANISATION: "HEADER_ORGANISATION_ULAESELIG", USER_METADATA: "HEADER_BRUGER_ULAESELIG", REQUEST_ID: "SKEMA"}
# SOAP 1.1 attributes any header may carry (a proxy may set them); not part of the header's own type.
_SOAP_ATTRIBUTES = (f"{{{ns.SOAP_ENV}}}mustUnderstand", f"{{{ns.SOAP_ENV}}}actor")
_NIL = f"{{{ns.XSI}}}nil"
# lxml parsers and schemas keep per-call state (the error log): one of each per server thread.
_per_thread = threading.local()


def _parser() -> etree.XMLParser:
    if not hasattr(_per_thread, "parser"):
        _per_thread.parser = etree.XMLParser(
            resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True, remove_pis=True
        )
    return _per_thread.parser


def request_id_schema() -> str:
    """The emulator's own optional RequestId header (interface.md § 2), an element of the shared namespace."""
    return (
        f'<xs:element xmlns:xs="http://www.w3.org/2001/XMLSchema" name="RequestId"><xs:simpleType>'
        f'<xs:restriction base="xs:string"><xs:minLength value="1"/><xs:maxLength value="{REQUEST_ID_MAX}"/>'
        "</xs:restriction></xs:simpleType></xs:element>"
    )


@cache
def _schema_source() -> str:
    imports = "".join(
        f'<xs:import namespace="{etree.parse(str(XSD / name)).getroot().get("targetNamespace")}" schemaLocation="{(XSD / name).as_uri()}"/>'
        for name in HEADER_XSDS
    )
    return (
        f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="{ns.FAELLES}" '
        f'elementFormDefault="qualified">{imports}{request_id_schema()}</xs:schema>'
    )


def _schema() -> etree.XMLSchema:
    return thread_schema(_per_thread, lambda: etree.XMLSchema(etree.fromstring(_schema_source())))


@dataclass(frozen=True)
class Headers:
    """The caller headers of one request, as read; `problems` are headers present but unreadable."""

    organisation: tuple[int, str] | None = None
    user: Bruger | None = None
    request_id: str | None = None
    problems: tuple[Violation, ...] = ()


def prepare(doc: etree._Element) -> Headers:
    """Remove the request's nil elements (in place: they mean absent) and read its caller headers."""
    _drop_nil(doc)
    return read(doc.find(f"{{{ns.SOAP_ENV}}}Header"))


def _drop_nil(doc: etree._Element) -> None:
    # Only elements that carry xsi:nil are looked at (an XPath in C, per thread: lxml's XPath objects keep state).
    if not hasattr(_per_thread, "nil"):
        _per_thread.nil = etree.XPath("//*[@xsi:nil]", namespaces={"xsi": ns.XSI})
    nil = [el for el in _per_thread.nil(doc) if el.get(_NIL) in ("true", "1") and len(el) == 0 and not (el.text or "").strip()]
    for el in nil:
        el.getparent().remove(el)


def read(header: etree._Element | None) -> Headers:
    found: dict[str, etree._Element] = {}
    problems: list[Violation] = []
    for element in header if header is not None else ():
        rule = _UNREADABLE.get(element.tag) if isinstance(element.tag, str) else None
        if rule is None or element.tag in found:
            continue  # a header the emulator does not know is ignored, as SOAP 1.1 allows
        if any(name in element.attrib for name in _SOAP_ATTRIBUTES):
            element = deepcopy(element)
            for name in _SOAP_ATTRIBUTES:
                element.attrib.pop(name, None)
        schema = _schema()
        with schema_turn:
            valid = schema.validate(element)
            error = schema.error_log.last_error
        if valid:
            found[element.tag] = element
        else:
            problem = etree.QName(element).localname + ": " + _plain(error.message)
            problems.append(
                regel(rule).violation(
                    felt=f"Header/{etree.QName(element).localname}", problem=problem, namespace=etree.QName(element).namespace
                )
            )
    request_id = found.get(REQUEST_ID)
    return Headers(
        _organisation(found.get(ACTIVE_ORGANISATION)),
        _user(found.get(USER_METADATA)),
        request_id.text if request_id is not None else None,
        tuple(problems),
    )


def _plain(message: str) -> str:
    """An lxml schema message with {namespace}name shortened to name."""
    return re.sub(r"\{[^}]*\}", "", message)


def _text(element: etree._Element, *path: tuple[str, str]) -> str | None:
    # iterchildren, not find: find goes through lxml's ElementPath in Python (about 4 µs a step, 60 µs a call).
    found: etree._Element | None = element
    for namespace, name in path:
        if found is None:
            return None
        found = next(found.iterchildren(f"{{{namespace}}}{name}"), None)
    return found.text if found is not None else None


def _required(value: str | None) -> str:
    """A value the schema requires: the gate has validated the headers before they are read."""
    assert value is not None, "a header element the schema requires is missing after validation"
    return value


def _organisation(header: etree._Element | None) -> tuple[int, str] | None:
    if header is None:
        return None
    return (
        int(_required(_text(header, (ns.ORGANISATION, "OrganisationTypeIdentifier")))),
        _required(_text(header, (ns.ORGANISATION, "OrganisationCode"))),
    )


_CODE = f"{{{ns.CODE_LIST_BASE}}}CodeListItemIdentifier"
# The user header's values by element name; the two code list items by the element they belong to.
_USER_FIELDS = {
    f"{{{ns.USER_STRUCTURE}}}UserFullName": "full_name",
    f"{{{ns.USER_STRUCTURE}}}UserIdentifier": "identifier",
    f"{{{ns.USER_STRUCTURE}}}UserEmail": "email",
    f"{{{ns.ORGANISATION_STRUCTURE}}}OrganisationCode": "organisation_code",
    f"{{{ns.USER_METADATA}}}RegistrationDateTime": "registered",
    f"{{{ns.USER_TYPE_CODES}}}RequestUserTypeIdentifier": "user_type",
    f"{{{ns.ORGANISATION_STRUCTURE}}}OrganisationTypeIdentifier": "organisation_type",
}


def _user(header: etree._Element | None) -> Bruger | None:
    """The user header's values, read in one walk of its elements (the schema has checked where each one is)."""
    if header is None:
        return None
    values: dict[str, str | None] = {}
    for element in header.iter(*_USER_FIELDS, _CODE):
        if element.tag == _CODE:
            values[_USER_FIELDS[element.getparent().tag]] = element.text
        elif len(element) == 0:
            values[_USER_FIELDS[element.tag]] = element.text
    return Bruger(
        full_name=_required(values.get("full_name")),
        user_type=int(_required(values.get("user_type"))),
        identifier=_required(values.get("identifier")),
        email=values.get("email"),
        organisation_type=int(_required(values.get("organisation_type"))),
        organisation_code=_required(values.get("organisation_code")),
        registered=_moment(values.get("registered")),
    )


def _moment(text: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(text.strip()) if text else None
    except ValueError:
        return None  # informational only; the schema has checked it is an xs:dateTime
