"""The journal of calls a sandbox received, as `verify` reads it: from `GET /__admin/kald?sandkasse=NAME` on a
running emulator (the sandbox feature), or from a JSON file saved from there.

Expected JSON (docs/conformance.md, "The journal"): a list of entries, or an object whose `kald` holds
the list. Each entry:

    {"tidspunkt": "2026-03-01T09:00:00.123+01:00",     # when; entries are ordered by it (or by "nr")
     "sandkasse": "ci-42",
     "kalder": {"organisationstype": 8, "organisationskode": "10100", "brugertype": 3, "brugerid": "..."},
     "service": "SygemeldingService", "operation": "CreateSygemelding",
     "udfald": "ok" | 4685,                              # or "fejlkode": 4685 / "fejlkoder": [4685]
     "regler": ["FRAVAER_TILBAGEDATERING"] | [{"id": "...", "kilde": "..."}],
     "request": "<soapenv:Envelope>...", "response": "<soapenv:Envelope>...",
     "varighed_ms": 12}

Only `request` and `response` are required: whatever else is missing is read from them (the service and
operation from the body, the caller from DFDG's headers, the outcome and rules from the fault), and where
both are given the XML wins for values while the entry wins for order and time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
from lxml import etree

from service.harness.report import fault_of

PARSER = etree.XMLParser(resolve_entities=False, no_network=True)
SOAP_NS = "http://schemas.xmlsoap.org/soap/envelope/"
JOURNAL_PATH = "/__admin/kald"


@dataclass
class Call:
    nr: int
    tidspunkt: str
    service: str
    operation: str
    kalder: dict[str, Any]
    udfald: Any  # "ok" or the error code
    regler: list[str]
    request: bytes
    response: bytes
    extra: dict[str, Any] = field(default_factory=dict)


def _text(value: Any) -> bytes:
    if value is None:
        return b""
    return value.encode("utf-8") if isinstance(value, str) else bytes(value)


def _caller_from(request: bytes) -> dict[str, Any]:
    """DFDG's caller headers as `kalder` fields (README, "On the wire")."""
    try:
        header = etree.fromstring(request, PARSER).find(f"{{{SOAP_NS}}}Header")
    except etree.XMLSyntaxError:
        return {}
    if header is None:
        return {}
    found: dict[str, Any] = {}
    active = header.find("{*}ActiveOrganisationHeader")
    if active is not None:
        found["organisationstype"] = (active.findtext("{*}OrganisationTypeIdentifier") or "").strip()
        found["organisationskode"] = (active.findtext("{*}OrganisationCode") or "").strip()
    user = header.find("{*}RequestUserMetadataHeader/{*}RequestUserStructure")
    if user is not None:
        found["brugertype"] = (user.findtext("{*}RequestUserTypeIdentifier/{*}CodeListItemIdentifier") or "").strip()
        found["brugerid"] = (user.findtext("{*}UserIdentifier") or "").strip()
        found["navn"] = (user.findtext("{*}UserFullName") or "").strip()
    request_id = header.find("{*}RequestId")
    if request_id is not None:
        found["requestid"] = (request_id.text or "").strip()
    found["headere"] = [etree.QName(h).localname for h in header if isinstance(h.tag, str)]
    return found


def _operation_from(request: bytes) -> tuple[str, str]:
    from service.harness.scenario import operations

    try:
        body = etree.fromstring(request, PARSER).find(f"{{{SOAP_NS}}}Body")
    except etree.XMLSyntaxError:
        return "", ""
    if body is None or not len(body):
        return "", ""
    operation = etree.QName(body[0]).localname.removesuffix("Request")
    services = operations().get(operation, [])
    return (services[0][0] if len(services) == 1 else ""), operation


def parse(data: Any) -> list[Call]:
    entries = data.get("kald", data.get("calls", [])) if isinstance(data, dict) else data
    if not isinstance(entries, list):
        raise ValueError("a journal is a JSON list of calls, or an object with the list in `kald`")
    calls = []
    for i, entry in enumerate(entries):
        request, response = _text(entry.get("request")), _text(entry.get("response"))
        service, operation = _operation_from(request) if request else ("", "")
        code, violations = fault_of(response)
        codes = entry.get("fejlkoder") or ([entry["fejlkode"]] if entry.get("fejlkode") is not None else [])
        if entry.get("udfald") not in (None, "fejl"):
            udfald = entry["udfald"]
        elif codes:
            udfald = codes[0]
        else:  # the emulator's own journal says only "fejl": the code is the fault's
            udfald = "ok" if code is None else code
        rules = [
            str(r.get("id") or r.get("regel") or r.get("RuleIdentifier") or "") if isinstance(r, dict) else str(r)
            for r in entry.get("regler", [])
        ]
        rules = rules or [str(v.get("RuleIdentifier") or "") for v in violations]
        kalder = {**_caller_from(request), **{k: v for k, v in (entry.get("kalder") or {}).items() if v is not None}}
        known = {"tidspunkt", "tid", "service", "operation", "kalder", "udfald", "fejlkode", "fejlkoder", "regler", "request", "response"}
        calls.append(
            Call(
                int(entry.get("nr", i)),
                str(entry.get("tidspunkt") or entry.get("tid") or ""),
                entry.get("service") or service,
                entry.get("operation") or operation,
                kalder,
                udfald if udfald != "ok" else "ok",
                rules,
                request,
                response,
                {k: v for k, v in entry.items() if k not in known},
            )
        )
    if any("nr" in e for e in entries):
        calls.sort(key=lambda c: c.nr)
    elif all(c.tidspunkt for c in calls):
        calls.sort(key=lambda c: c.tidspunkt)
    return calls


def read_file(path: Path) -> list[Call]:
    return parse(json.loads(path.read_text(encoding="utf-8")))


def fetch(url: str, sandbox: str, session: requests.Session | None = None) -> list[Call]:
    """The journal of `sandbox` from a running emulator (needs the sandbox feature's `GET /__admin/kald`)."""
    response = (session or requests.Session()).get(url.rstrip("/") + JOURNAL_PATH, params={"sandkasse": sandbox}, timeout=30)
    response.raise_for_status()
    return parse(response.json())
