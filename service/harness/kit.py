"""`dfdg-emulator replay` over fixtures and scenarios together: one target (in-process, a URL, a sandbox of
either, HTTPS with a client certificate), a progress bar on a terminal, a summary, JUnit XML and an HTML report."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from lxml import etree

from service.harness import replay as fixtures
from service.harness import scenario
from service.harness.report import Case, Progress, Step, print_summary, write_html, write_junit

SANDBOX_PREFIX = "/sandkasse/{}"


def make_target(
    url: str | None = None,
    sandbox: str | None = None,
    cert: str | None = None,
    key: str | None = None,
    ca: str | None = None,
    database_url: str = "sqlite://",
) -> fixtures.Target:
    """The existing replay Target, pointed into a sandbox (`/sandkasse/NAME/...`, served once the sandbox
    feature is in) and given a client certificate and CA for HTTPS."""
    target = fixtures.Target(url, database_url)
    if sandbox:
        target.url += SANDBOX_PREFIX.format(sandbox)
    session = getattr(target.transport, "session", None)
    if session is not None and (cert or ca):
        session.trust_env = False  # else REQUESTS_CA_BUNDLE wins over verify
        if ca:
            session.verify = ca
        if cert:
            session.cert = (cert, key) if key else cert
    return target


def fixture_case(target: Any, case: fixtures.Case) -> Case:
    """`target`: a fixtures.Target, or one that carries recorded ids over (record.IdMappingTarget)."""
    started = time.perf_counter()
    if case.meta.get("optaget"):  # recorded by `record`: ids the upstream generated are carried over
        from service.harness.record import IdMappingTarget

        target = IdMappingTarget(target, case.root, case.meta.get("setup", []))
    try:
        result = fixtures.run_case(target, case)
    except (OSError, ValueError, AssertionError, etree.XMLSyntaxError) as error:  # a missing or broken file: a failure, not a crash
        result = fixtures.Result(case, False, [f"cannot run the case: {type(error).__name__}: {error}"])
    label = (
        f"{case.meta.get('service', case.request.parent.parent.name)}/{case.meta.get('operation', case.request.parent.name)}/{case.name}"
    )
    step = Step(
        case.meta.get("beskrivelse", case.name),
        case.meta.get("service", ""),
        case.meta.get("operation", ""),
        list(result.problems),
        case.request.read_bytes() if case.request.exists() else b"",
        result.response,
        time.perf_counter() - started,
    )
    return Case("fixtures", label, str(case.request.with_name(case.name + ".meta.toml")), [step])


def run_all(paths: list[Path], target: Any) -> list[Case]:
    """Every fixture case and scenario under `paths`, in that order, with a progress bar on a terminal."""
    fixture_cases = fixtures.find_cases([p for p in paths if p.is_dir() or p.name.endswith(".meta.toml")])
    scenario_paths = scenario.find_scenarios(paths)
    progress = Progress(len(fixture_cases) + len(scenario_paths))
    client = scenario.Client(target)  # one set of zeep clients for every scenario
    results = []
    try:
        for case in fixture_cases:
            results.append(fixture_case(target, case))
            progress.advance(results[-1])
        for path in scenario_paths:
            results.append(scenario.run(path, target, client))
            progress.advance(results[-1])
    finally:
        progress.close()
    return results


def report(results: list[Case], junit: str | None = None, html: str | None = None, title: str | None = None) -> bool:
    print_summary(results)
    if junit:
        write_junit(results, Path(junit))
    if html:
        write_html(results, Path(html), **({"title": title} if title else {}))
    return bool(results) and all(c.passed for c in results)
