"""The replay command's reports as their consumers read them: JUnit XML through junitparser, the HTML page in
headless Chromium (no network), the progress bar only on a terminal; and replay against a running server."""

from __future__ import annotations

import io
import shutil
import tempfile
from pathlib import Path

import pytest
from junitparser import Failure, JUnitXml

from service.cli import main
from service.harness.report import Case, Progress, Step
from tests.conftest import DATABASE_URL
from tests.servers import running_server

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "fixtures" / "SygemeldingService" / "CreateSygemelding"


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """One run over a fixture folder (one case broken on purpose) and two scenarios (one broken)."""
    tmp = tmp_path_factory.mktemp("reports")
    shutil.copytree(ROOT / "fixtures" / "_setup", tmp / "fixtures" / "_setup")
    case_dir = tmp / "fixtures" / "SygemeldingService" / "CreateSygemelding"
    shutil.copytree(FIXTURE, case_dir)
    expected = case_dir / "002-61-dage-tilbage-afvist.expected.xml"
    expected.write_text(expected.read_text(encoding="utf-8").replace("60 dage", "90 dage"), encoding="utf-8")
    good = ROOT / "conformance" / "sygemelding.toml"
    broken = tmp / "broken.toml"
    broken.write_text(
        good.read_text(encoding="utf-8").replace(
            'forvent = { udfald = 7012, regel = "RASKMELDING_FREMTID" }', 'forvent = { udfald = 7012, regel = "RASKMELDING_TILBAGE" }'
        ),
        encoding="utf-8",
    )
    junit, page = tmp / "out" / "junit.xml", tmp / "out" / "report.html"
    code = main(["replay", str(tmp / "fixtures"), str(good), str(broken), "--junit", str(junit), "--html", str(page)])
    return code, junit, page, len(list(case_dir.glob("*.meta.toml")))


def test_replay_exits_non_zero_and_junit_is_read_by_junitparser(reports):
    code, junit, _, fixtures = reports
    assert code == 1
    xml = JUnitXml.fromfile(str(junit))
    suites = {suite.name: suite for suite in xml}
    assert set(suites) == {"fixtures", "scenarios"}
    assert suites["fixtures"].tests == fixtures and suites["fixtures"].failures == 1
    assert suites["scenarios"].tests == 2 and suites["scenarios"].failures == 1
    failures = {case.name: [r for r in case.result if isinstance(r, Failure)] for suite in xml for case in suite}
    fixture_failure = failures["SygemeldingService/CreateSygemelding/002-61-dage-tilbage-afvist"][0]
    assert "90 dage" in fixture_failure.text and "60 dage" in fixture_failure.text
    scenario_failures = [f for name, fs in failures.items() if name.startswith("Sygemelding:") for f in fs]
    assert len(scenario_failures) == 1 and "expected rule RASKMELDING_TILBAGE" in scenario_failures[0].message
    assert sum(bool(f) for f in failures.values()) == 2


def chromium():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    profile = tempfile.mkdtemp(prefix="dfdg-kit-chromium-")
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)
    return driver, profile


@pytest.mark.server  # chromedriver is driven over a loopback socket
def test_html_report_in_headless_chromium_shows_steps_rules_and_sources(reports):
    from selenium.webdriver.common.by import By

    _, _, page, fixtures = reports
    text = page.read_text(encoding="utf-8")
    assert "http://" not in text.split("<body>")[0] and "<link" not in text and "<script" not in text  # self-contained
    driver, profile = chromium()
    try:
        driver.get(page.as_uri())
        assert driver.find_element(By.ID, "summary").text == f"{fixtures + 2} cases: {fixtures} passed, 2 failed"
        failed = driver.find_elements(By.CSS_SELECTOR, "details.case.fail")
        assert len(failed) == 2 and all(d.get_attribute("open") is not None for d in failed)
        names = [d.find_element(By.CSS_SELECTOR, ".name").text for d in failed]
        assert "SygemeldingService/CreateSygemelding/002-61-dage-tilbage-afvist" in names
        broken = failed[names.index(next(n for n in names if n.startswith("Sygemelding:")))]
        assert "expected rule RASKMELDING_TILBAGE" in broken.text
        rows = [
            [td.text for td in tr.find_elements(By.TAG_NAME, "td")]
            for tr in broken.find_elements(By.CSS_SELECTOR, "table.violations tr")
            if tr.find_elements(By.TAG_NAME, "td")
        ]
        row = next(r for r in rows if r[1] == "RASKMELDING_FREMTID")
        assert row[0] == "7012" and row[4]  # the rule's source is shown
        requests = broken.find_elements(By.CSS_SELECTOR, "pre.request")
        assert any("CreateSygemeldingRequest" in r.get_attribute("textContent") for r in requests)
        assert driver.execute_script("return performance.getEntriesByType('resource').length") == 0  # nothing fetched
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


class Tty(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_progress_is_drawn_on_a_terminal_only():
    cases = [Case("scenarios", "a", "a.toml", [Step("x")]), Case("scenarios", "b", "b.toml", [Step("x", problems=["no"])])]
    for tty in (True, False):
        stream = Tty(tty)
        progress = Progress(2, stream)
        for case in cases:
            progress.advance(case)
        progress.close()
        assert ("2/2 1 failed" in stream.getvalue()) is tty
        assert (stream.getvalue() == "") is not tty


@pytest.mark.server
def test_replay_of_fixtures_and_a_scenario_against_a_running_server(tmp_path, capsys):
    url = DATABASE_URL if DATABASE_URL.startswith("postgresql") else f"sqlite:///{tmp_path / 'kit.db'}"
    with running_server(url) as base:
        code = main(
            ["replay", str(FIXTURE), str(ROOT / "conformance" / "sygemelding.toml"), "--url", base, "--junit", str(tmp_path / "j.xml")]
        )
    out = capsys.readouterr().out
    assert code == 0, out
    assert "PASS scenarios: Sygemelding" in out and " 0 failed" in out
    assert JUnitXml.fromfile(str(tmp_path / "j.xml")).tests == len(list(FIXTURE.glob("*.meta.toml"))) + 1
