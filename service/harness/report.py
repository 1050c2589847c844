"""What a run of fixtures, scenarios or a verification produced, and its three readers: a progress line on a
terminal, JUnit XML for CI, and one self-contained HTML page for a person (no network: inline CSS, no links out)."""

from __future__ import annotations

import html
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from lxml import etree

FAULT_NS = "http://service.bm.dk/xml/schemas/2011/01/12/"
VIOLATIONS_NS = "urn:dfdg-emulator:Violations:1"


@dataclass
class Step:
    """One call (or one check) and what was wrong with it; `problems` empty means it passed."""

    name: str
    service: str = ""
    operation: str = ""
    problems: list[str] = field(default_factory=list)
    request: bytes = b""
    response: bytes = b""
    seconds: float = 0.0

    @property
    def passed(self) -> bool:
        return not self.problems

    @property
    def error_code(self) -> int | None:
        return fault_of(self.response)[0]

    @property
    def violations(self) -> list[dict[str, str]]:
        return fault_of(self.response)[1]


@dataclass
class Case:
    """A fixture case, a scenario or a verification: a named list of steps from one source file."""

    suite: str
    name: str
    source: str
    steps: list[Step] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # about the case as a whole (bad file, set-up failed)

    @property
    def passed(self) -> bool:
        return not self.problems and all(s.passed for s in self.steps)

    @property
    def seconds(self) -> float:
        return sum(s.seconds for s in self.steps)

    def all_problems(self) -> list[str]:
        """Every problem; named by its step when the case has several (a diff's lines are kept together)."""
        if len(self.steps) == 1:
            return self.problems + self.steps[0].problems
        return self.problems + [f"{s.name}: {p}" for s in self.steps for p in s.problems]


# A REST problem's violation keys (service/rest/problems.py) as the SOAP fault's Violation elements.
PROBLEM_KEYS = {"errorCode": "ErrorCode", "ruleIdentifier": "RuleIdentifier", "field": "Field", "message": "Message", "source": "Source"}


def problem_of(response: bytes) -> tuple[int | None, list[dict[str, str]]]:
    """A REST refusal (RFC 9457 problem details): its errorCode and violations, read as a SOAP fault's."""
    try:
        body = json.loads(response)
    except ValueError:
        return None, []
    if not isinstance(body, dict) or not isinstance(body.get("errorCode"), int):
        return None, []
    violations = [
        {PROBLEM_KEYS[k]: str(v) for k, v in violation.items() if k in PROBLEM_KEYS}
        for violation in body.get("violations", [])
        if isinstance(violation, dict)
    ]
    return body["errorCode"], violations


def fault_of(response: bytes) -> tuple[int | None, list[dict[str, str]]]:
    """DFDG's ErrorCode of a fault response and the emulator's violations (ErrorCode, RuleIdentifier, Field, Message, Source);
    a REST answer (JSON) is read as its problem details."""
    if not response:
        return None, []
    if not response.lstrip().startswith(b"<"):
        return problem_of(response)
    try:
        root = etree.fromstring(response, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return None, []
    code = root.find(f".//{{{FAULT_NS}}}ErrorCode")
    violations = [{etree.QName(c).localname: (c.text or "") for c in v} for v in root.iter(f"{{{VIOLATIONS_NS}}}Violation")]
    return (int(code.text) if code is not None and (code.text or "").strip().isdigit() else None), violations


class Progress:
    """`[12/40] name` rewritten in place; only on a terminal, so logs and CI output stay clean."""

    def __init__(self, total: int, stream: IO[str] | None = None) -> None:
        self.total, self.done, self.failed = total, 0, 0
        self.stream = stream or sys.stdout
        self.enabled = self.stream.isatty()

    def advance(self, case: Case) -> None:
        self.done += 1
        self.failed += not case.passed
        if self.enabled:
            width = 30
            filled = width * self.done // max(self.total, 1)
            self.stream.write(
                f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} {self.failed} failed  {case.name[:40]:<40}"
            )
            self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\r" + " " * 100 + "\r")
            self.stream.flush()


def print_summary(cases: list[Case], stream: IO[str] | None = None) -> None:
    out = stream or sys.stdout
    for case in cases:
        print(f"{'PASS' if case.passed else 'FAIL'} {case.suite}: {case.name}", file=out)
        for line in case.all_problems():
            for part in line.splitlines():
                print("    " + part, file=out)
    failed = sum(not c.passed for c in cases)
    print(f"{len(cases) - failed} passed, {failed} failed", file=out)


def write_junit(cases: list[Case], path: Path) -> None:
    """One testsuite per suite (fixtures, scenarios, verify), one testcase per case; its failure lists every problem."""
    root = etree.Element("testsuites", name="dfdg-emulator")
    for suite in dict.fromkeys(c.suite for c in cases):
        members = [c for c in cases if c.suite == suite]
        ts = etree.SubElement(
            root,
            "testsuite",
            name=suite,
            tests=str(len(members)),
            failures=str(sum(not c.passed for c in members)),
            errors="0",
            skipped="0",
            time=f"{sum(c.seconds for c in members):.3f}",
        )
        for case in members:
            tc = etree.SubElement(
                ts, "testcase", name=case.name, classname=f"{suite}.{Path(case.source).stem}", file=case.source, time=f"{case.seconds:.3f}"
            )
            if not case.passed:
                problems = case.all_problems()
                failure = etree.SubElement(
                    tc, "failure", message=problems[0].splitlines()[0][:500] if problems else "failed", type="mismatch"
                )
                failure.text = "\n".join(problems)
            out = [f"{s.name}: {s.service}.{s.operation} -> {_outcome(s)}" for s in case.steps]
            etree.SubElement(tc, "system-out").text = "\n".join(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(etree.tostring(root, pretty_print=True, xml_declaration=True, encoding="UTF-8"))


def _outcome(step: Step) -> str:
    if not step.response:
        return "-"
    code = step.error_code
    return "ok" if code is None else f"fault {code}"


def _pretty(xml: bytes) -> str:
    if not xml:
        return ""
    if not xml.lstrip().startswith(b"<"):  # a REST step's JSON
        try:
            return json.dumps(json.loads(xml), indent=2, ensure_ascii=False)
        except ValueError:
            return xml.decode("utf-8", errors="replace")
    try:
        root = etree.fromstring(xml, etree.XMLParser(remove_blank_text=True, resolve_entities=False, no_network=True))
        return str(etree.tostring(root, pretty_print=True, encoding="unicode"))
    except etree.XMLSyntaxError:
        return xml.decode("utf-8", errors="replace")


CSS = """
body{font-family:system-ui,sans-serif;margin:1.5em;color:#222}
h1{font-size:1.4em} .summary{margin-bottom:1em}
.case{border:1px solid #ccc;border-radius:4px;margin:.6em 0;padding:.2em .8em}
.case.fail{border-color:#c33;background:#fff6f6} .case.pass{border-color:#3a3}
.badge{display:inline-block;padding:0 .5em;border-radius:3px;color:#fff;font-weight:bold}
.badge.pass{background:#2a2} .badge.fail{background:#c22}
pre{background:#f4f4f4;padding:.5em;overflow:auto;max-height:30em;font-size:.85em}
table{border-collapse:collapse} td,th{border:1px solid #ccc;padding:.2em .4em;text-align:left;font-size:.9em}
.problem{color:#a00;white-space:pre-wrap;font-family:monospace}
"""


def write_html(cases: list[Case], path: Path, title: str = "DFDG emulator: conformance report") -> None:
    """One page, no scripts, no external resources: per case its steps, the request and response of each,
    and for every refusal the rule id, the field and the source the emulator gives."""
    e = html.escape
    failed = sum(not c.passed for c in cases)
    parts = [
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{e(title)}</title>",
        f"<style>{CSS}</style></head><body><h1>{e(title)}</h1>",
        f"<p class='summary' id='summary'>{len(cases)} cases: {len(cases) - failed} passed, {failed} failed</p>",
    ]
    for i, case in enumerate(cases):
        status = "pass" if case.passed else "fail"
        parts.append(
            f"<details class='case {status}' id='case-{i}'{' open' if not case.passed else ''}>"
            f"<summary><span class='badge {status}'>{status.upper()}</span> {e(case.suite)}: "
            f"<span class='name'>{e(case.name)}</span> <small>({e(case.source)})</small></summary>"
        )
        for p in case.problems:
            parts.append(f"<p class='problem'>{e(p)}</p>")
        for step in case.steps:
            s = "pass" if step.passed else "fail"
            parts.append(
                f"<div class='step {s}'><h3><span class='badge {s}'>{s.upper()}</span> {e(step.name)} "
                f"<code>{e(step.service)}.{e(step.operation)}</code> &rarr; {e(_outcome(step))}</h3>"
            )
            for p in step.problems:
                parts.append(f"<p class='problem'>{e(p)}</p>")
            violations = step.violations
            if violations:
                parts.append(
                    "<table class='violations'><tr><th>error code</th><th>rule</th><th>field</th><th>message</th><th>source</th></tr>"
                )
                for v in violations:
                    parts.append(
                        "<tr>"
                        + "".join(f"<td>{e(v.get(k, ''))}</td>" for k in ("ErrorCode", "RuleIdentifier", "Field", "Message", "Source"))
                        + "</tr>"
                    )
                parts.append("</table>")
            if step.request:
                parts.append(f"<details><summary>request</summary><pre class='request'>{e(_pretty(step.request))}</pre></details>")
            if step.response:
                parts.append(f"<details><summary>response</summary><pre class='response'>{e(_pretty(step.response))}</pre></details>")
            parts.append("</div>")
        parts.append("</details>")
    parts.append("</body></html>")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(parts), encoding="utf-8")
