"""The rule tables' one schema (service/rules/schema.py, tabeller.py): a broken table stops the emulator at
start-up naming the file and the key; a new absence type is one TOML file and no code; the README of the
tables is generated from the schema."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
import zeep

from service.app import create_app
from service.cli import main
from service.config import Settings
from service.domain.clock import FixedClock
from service.domain.ids import IdGenerator
from service.harness.transport import WsgiTransport
from service.rules.catalogue import TABLES, tables_from
from service.rules.fravaertyper import fravaertyper
from service.rules.schema import TabelFejl
from service.rules.tabeller import indlaes_alle
from service.tools.tabeldoc import SCHEMA, TABLES_README, section_in, tables_markdown
from tests.conftest import BASE, TODAY, caller_headers, refused

SYGEMELDING_FIL = "fravaer/011-sygdom-sygemelding.toml"


@pytest.fixture
def tables(tmp_path: Path) -> Path:
    """A copy of the rule tables to break or extend."""
    return Path(shutil.copytree(TABLES, tmp_path / "tables"))


def _edit(folder: Path, name: str, old: str, new: str) -> Path:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _refusal(folder: Path) -> TabelFejl:
    with tables_from(folder), pytest.raises(TabelFejl) as error:
        indlaes_alle()
    return error.value


def test_the_tables_as_committed_load():
    indlaes_alle()
    assert len(fravaertyper()) == 55


@pytest.mark.parametrize(
    "name, old, new, key, problem",
    [
        # A misspelt key is refused, not dropped (it would have made the maximum "ubegraenset").
        (
            "fravaer/001-uddannelse.toml",
            "slutdato_obligatorisk = true",
            "slutdato_obligatorsk = true",
            "slutdato_obligatorsk",
            "unknown key",
        ),
        (SYGEMELDING_FIL, 'max_varighed = "3 mdr"', 'max_varighd = "3 mdr"', "raekke[1].max_varighd", "unknown key"),
        (SYGEMELDING_FIL, 'tilbage = "60 dage"', 'tilbage = "60 dag"', "tilbage", "is not a length of time"),
        (SYGEMELDING_FIL, 'tilbage = "60 dage"', "tilbage = 60", "tilbage", "expected a length of time"),
        (SYGEMELDING_FIL, 'afmeldes = "ja"', 'afmeldes = "jo"', "raekke[0].afmeldes", "is not one of"),
        (SYGEMELDING_FIL, "kontaktgrupper = [1]", "kontaktgrupper = [99]", "raekke[0].kontaktgrupper[0]", "contact group"),
        (
            SYGEMELDING_FIL,
            'indberettere = ["jobcenter", "akasse", "ksd", "borger"]',
            'indberettere = ["jobcenter", "a-kasse"]',
            "indberettere[1]",
            "reporter",
        ),
        (
            SYGEMELDING_FIL,
            'personkategorier = ["jobparat"]',
            'personkategorier = ["jobparate"]',
            "raekke[1].personkategorier[0]",
            "subgroup",
        ),
        (SYGEMELDING_FIL, '"Henvist arbejde"', '"Henvist arbejd"', "raekke[0].fritager_for[2]", "duty spelling"),
        ("fravaer/001-uddannelse.toml", "id = 1\n", "id = 2\n", "id", "does not match the file name"),
        ("kontaktforloeb.toml", 'frist = "6 mdr"', 'frist = "6 maaneder"', "krav[0].frist", "is not a length of time"),
        (
            "kontaktforloeb.toml",
            "udeladt_ved_fritagelse_andel = 0.5",
            "udeladt_ved_fritagelse_andel = 5",
            "indstillinger.udeladt_ved_fritagelse_andel",
            "between 0 and 1",
        ),
        (
            "kontaktforloeb.toml",
            'maaling_krav = "FIRE_SAMTALER_6_MDR"',
            'maaling_krav = "FIRE_SAMTALER"',
            "indstillinger.maaling_krav[0]",
            "requirement",
        ),
        ("kontaktforloeb.toml", "kontaktgrupper = [1]", "kontaktgrupper = [9]", "ydelse[0].kontaktgrupper[0]", "contact group"),
        ("sygemelding.toml", "kontaktgrupper = [13]", "kontaktgrupper = [13, 77]", "delvis_raskmeldt.kontaktgrupper[1]", "contact group"),
        (
            "sygemelding.toml",
            "kraever_arbejdsgiver = true",
            'kraever_arbejdsgiver = "ja"',
            "forventet_raskmelding_inden_13_uger.kraever_arbejdsgiver",
            "expected true or false",
        ),
        ("organisationer.toml", 'adgang = "alle"', 'adgang = "everyone"', "organisationstype[0].adgang", "is not one of"),
        ("kontaktgrupper.toml", "ophoert = 2016-07-01", 'ophoert = "2016-07-01"', "kontaktgruppe[2].ophoert", "expected a date"),
        ("regler.toml", "fejlkode = ", "fejlkod = ", "regel[0].fejlkod", "unknown key"),
        ("samtale_legalitet.toml", 'status = "rask"', 'status = "frisk"', "raekke[0].status", "is not one of"),
        (
            "samtale_koder.toml",
            "samtaletyper = [17]",
            "samtaletyper = [17, 99]",
            "akassedeltagelse_typer.samtaletyper",
            "conversation type",
        ),
    ],
)
def test_a_broken_table_is_refused_naming_the_file_and_the_key(tables, name, old, new, key, problem):
    path = _edit(tables, name, old, new)
    error = _refusal(tables)
    assert error.fil == str(path)
    assert error.noegle.startswith(key), error
    assert problem in error.problem, error


def test_the_emulator_does_not_start_on_a_broken_table(tables, capsys):
    path = _edit(tables, SYGEMELDING_FIL, 'max_varighed = "3 mdr"', 'max_varighd = "3 mdr"')
    with tables_from(tables):
        with pytest.raises(TabelFejl, match="max_varighd"):
            create_app(Settings(database_url="sqlite://"))
        assert main(["coverage"]) == 2, "the command line says which table and key, without a traceback"
    assert f"{path}: raekke[1].max_varighd: unknown key" in capsys.readouterr().err


NY_TYPE = """# A type added for the test: one file, no code.
id = 99
navn = "Testfravaer"
kilde = "test"
tilbage = "7 dage"
max_varighed = "14 dage"
indberettere = ["jobcenter"]
datoregel_kilde = "test, datoregler"

[[raekke]]
kontaktgrupper = [24, 25]
afmeldes = "nej"
fritager_for = ["Personligt fremmøde"]
kilde = "test, raekke"
"""


def test_a_new_absence_type_is_one_toml_file(tables):
    (tables / "fravaer" / "099-testfravaer.toml").write_text(NY_TYPE, encoding="utf-8")
    with tables_from(tables):
        app = create_app(Settings(database_url="sqlite://"), FixedClock(), IdGenerator(0))
        try:
            transport = WsgiTransport(app, BASE)
            service = {
                name: zeep.Client(f"{BASE}/{name}?wsdl", transport=transport).service
                for name in ("TestSupportService", "FravaerService", "KodelisteService")
            }
            service["TestSupportService"].SetDato(TODAY)
            service["TestSupportService"].OpretTestborger(
                Testborger={
                    "PersonCivilRegistrationIdentifier": "0101801234",
                    "Navn": "Test Borger",
                    "Kommunekode": "101",
                    "JobcenterKode": "10100",
                    "Tilmeldt": True,
                    "Kontaktgruppehistorik": [{"KontaktgruppeType": 24, "Startdato": date(2025, 1, 1)}],
                }
            )
            [liste] = service["KodelisteService"].GetKodeliste("FravaerType")
            assert {k.Vaerdi: k.Navn for k in liste.Kode}[99] == "Testfravaer"
            ok = service["FravaerService"].CreateFravaer(
                "0101801234",
                {"FravaerType": 99, "Startdato": date(2026, 2, 22), "Slutdato": date(2026, 3, 8), "Anmeldelsesdato": TODAY},
                _soapheaders=caller_headers(),
            )
            assert ok.FravaerIdentifier
            # Its rules are the file's: 8 days back and 15 days long are both refused, citing it.
            _, violations, _ = refused(
                service["FravaerService"].CreateFravaer,
                "0101801234",
                {"FravaerType": 99, "Startdato": date(2026, 2, 21), "Slutdato": date(2026, 3, 8), "Anmeldelsesdato": TODAY},
                _soapheaders=caller_headers(),
            )
            assert {(v["RuleIdentifier"], v["Source"]) for v in violations} == {
                ("FRAVAER_TILBAGEDATERING", "test, datoregler"),
                ("FRAVAER_MAX_VARIGHED", "test, datoregler"),
            }
        finally:
            app.deps.store.dispose()
    assert 99 not in fravaertyper(), "leaving the context serves the committed tables again"


def test_the_tables_readme_is_generated_from_the_schema():
    assert section_in(TABLES_README, *SCHEMA) == tables_markdown(), "run `dfdg-emulator docs --write`"


def test_serve_refuses_a_broken_table_before_it_listens(tables, capsys):
    path = _edit(tables, "kontaktgrupper.toml", 'noegle = "jobparat"', 'noegel = "jobparat"')
    with tables_from(tables):
        assert main(["serve", "--workers", "2", "--database-url", "sqlite:///unused.db"]) == 2
    captured = capsys.readouterr()
    assert f"{path}: personkategori[2].noegel: unknown key" in captured.err
    assert "listening" not in captured.out
