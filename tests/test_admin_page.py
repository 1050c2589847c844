"""The journal page (GET /__admin/) in a real headless Chromium, driven by selenium: the calls of a sandbox and
a citizen's state, as a developer looking at the emulator sees them."""

from __future__ import annotations

import shutil
from datetime import date

import pytest
import zeep

from tests.conftest import DATABASE_URL, Dfdg
from tests.servers import running_server

pytestmark = pytest.mark.server
CPR = "0101801234"


@pytest.fixture
def browser(tmp_path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    assert chromium and driver, "Debian's chromium and chromium-driver are needed (.ci/run installs them)"
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
        f"--user-data-dir={tmp_path / 'profile'}",
    ):
        options.add_argument(flag)
    # The driver is Debian's, named here, so selenium never looks for one to download.
    session = webdriver.Chrome(service=Service(executable_path=driver), options=options)
    session.set_page_load_timeout(30)
    try:
        yield session
    finally:
        session.quit()


def test_the_page_shows_a_sandboxs_calls_and_a_citizens_state(tmp_path, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    url = DATABASE_URL if DATABASE_URL.startswith("postgresql") else f"sqlite:///{tmp_path / 'page.db'}"
    with running_server(url) as base:
        sandbox = f"{base}/sandkasse/side"
        testsupport = zeep.Client(f"{sandbox}/TestSupportService?wsdl").service
        sygemelding = zeep.Client(f"{sandbox}/SygemeldingService?wsdl").service
        testsupport.Nulstil()
        testsupport.SetDato(date(2026, 3, 1))
        testsupport.OpretTestborger(
            Testborger={
                "PersonCivilRegistrationIdentifier": CPR,
                "Navn": "Side Borger",
                "Kommunekode": "101",
                "JobcenterKode": "10100",
                "Tilmeldt": True,
                "Kontaktgruppehistorik": [{"KontaktgruppeType": 24, "Startdato": date(2026, 1, 1)}],
            }
        )
        sygemelding.CreateSygemelding(
            PersonCivilRegistrationIdentifier=CPR,
            Sygemelding={"Startdato": date(2026, 2, 20), "Anmeldelsesdato": date(2026, 3, 1)},
            _soapheaders=Dfdg.headers(),
        )
        with pytest.raises(zeep.exceptions.Fault):
            sygemelding.CreateSygemelding(
                PersonCivilRegistrationIdentifier=CPR,
                Sygemelding={"Startdato": date(2025, 1, 1), "Anmeldelsesdato": date(2026, 3, 1)},
                _soapheaders=Dfdg.headers(),
            )

        browser.get(f"{base}/__admin/?sandkasse=side")
        wait = WebDriverWait(browser, 20)
        wait.until(lambda b: len(b.find_elements(By.CSS_SELECTOR, "#kald tbody tr")) >= 5)
        rows = [r.text for r in browser.find_elements(By.CSS_SELECTOR, "#kald tbody tr")]
        assert "SygemeldingService.CreateSygemelding" in rows[0] and "fejl" in rows[0] and "FRAVAER_TILBAGEDATERING (4685)" in rows[0]
        assert "8:10100" in rows[0]
        assert "ok" in rows[1] and "TestSupportService.OpretTestborger" in rows[2]
        assert browser.find_element(By.ID, "sandkasse").get_attribute("value") == "side"

        browser.find_element(By.ID, "cpr").send_keys(CPR)
        browser.find_element(By.CSS_SELECTOR, "#borgerform button").click()
        wait.until(ec.presence_of_element_located((By.ID, "borgernavn")))
        state = browser.find_element(By.ID, "borger").text
        assert "Side Borger (0101801234)" in state
        assert "2026-02-20" in state  # the sick notice
        assert "FIRE_SAMTALER_6_MDR" in state  # the course's requirements
        groups = browser.find_element(By.CSS_SELECTOR, "table.Kontaktgrupper").text
        assert "24" in groups and "2026-01-01" in groups
        browser.save_screenshot(str(tmp_path / "admin.png"))
