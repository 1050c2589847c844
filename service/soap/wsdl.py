"""The WSDL and XSDs of a service, as served at ?wsdl and exported to wsdl/ and schemas/.

spyne numbers namespace prefixes and orders types in set order, which differs between processes;
every document is therefore put in a canonical form (prefixes by sorted namespace, types sorted by
kind and name), so the committed files can be checked against the code.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

from lxml import etree
from spyne.interface.wsdl import Wsdl11
from spyne.interface.xml_schema import XmlSchema

from service.soap.application import DfdgApplication

SOAP_HTTP = "http://schemas.xmlsoap.org/soap/http"
_WSDL_SOAP = "http://schemas.xmlsoap.org/wsdl/soap/"
_XSD = "http://www.w3.org/2001/XMLSchema"
_GENERATED_PREFIX = re.compile(r"^s\d+$")
_KIND_ORDER = {"import": 0, "simpleType": 1, "complexType": 2, "element": 3}
_lock = threading.Lock()


# Built once per application and address; bounded, since the address comes from the caller's Host header.
@lru_cache(maxsize=64)
def wsdl_document(app: DfdgApplication, address: str) -> bytes:
    """The WSDL with `address` as soap:address."""
    with _lock:  # spyne's document builders keep state on the interface
        app.transport = SOAP_HTTP
        builder = Wsdl11(app.interface)
        builder.build_interface_document(address)
        tree = etree.fromstring(builder.get_interface_document())
    # spyne 2.14 names a multi-header message with the header's namespace prefix, but defines the
    # message in the service's own namespace; zeep and svcutil then cannot resolve it.
    for header in tree.iter(f"{{{_WSDL_SOAP}}}header"):
        name = header.get("message").split(":")[1]
        if name.endswith("InHeaderMsg"):
            header.set("message", f"tns:{name}")
    return canonical(tree)


def schema_documents(app: DfdgApplication) -> dict[str, bytes]:
    """One XSD per namespace, keyed by file name; imports point at the sibling files."""
    with _lock:
        builder = XmlSchema(app.interface)
        builder.build_interface_document()
        nodes = [etree.fromstring(etree.tostring(n)) for n in builder.get_interface_document().values()]
    documents = {}
    for node in nodes:
        for imp in node.iter(f"{{{_XSD}}}import"):
            imp.set("schemaLocation", schema_file(imp.get("namespace")))
        documents[schema_file(node.get("targetNamespace"))] = canonical(node)
    return documents


def schema_file(namespace: str) -> str:
    return re.sub(r"[^A-Za-z0-9.]+", "-", re.sub(r"^\w+:/*", "", namespace)).strip("-") + ".xsd"


def canonical(root: etree._Element) -> bytes:
    for schema in root.iter(f"{{{_XSD}}}schema"):
        schema[:] = sorted(schema, key=lambda e: (_KIND_ORDER.get(etree.QName(e).localname, 9), e.get("name") or e.get("namespace") or ""))
    for types in root.iter("{http://schemas.xmlsoap.org/wsdl/}types"):
        types[:] = sorted(types, key=lambda e: e.get("targetNamespace") or "")
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
