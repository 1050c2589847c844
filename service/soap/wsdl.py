"""The WSDL and XSDs of a service, as served at ?wsdl and exported to wsdl/ and schemas/.

spyne builds the schemas of the payload; the rest of the WSDL is rebuilt here by DFDG's
conventions (dfdg-wire.md § 2), which spyne cannot express: the hand-written caller-header and
FaultDetails schemas (xsd/), one wsdl:message per header bound on every operation's input
(RequestUserMetadataHeader first), messages named `<Operation>RequestMsg`/`<Operation>ResponseMsg`,
`FaultDetails` declared on every operation (spyne would move a declared fault into the service's
namespace), and soapAction `http://service.bm.dk/pjaktass/1/<Service>#<Operation>`.

spyne numbers namespace prefixes and orders types in set order, which differs between processes;
every document is therefore put in a canonical form (prefixes by sorted namespace, types sorted by
kind and name, inline schemas by namespace with each after the ones it imports), so the committed files can
be checked against the code.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

from lxml import etree
from spyne.interface.wsdl import Wsdl11

from service.soap import headers as soap_headers
from service.soap import namespaces as ns
from service.soap.application import DfdgApplication

SOAP_HTTP = "http://schemas.xmlsoap.org/soap/http"
_WSDL = "http://schemas.xmlsoap.org/wsdl/"
_WSDL_SOAP = "http://schemas.xmlsoap.org/wsdl/soap/"
_XSD = "http://www.w3.org/2001/XMLSchema"
_GENERATED_PREFIX = re.compile(r"^s\d+$")
_KIND_ORDER = {"import": 0, "simpleType": 1, "complexType": 2, "element": 3}
# Header messages in binding order: DFDG binds RequestUserMetadataHeader first (dfdg-wire.md § 2.4); RequestId is ours.
_HEADER_MESSAGES = (
    ("RequestUserMetadataHeader", ns.USER_METADATA),
    ("ActiveOrganisationHeader", ns.ORGANISATION),
    ("RequestId", ns.FAELLES),
)
_lock = threading.Lock()


def soap_action(service: str, operation: str) -> str:
    return f"{ns.service(service)}#{operation}"


def operations(app: DfdgApplication) -> list[str]:
    """The published operation names of a service, in declaration order."""
    return [d.operation_name for service in app.services for d in service.public_methods.values()]


# Built once per application and address; bounded, since the address comes from the caller's Host header.
@lru_cache(maxsize=64)
def wsdl_document(app: DfdgApplication, address: str) -> bytes:
    """The WSDL with `address` as soap:address."""
    return canonical(_wsdl_tree(app, address))


def schema_documents(app: DfdgApplication) -> dict[str, bytes]:
    """One XSD per namespace of the WSDL's types, keyed by file name; imports point at the sibling files."""
    documents = {}
    for schema in _wsdl_tree(app, "http://localhost/").find(f"{{{_WSDL}}}types"):
        node = etree.fromstring(etree.tostring(schema))
        for imp in node.iter(f"{{{_XSD}}}import"):
            imp.set("schemaLocation", schema_file(imp.get("namespace")))
        documents[schema_file(node.get("targetNamespace"))] = canonical(node)
    return documents


def _wsdl_tree(app: DfdgApplication, address: str) -> etree._Element:
    with _lock:  # spyne's document builders keep state on the interface
        app.transport = SOAP_HTTP
        builder = Wsdl11(app.interface)
        builder.build_interface_document(address)
        root = etree.fromstring(builder.get_interface_document())
    business = any(getattr(s, "requires_caller", False) for s in app.services)
    types = root.find(f"{{{_WSDL}}}types")
    _payload_types(types, app)
    types.append(_inline("FaultDetails.xsd"))
    if business:
        for name in soap_headers.HEADER_XSDS:
            types.append(_inline(name))
        _schema_of(types, ns.FAELLES).append(etree.fromstring(soap_headers.request_id_schema()))
    for old in [
        *root.findall(f"{{{_WSDL}}}message"),
        *root.findall(f"{{{_WSDL}}}portType"),
        *root.findall(f"{{{_WSDL}}}binding"),
        *root.findall(f"{{{_WSDL}}}service"),
    ]:
        root.remove(old)
    _messages(root, app, business, address)
    return root


def _payload_types(types: etree._Element, app: DfdgApplication) -> None:
    """Drops the schema spyne writes in the WSDL's namespace (copies of the payload elements there), and names the
    request and response types `<Operation>RequestType`/`<Operation>ResponseType` as DFDG does (§ 2.5)."""
    for schema in list(types):
        if schema.get("targetNamespace") == root_namespace(types):
            types.remove(schema)
    payload = _schema_of(types, ns.payload(app.name))
    names = {m.Attributes.sub_name or m.get_type_name() for d in _methods(app) for m in (d.in_message, d.out_message)}
    for node in payload:
        if node.get("name") in names:
            if etree.QName(node).localname == "complexType":
                node.set("name", node.get("name") + "Type")
            elif etree.QName(node).localname == "element":
                node.set("type", node.get("type") + "Type")


def root_namespace(node: etree._Element) -> str:
    return node.getroottree().getroot().get("targetNamespace")


def _inline(file_name: str) -> etree._Element:
    """A hand-written schema for inlining in wsdl:types: imports by namespace only, no comments."""
    schema = etree.parse(str(soap_headers.XSD / file_name), etree.XMLParser(remove_comments=True, remove_blank_text=True)).getroot()
    for imp in schema.iter(f"{{{_XSD}}}import"):
        imp.attrib.pop("schemaLocation", None)
    return schema


def _schema_of(types: etree._Element, namespace: str) -> etree._Element:
    for schema in types:
        if schema.get("targetNamespace") == namespace:
            return schema
    return etree.SubElement(types, f"{{{_XSD}}}schema", targetNamespace=namespace, elementFormDefault="qualified")


def _methods(app: DfdgApplication) -> list:
    return [d for service in app.services for d in service.public_methods.values()]


def _messages(root: etree._Element, app: DfdgApplication, business: bool, address: str) -> None:
    """wsdl:message, portType, binding and service by DFDG's conventions."""
    w, soap = f"{{{_WSDL}}}", f"{{{_WSDL_SOAP}}}"
    name = app.name

    def message(message_name: str, part: str, namespace: str, element: str) -> None:
        m = etree.SubElement(root, w + "message", name=message_name, nsmap={"m": namespace})
        etree.SubElement(m, w + "part", name=part, element=f"m:{element}")

    for d in _methods(app):
        for suffix, body in (("RequestMsg", d.in_message), ("ResponseMsg", d.out_message)):
            element = body.Attributes.sub_name or body.get_type_name()
            message(d.operation_name + suffix, element, body.get_namespace(), element)
    if business:
        for header, namespace in _HEADER_MESSAGES:
            message(header, header, namespace, header)
    message("FaultDetails", "detail", ns.FAULT, "FaultDetails")
    port_type = etree.SubElement(root, w + "portType", name=name)
    binding = etree.SubElement(root, w + "binding", name=name, type=f"tns:{name}")
    etree.SubElement(binding, soap + "binding", style="document", transport=SOAP_HTTP)
    for d in _methods(app):
        op = d.operation_name
        operation = etree.SubElement(port_type, w + "operation", name=op)
        etree.SubElement(operation, w + "input", message=f"tns:{op}RequestMsg")
        etree.SubElement(operation, w + "output", message=f"tns:{op}ResponseMsg")
        etree.SubElement(operation, w + "fault", name="FaultDetails", message="tns:FaultDetails")
        bound = etree.SubElement(binding, w + "operation", name=op)
        etree.SubElement(bound, soap + "operation", soapAction=soap_action(name, op), style="document")
        bound_input = etree.SubElement(bound, w + "input")
        if business:
            for header, _ in _HEADER_MESSAGES:
                etree.SubElement(bound_input, soap + "header", message=f"tns:{header}", part=header, use="literal")
        etree.SubElement(bound_input, soap + "body", use="literal")
        etree.SubElement(etree.SubElement(bound, w + "output"), soap + "body", use="literal")
        etree.SubElement(etree.SubElement(bound, w + "fault", name="FaultDetails"), soap + "fault", name="FaultDetails", use="literal")
    service = etree.SubElement(root, w + "service", name=name)
    port = etree.SubElement(service, w + "port", name=name, binding=f"tns:{name}")
    etree.SubElement(port, soap + "address", location=address)


def schema_file(namespace: str) -> str:
    return re.sub(r"[^A-Za-z0-9.]+", "-", re.sub(r"^\w+:/*", "", namespace)).strip("-") + ".xsd"


def _imports_first(schemas: list[etree._Element]) -> list[etree._Element]:
    """The inline schemas in the order given, except that each follows the schemas it imports: JAX-WS wsimport checks
    each inline schema as it reads it and warns (src-resolve) about every reference into a schema further down."""
    present = {schema.get("targetNamespace") for schema in schemas}
    pending, ordered = list(schemas), []
    placed: set[str | None] = set()
    while pending:
        ready = [s for s in pending if {i.get("namespace") for i in s.findall(f"{{{_XSD}}}import")} & present <= placed]
        schema = ready[0] if ready else pending[0]  # an import cycle keeps the given order
        pending.remove(schema)
        placed.add(schema.get("targetNamespace"))
        ordered.append(schema)
    return ordered


def canonical(root: etree._Element) -> bytes:
    for schema in root.iter(f"{{{_XSD}}}schema"):
        schema[:] = sorted(schema, key=lambda e: (_KIND_ORDER.get(etree.QName(e).localname, 9), e.get("name") or e.get("namespace") or ""))
    for types in root.iter(f"{{{_WSDL}}}types"):
        types[:] = _imports_first(sorted(types, key=lambda e: e.get("targetNamespace") or ""))
    text = etree.tostring(root, encoding="unicode")
    generated = sorted((ns, p) for p, ns in root.nsmap.items() if p and _GENERATED_PREFIX.match(p))
    mapping = {old: f"n{i}" for i, (_, old) in enumerate(generated)}
    text = re.sub(r"\b(s\d+)(?=[:=])", lambda m: mapping.get(m.group(1), m.group(1)), text)
    text = etree.tostring(etree.fromstring(text), encoding="unicode", pretty_print=True)
    # The root's namespace declarations in a fixed order too.
    end = text.index(">")
    declarations = sorted(re.findall(r' xmlns:\w+="[^"]*"', text[:end]))
    head = re.sub(r' xmlns:\w+="[^"]*"', "", text[:end])
    name_end = head.index(" ") if " " in head else len(head)
    text = head[:name_end] + "".join(declarations) + head[name_end:] + text[end:]
    return ("<?xml version='1.0' encoding='UTF-8'?>\n" + text).encode("utf-8")
