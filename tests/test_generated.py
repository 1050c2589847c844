"""Generated files are committed and must match the code: wsdl/, schemas/, COVERAGE.md's tables."""

from pathlib import Path

from service.app import build_applications
from service.cli import _offline_deps
from service.tools.coverage import END, START, coverage_markdown
from service.tools.export import export_documents

ROOT = Path(__file__).resolve().parent.parent


def test_exported_wsdl_and_schemas_match_the_code():
    documents = export_documents(build_applications(_offline_deps()))
    committed = {str(p.relative_to(ROOT)) for p in [*ROOT.glob("wsdl/*.wsdl"), *ROOT.glob("schemas/*/*.xsd")]}
    assert committed == set(documents), "run `dfdg-emulator export`"
    for path, content in documents.items():
        assert (ROOT / path).read_bytes() == content, f"{path} is stale: run `dfdg-emulator export`"


def test_served_wsdl_equals_the_exported_one_but_for_the_address(emulator):
    from werkzeug.test import Client

    served = Client(emulator).get("/SygemeldingService?wsdl", base_url="http://127.0.0.1:8080").data
    assert served == (ROOT / "wsdl/SygemeldingService.wsdl").read_bytes()


def test_coverage_tables_match_the_code():
    readme = (ROOT / "COVERAGE.md").read_text(encoding="utf-8")
    section = readme.split(START, 1)[1].split(END, 1)[0].strip()
    assert section == coverage_markdown(), "run `dfdg-emulator coverage --write COVERAGE.md`"


def test_exported_schemas_compile_standalone_with_their_imports():
    from lxml import etree

    payloads = sorted(ROOT.glob("schemas/*/service.bm.dk-*Service-2026-01-01.xsd"))
    assert len(payloads) == len(list(ROOT.glob("wsdl/*.wsdl")))
    for path in ROOT.glob("schemas/*/*.xsd"):  # the payloads, the shared types, DFDG's headers and FaultDetails
        etree.XMLSchema(etree.parse(str(path)))
