"""Replay fixture cases against the emulator in-process, or against any URL, and report each as passed or failed.

A case is `<name>.request.xml` (the recorded SOAP request), `<name>.expected.xml` (the response or
fault) and `<name>.meta.toml` (business date, set-up requests, expected outcome, volatile elements).
Every case runs on an emptied emulator: Nulstil, SetDato, the set-up requests, then the request.
A REST case (issue 12) has a `[rest]` table in its meta file (method, path, CPR, caller) and JSON files,
`<name>.request.json` (the body, if any) and `<name>.expected.json`; its set-up is SOAP requests as any case's.
"""

from __future__ import annotations

import difflib
import json
import re
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from lxml import etree
from zeep.transports import Transport

from service.harness.compare import diff
from service.harness.report import fault_of
from service.soap.namespaces import PAYLOAD, payload

PAYLOAD_NS = re.compile(re.escape(PAYLOAD).replace(re.escape("{}"), r"(\w+)"))
FAULT_NS = "http://service.bm.dk/xml/schemas/2011/01/12/"
SOAP_NS = "http://schemas.xmlsoap.org/soap/envelope/"
SEED = 0
IN_PROCESS_URL = "http://dfdg.local"


@dataclass(frozen=True)
class Case:
    name: str
    request: Path
    expected: Path
    meta: dict[str, Any]
    root: Path

    @property
    def volatile(self) -> frozenset[str]:
        return frozenset(self.meta.get("varierer", []))


@dataclass(frozen=True)
class Result:
    case: Case
    passed: bool
    problems: list[str]
    response: bytes = b""  # what the emulator answered (for reports)


def find_cases(paths: list[Path]) -> list[Case]:
    cases = []
    for path in paths:
        metas = sorted(path.rglob("*.meta.toml")) if path.is_dir() else [path]
        root = path if path.is_dir() else path.parent
        while root.parent != root and not (root / "_setup").exists() and root.name != "fixtures":
            root = root.parent
        for meta in metas:
            stem = str(meta)[: -len(".meta.toml")]
            with open(meta, "rb") as f:
                data = tomllib.load(f)
            suffix = "json" if "rest" in data else "xml"
            cases.append(Case(Path(stem).name, Path(f"{stem}.request.{suffix}"), Path(f"{stem}.expected.{suffix}"), data, root))
    return cases


def service_of(request: bytes) -> str:
    """The service a request is for, from the dated payload namespace of its body element (namespaces.PAYLOAD)."""
    body = etree.fromstring(request).find(f"{{{SOAP_NS}}}Body")
    namespace = etree.QName(body[0]).namespace or ""
    match = PAYLOAD_NS.fullmatch(namespace)
    assert match, f"not a DFDG emulator request: {namespace}"
    return match.group(1)


def envelope(service: str, operation: str, inner: str = "") -> bytes:
    return (
        f'<soapenv:Envelope xmlns:soapenv="{SOAP_NS}" xmlns:t="{payload(service)}"><soapenv:Body>'
        f"<t:{operation}Request>{inner}</t:{operation}Request></soapenv:Body></soapenv:Envelope>"
    ).encode()


def caller_headers_xml(
    org_type: int = 8, org_code: str = "10100", user_type: int = 3, user: str = "CVR:12345678-FID:1234", name: str = "Sara Sagsbehandler"
) -> str:
    """DFDG's two caller headers as STAR's published example serialises them (dfdg-wire.md § 2.3-2.4, W2)."""
    code = '<clb:CodeListItemIdentifier xmlns:clb="http://service.bm.dk/pjaktass/2013/06/07/CodeListBase/">{}</clb:CodeListItemIdentifier>'
    return (
        '<rum:RequestUserMetadataHeader xmlns:rum="http://service.bm.dk/RequestUserMetadata/2015/01/21/">'
        '<rus:RequestUserStructure xmlns:rus="http://service.bm.dk/pjaktass/2015/01/21/RequestUserStructure/">'
        f"<rus:UserFullName>{name}</rus:UserFullName>"
        '<rut:RequestUserTypeIdentifier xmlns:rut="http://service.bm.dk/pjaktass/2015/01/21/RequestUserTypeIdentifierCodeList/">'
        f"{code.format(user_type)}</rut:RequestUserTypeIdentifier><rus:UserIdentifier>{user}</rus:UserIdentifier>"
        '</rus:RequestUserStructure><ros:RequestOrganisationStructure xmlns:ros="http://service.bm.dk/pjaktass/2015/01/21/RequestOrganisationStructure/">'
        f"<ros:OrganisationTypeIdentifier>{code.format(org_type)}</ros:OrganisationTypeIdentifier>"
        f"<ros:OrganisationCode>{org_code}</ros:OrganisationCode></ros:RequestOrganisationStructure>"
        "<rum:RegistrationDateTime>2026-03-01T09:00:00+01:00</rum:RegistrationDateTime></rum:RequestUserMetadataHeader>"
        '<ams:ActiveOrganisationHeader xmlns:ams="http://rep.oio.dk/ams.dk/xml/schemas/2005/09/01/">'
        f"<ams:OrganisationTypeIdentifier>{org_type}</ams:OrganisationTypeIdentifier><ams:OrganisationCode>{org_code}</ams:OrganisationCode>"
        "</ams:ActiveOrganisationHeader>"
    )


def fault_code(response: bytes) -> int | None:
    code = etree.fromstring(response).find(f".//{{{FAULT_NS}}}ErrorCode")
    return int(code.text) if code is not None else None


class Target:
    """Where cases are sent: a running emulator (`url`) or the in-process app."""

    def __init__(self, url: str | None, database_url: str = "sqlite://") -> None:
        if url:
            self.url, self.transport, self.app = url.rstrip("/"), Transport(), None
        else:
            from service.app import create_app
            from service.config import Settings
            from service.domain.clock import FixedClock
            from service.domain.ids import IdGenerator
            from service.harness.transport import WsgiTransport

            self.ids = IdGenerator(SEED)
            self.app = create_app(Settings(database_url=database_url), FixedClock(), self.ids)
            self.url, self.transport = IN_PROCESS_URL, WsgiTransport(self.app, IN_PROCESS_URL)

    def post(self, request: bytes) -> tuple[int, bytes]:
        response = self.transport.post(
            f"{self.url}/{service_of(request)}", request, {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": '""'}
        )
        return response.status_code, response.content

    def rest(self, method: str, path: str, headers: dict[str, str], body: bytes | None) -> tuple[int, bytes]:
        """One call to the REST face (`path` below the target's URL); the answer whatever its status."""
        if self.app is not None:
            from werkzeug.test import Client

            answer = Client(self.app).open(path, method=method, headers=headers, data=body)
            return answer.status_code, answer.data
        response = self.transport.session.request(method, self.url + path, headers=headers, data=body, timeout=60)
        return response.status_code, response.content

    def prepare(self, dato: date) -> None:
        if self.app is not None:
            self.ids.reseed(SEED)
        # IdFroe: the sandbox's new ids come from the seeded sequence, so a running server answers with the same
        # GUIDs as the in-process replay (both start the sequence at Nulstil's receipt).
        for request in (
            envelope("TestSupportService", "Nulstil", f"<t:IdFroe>{SEED}</t:IdFroe>"),
            envelope("TestSupportService", "SetDato", f"<t:Dato>{dato.isoformat()}</t:Dato>"),
        ):
            status, body = self.post(request)
            if status != 200:
                raise RuntimeError(f"set-up failed: {body[:500]!r}")


def rest_call(target: Target, case: Case) -> tuple[int, bytes]:
    """A REST case's request: the meta file's `[rest]` (metode, sti, cpr; `kalder` as a scenario's, default the
    jobcentre 10100's system user), the body from `<name>.request.json` if there is one."""
    from service.harness.scenario import rest_headers

    rest: dict[str, Any] = case.meta["rest"]
    body = case.request.read_bytes() if case.request.exists() else None
    headers = rest_headers(rest.get("kalder", {}), rest)
    if body is not None:
        headers["Content-Type"] = "application/json"
    return target.rest(rest["metode"], rest["sti"], headers, body)


def json_diff(expected: bytes, actual: bytes, volatile: frozenset[str]) -> list[str]:
    """Empty when the JSON answers are the same (keys in `volatile` masked at any depth), else a unified diff."""

    def mask(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: "*" if k in volatile and v is not None else mask(v) for k, v in value.items()}
        return [mask(v) for v in value] if isinstance(value, list) else value

    def lines(body: bytes) -> list[str]:
        try:
            return json.dumps(mask(json.loads(body)), indent=2, sort_keys=True, ensure_ascii=False).splitlines()
        except ValueError:
            return ["(not JSON) " + body.decode("utf-8", errors="replace")]

    a, b = lines(expected), lines(actual)
    return [] if a == b else list(difflib.unified_diff(a, b, "expected", "actual", lineterm=""))


def run_case(target: Target, case: Case, record: bool = False) -> Result:
    target.prepare(case.meta["dato"])
    for setup in case.meta.get("setup", []):
        status, body = target.post((case.root / setup).read_bytes())
        if status != 200:
            return Result(case, False, [f"set-up {setup} failed: {body.decode(errors='replace')[:800]}"])
    rest = "rest" in case.meta
    status, actual = rest_call(target, case) if rest else target.post(case.request.read_bytes())
    problems = []
    udfald = case.meta["udfald"]
    code = (fault_of(actual)[0] if rest else fault_code(actual)) if status != 200 else None
    if udfald == "ok" and status != 200:
        problems.append(f"expected success, got fault {code}")
    elif udfald != "ok" and code != udfald:
        problems.append(f"expected fault {udfald}, got {code if code is not None else 'success'}")
    if not case.expected.exists():
        if record:
            case.expected.write_bytes(
                (json.dumps(json.loads(actual), indent=2, ensure_ascii=False) + "\n").encode()
                if rest
                else etree.tostring(etree.fromstring(actual), pretty_print=True, xml_declaration=True, encoding="UTF-8")
            )
        else:
            problems.append(f"missing {case.expected.name} (run with --record to write it)")
    else:
        problems += (json_diff if rest else diff)(case.expected.read_bytes(), actual, case.volatile)
    return Result(case, not problems, problems, actual)


def replay_paths(paths: list[Path], url: str | None = None, record: bool = False) -> bool:
    cases = find_cases(paths)
    target = Target(url)
    results = [run_case(target, case, record) for case in cases]
    for r in results:
        print(f"{'PASS' if r.passed else 'FAIL'} {r.case.request.parent.parent.name}/{r.case.request.parent.name}/{r.case.name}")
        for line in r.problems:
            print("    " + line)
    failed = sum(not r.passed for r in results)
    print(f"{len(results) - failed} passed, {failed} failed")
    return failed == 0 and bool(results)
