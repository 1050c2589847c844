"""The pytest plugin (entry point pytest11, fixture `dfdg_emulator`), as a vendor uses it: installed from the
package into a fresh virtual environment, with a tiny test file of its own; in the test process and against
a running emulator (its own sandbox)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import DATABASE_URL
from tests.servers import running_server

pytestmark = pytest.mark.server
ROOT = Path(__file__).resolve().parent.parent

VENDOR_TEST = textwrap.dedent("""
    from datetime import date


    def test_a_sick_notice(dfdg_emulator):
        assert dfdg_emulator.testsupport.GetDato() == date(2026, 3, 1)
        dfdg_emulator.testsupport.OpretTestborger(Testborger={
            "PersonCivilRegistrationIdentifier": "0101801234", "Navn": "Plugin Borger", "Kommunekode": "101",
            "JobcenterKode": "10100", "Tilmeldt": True,
            "Kontaktgruppehistorik": [{"KontaktgruppeType": 24, "Startdato": date(2025, 1, 1)}]})
        result = dfdg_emulator.sygemelding.CreateSygemelding(
            PersonCivilRegistrationIdentifier="0101801234",
            Sygemelding={"Startdato": date(2026, 2, 20), "Anmeldelsesdato": date(2026, 3, 1)},
            _soapheaders=dfdg_emulator.headers())
        assert result.ServiceReceipt.EventDate.isoformat() == "2026-03-01T12:00:00+01:00"
        assert set(dfdg_emulator.clients) >= {"SygemeldingService", "KontaktforloebService", "TestSupportService"}


    def test_each_test_starts_empty(dfdg_emulator):
        assert dfdg_emulator.testsupport.GetSandkasser(dfdg_emulator.sandkasse)[0].Borgere == 0
""")


@pytest.fixture(scope="module")
def venv(tmp_path_factory):
    """A fresh virtual environment with the package installed as a vendor installs it (not editable)."""
    where = tmp_path_factory.mktemp("vendor") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(where)], check=True)
    python = where / "bin" / "python"
    install = subprocess.run([str(python), "-m", "pip", "install", "-q", str(ROOT), "pytest"], capture_output=True, text=True, timeout=900)
    assert install.returncode == 0, install.stdout + install.stderr
    return python


def _vendor_pytest(python: Path, folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    (folder / "test_vendor.py").write_text(VENDOR_TEST, encoding="utf-8")
    return subprocess.run(
        [str(python), "-m", "pytest", "-p", "no:cacheprovider", "-q", str(folder / "test_vendor.py"), *args],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_the_fixture_from_a_fresh_environment_in_the_test_process(venv, tmp_path):
    result = _vendor_pytest(venv, tmp_path)
    assert result.returncode == 0 and "2 passed" in result.stdout, result.stdout + result.stderr


def test_the_fixture_from_a_fresh_environment_against_a_running_emulator(venv, tmp_path):
    url = DATABASE_URL if DATABASE_URL.startswith("postgresql") else f"sqlite:///{tmp_path / 'plugin.db'}"
    with running_server(url) as base:
        import zeep

        testsupport = zeep.Client(f"{base}/TestSupportService?wsdl").service
        before = {s.Navn: s.Borgere for s in testsupport.GetSandkasser()}
        result = _vendor_pytest(venv, tmp_path, f"--dfdg-url={base}")
        assert result.returncode == 0 and "2 passed" in result.stdout, result.stdout + result.stderr
        # Its own sandbox was used and deleted; no other sandbox was touched.
        assert {s.Navn: s.Borgere for s in testsupport.GetSandkasser()} == before
