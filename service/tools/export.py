"""Deterministic export of every service's WSDL (wsdl/) and XSDs (schemas/<Service>/), and the REST face's OpenAPI
document (schemas/openapi.json), checked for drift by a test."""

from __future__ import annotations

from pathlib import Path

from service.soap.application import DfdgApplication
from service.soap.wsdl import schema_documents, wsdl_document

ADDRESS = "http://127.0.0.1:8080/{}"


def export_documents(applications: dict[str, DfdgApplication]) -> dict[str, bytes]:
    """Relative path -> content, for every generated document."""
    documents = {}
    for name, app in applications.items():
        documents[f"wsdl/{name}.wsdl"] = wsdl_document(app, ADDRESS.format(name))
        for file_name, content in schema_documents(app).items():
            documents[f"schemas/{name}/{file_name}"] = content
    return documents


def rest_documents() -> dict[str, bytes]:
    """The REST face's OpenAPI 3.1 document (service/rest/), as served at /openapi.json."""
    from service.rest.app import openapi_json

    return {"schemas/openapi.json": openapi_json()}


def write(documents: dict[str, bytes], root: Path) -> list[Path]:
    written = []
    for relative, content in documents.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        written.append(path)
    return written
