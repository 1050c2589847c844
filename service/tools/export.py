"""Deterministic export of every service's WSDL (wsdl/) and XSDs (schemas/<Service>/), checked for drift by a test."""

from __future__ import annotations

from pathlib import Path

from lxml import etree
from spyne.interface.xml_schema import XmlSchema

from service.soap.application import DfdgApplication
from service.soap.wsdl import wsdl_document

ADDRESS = "http://127.0.0.1:8080/{}"


def export_documents(applications: dict[str, DfdgApplication]) -> dict[str, bytes]:
    """Relative path -> content, for every generated document."""
    documents = {}
    for name, app in applications.items():
        documents[f"wsdl/{name}.wsdl"] = wsdl_document(app, ADDRESS.format(name))
        schema = XmlSchema(app.interface)
        schema.build_interface_document()
        for prefix, node in sorted(schema.get_interface_document().items()):
            # spyne's imports point at "<prefix>.xsd" next to each other.
            for imp in node.iter("{http://www.w3.org/2001/XMLSchema}import"):
                imp.set("schemaLocation", f"{app.interface.get_namespace_prefix(imp.get('namespace'))}.xsd")
            documents[f"schemas/{name}/{prefix}.xsd"] = etree.tostring(node, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return documents


def write(documents: dict[str, bytes], root: Path) -> list[Path]:
    written = []
    for relative, content in documents.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        written.append(path)
    return written
