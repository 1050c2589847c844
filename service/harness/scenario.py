"""Scenarios: a TOML file of steps that call operations by name (set-up, calls with values, expectations,
values captured from one response and used in later steps). Run in-process or against a URL; each step's
request and response are kept for the reports. The format is documented in docs/conformance.md and
schemas/scenario.schema.json. A step with `rest` is sent to the REST face (issue 12) instead: the same operation,
its method, path and JSON body, DFDG's x-* headers; its answer is JSON, its refusal a problem with the same violations.

TOML rather than YAML: a CPR number such as 0101801234 must stay a string, and YAML 1.1 readers turn
unquoted digits (and `no`, `on`) into numbers and booleans; TOML has no such guessing, has real dates
(`dato = 2026-03-01`), is read by the standard library (tomllib), and the fixtures' meta files are TOML already.
"""

from __future__ import annotations

import json
import re
import time
import tomllib
import uuid
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from lxml import etree

from service.domain.sandkasse import STANDARD
from service.harness.report import Case, Step, fault_of

SANDBOX_PATH = "/sandkasse/"

SCHEMA = Path(__file__).resolve().parents[2] / "schemas" / "scenario.schema.json"
VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
HEADER_NAMES = ("RequestUserMetadataHeader", "ActiveOrganisationHeader")
DEFAULT_CALLER = {
    "organisationstype": 8,
    "organisationskode": "10100",
    "brugertype": 3,
    "brugerid": "CVR:12345678-FID:1234",
    "navn": "Sara Sagsbehandler",
}


class ScenarioError(ValueError):
    """A scenario file that cannot be run: not TOML, or not valid against the schema."""


def is_scenario(path: Path) -> bool:
    return path.suffix == ".toml" and not path.name.endswith(".meta.toml")


def find_scenarios(paths: list[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        found += sorted(p for p in path.rglob("*.toml") if is_scenario(p)) if path.is_dir() else [path] if is_scenario(path) else []
    return found


def jsonable(value: Any) -> Any:
    """TOML's values as JSON's: dates and times become ISO strings (the schema checks them as such)."""
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return schema


def schema_errors(data: dict[str, Any]) -> list[str]:
    """Every way `data` breaks the schema (empty if jsonschema is not installed and the basics hold)."""
    try:
        import jsonschema  # type: ignore[import-untyped]
    except ImportError:  # a runtime install without the dev extra: check what the runner relies on
        return [] if isinstance(data.get("trin"), list) and data.get("navn") else ["needs `navn` and at least one [[trin]]"]
    validator = jsonschema.Draft202012Validator(schema(), format_checker=jsonschema.FormatChecker())
    return [
        f"{'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}"
        for e in sorted(validator.iter_errors(jsonable(data)), key=lambda e: list(map(str, e.absolute_path)))
    ]


def load(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except tomllib.TOMLDecodeError as error:
        raise ScenarioError(f"{path}: not TOML: {error}") from error
    errors = schema_errors(data)
    if errors:
        raise ScenarioError(f"{path}: not a valid scenario:\n" + "\n".join(errors))
    return data


def substitute(value: Any, saved: dict[str, str]) -> Any:
    """`${name}` in any string replaced by a value captured earlier; an unknown name is an error."""
    if isinstance(value, dict):
        return {k: substitute(v, saved) for k, v in value.items()}
    if isinstance(value, list):
        return [substitute(v, saved) for v in value]
    if isinstance(value, str):

        def one(match: re.Match[str]) -> str:
            if match.group(1) not in saved:
                raise KeyError(match.group(1))
            return saved[match.group(1)]

        return VARIABLE.sub(one, value)
    return value


def elements_at(root: etree._Element, path: str) -> list[etree._Element]:
    """Every element below `root` whose local names end with `path` (`FravaerIdentifier`, `Fravaer/Startdato`)."""
    wanted = path.split("/")
    found = []
    for el in root.iter():
        if not isinstance(el.tag, str) or etree.QName(el).localname != wanted[-1]:
            continue
        names: list[str] = []
        parent = el.getparent()
        while parent is not None and len(names) < len(wanted) - 1:
            names.insert(0, etree.QName(parent).localname)
            parent = parent.getparent()
        if names == wanted[:-1]:
            found.append(el)
    return found


def json_value(body: bytes, path: str) -> str | None:
    """The value at `path` in a REST answer: keys (and list positions) joined by `/`, `.` for the whole answer
    (a create's id); as text as the SOAP values are (`true`, ISO dates), None where there is none."""
    try:
        value: Any = json.loads(body)
    except ValueError:
        return None
    for part in [] if path == "." else path.split("/"):
        if isinstance(value, dict) and part in value:
            value = value[part]
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            return None
    if value is None or isinstance(value, (dict, list)):
        return None if value is None else json.dumps(value, ensure_ascii=False)
    return as_text(value)


def find_value(xml: bytes | etree._Element, path: str) -> str | None:
    """The text of the first element at `path` (see elements_at), or None; in a REST answer (JSON), json_value."""
    if isinstance(xml, bytes) and not xml.lstrip().startswith(b"<"):
        return json_value(xml, path)
    root = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True)) if isinstance(xml, bytes) else xml
    found = elements_at(root, path)
    return (found[0].text or "").strip() if found else None


def as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value.isoformat() if isinstance(value, (date, datetime)) else str(value)


@lru_cache(maxsize=1)
def operations() -> dict[str, list[tuple[str, bool]]]:
    """Operation name -> [(service, takes caller headers)], from the services the emulator publishes."""
    from service.app import SERVICES

    found: dict[str, list[tuple[str, bool]]] = {}
    for service in SERVICES:
        for method in service.public_methods.values():
            found.setdefault(method.operation_name, []).append((service.__name__, bool(getattr(service, "requires_caller", False))))
    return found


def service_for(step: dict[str, Any]) -> tuple[str, bool]:
    candidates = operations().get(step["operation"], [])
    if "service" in step:
        candidates = [c for c in candidates if c[0] == step["service"]]
    if len(candidates) != 1:
        raise ScenarioError(f"operation {step['operation']!r}: " + ("unknown" if not candidates else "in several services; name `service`"))
    return candidates[0]


def caller_headers(kalder: dict[str, Any]) -> dict[str, Any]:
    """zeep `_soapheaders` in DFDG's shape (README, "On the wire"), leaving out those named in `uden`."""
    k = {**DEFAULT_CALLER, **kalder}
    org_code = str(k["organisationskode"])
    headers: dict[str, Any] = {
        "RequestUserMetadataHeader": {
            "RequestUserStructure": {
                "UserFullName": k["navn"],
                "RequestUserTypeIdentifier": {"CodeListItemIdentifier": k["brugertype"]},
                "UserIdentifier": k["brugerid"],
            },
            "RequestOrganisationStructure": {
                "OrganisationTypeIdentifier": {"CodeListItemIdentifier": k["organisationstype"]},
                "OrganisationCode": org_code,
            },
            "RegistrationDateTime": datetime.now(UTC).replace(microsecond=0),
        },
        "ActiveOrganisationHeader": {"OrganisationTypeIdentifier": k["organisationstype"], "OrganisationCode": org_code},
    }
    if "requestid" in k:
        headers["RequestId"] = k["requestid"]
    for name in k.get("uden", []):
        headers.pop(name, None)
    return headers


# The caller as the REST face's headers (service/rest/kald.py): DFDG's x-* and the project's names for the SOAP headers.
REST_HEADERS = {
    "organisationstype": "x-organisationTypeIdentifier",
    "organisationskode": "x-organisationCode",
    "brugertype": "x-requestUserTypeIdentifier",
    "brugerid": "x-userIdentifier",
    "navn": "x-userFullName",
}
REST_LEFT_OUT = {
    "ActiveOrganisationHeader": ("organisationstype", "organisationskode"),
    "RequestUserMetadataHeader": ("brugertype", "brugerid", "navn"),
}


def rest_headers(kalder: dict[str, Any], rest: dict[str, Any]) -> dict[str, str]:
    """The caller of a REST step; a write without `requestid` gets a fresh x-requestId (DFDG requires one)."""
    k = {**DEFAULT_CALLER, **kalder}
    left_out = {name for header in k.get("uden", []) for name in REST_LEFT_OUT.get(header, ())}
    headers = {header: str(k[name]) for name, header in REST_HEADERS.items() if name not in left_out}
    if "cpr" in rest:
        headers["x-civilRegistrationIdentifier"] = str(rest["cpr"])
    if "requestid" in k or rest["metode"] != "GET":
        headers["x-requestId"] = str(k.get("requestid") or uuid.uuid4())
    if "krop" in rest:
        headers["Content-Type"] = "application/json"
    return headers


class Client:
    """Builds each request with zeep from the target's own WSDLs and posts it raw, so a fault is an answer, not an exception."""

    def __init__(self, target: Any) -> None:
        self.target = target
        self.clients: dict[str, Any] = {}

    def message(self, service: str, operation: str, values: dict[str, Any], headers: dict[str, Any] | None) -> bytes:
        import zeep

        if service not in self.clients:
            self.clients[service] = zeep.Client(f"{self.target.url}/{service}?wsdl", transport=self.target.transport)
        client = self.clients[service]
        extra = {"_soapheaders": headers} if headers else {}
        envelope = client.create_message(client.service, operation, **values, **extra)
        return bytes(etree.tostring(envelope, xml_declaration=True, encoding="UTF-8"))

    def call(self, name: str, service: str, operation: str, values: dict[str, Any], headers: dict[str, Any] | None) -> Step:
        step = Step(name, service, operation)
        started = time.perf_counter()
        try:
            step.request = self.message(service, operation, values, headers)
        except Exception as error:  # zeep's own complaint about the values (unknown element, wrong type) is the answer
            step.problems.append(f"cannot build the request from the values: {type(error).__name__}: {error}")
            return step
        status, step.response = self.target.post(step.request)
        step.seconds = time.perf_counter() - started
        if status != 200 and fault_of(step.response)[0] is None:  # not an answer of the service: a proxy, a wrong path
            step.problems.append(f"HTTP {status} without a DFDG fault: {step.response[:300].decode('utf-8', errors='replace')}")
        return step

    def call_rest(self, name: str, service: str, operation: str, rest: dict[str, Any], headers: dict[str, str]) -> Step:
        """One REST step: `rest.metode` to `rest.sti` with `rest.krop` as JSON; kept as JSON for the reports."""
        step = Step(name, service, operation)
        body = json.dumps(jsonable(rest["krop"]), ensure_ascii=False).encode() if "krop" in rest else None
        step.request = json.dumps(
            {
                "metode": rest["metode"],
                "sti": rest["sti"],
                "headere": headers,
                **({"krop": jsonable(rest["krop"])} if "krop" in rest else {}),
            },
            ensure_ascii=False,
            indent=2,
        ).encode()
        started = time.perf_counter()
        status, step.response = self.target.rest(rest["metode"], rest["sti"], headers, body)
        step.seconds = time.perf_counter() - started
        if status >= 400 and fault_of(step.response)[0] is None:  # not the REST face's answer: a wrong path, a proxy
            step.problems.append(
                f"HTTP {status} without a problem from the emulator: {step.response[:300].decode('utf-8', errors='replace')}"
            )
        return step


def check(step: Step, forvent: dict[str, Any]) -> None:
    """The step's response against its expectations: outcome, rule ids, values."""
    code, violations = fault_of(step.response)
    udfald = forvent.get("udfald", "ok")
    rules = {v.get("RuleIdentifier") for v in violations}
    got = "success" if code is None else f"fault {code} ({', '.join(sorted(r for r in rules if r)) or 'no rule'})"
    if udfald == "ok" and code is not None:
        step.problems.append(f"expected success, got {got}: {'; '.join(v.get('Message', '') for v in violations)}")
    elif udfald != "ok" and code != udfald:
        step.problems.append(f"expected fault {udfald}, got {got}")
    wanted = forvent.get("regel", [])
    for rule in [wanted] if isinstance(wanted, str) else wanted:
        if rule not in rules:
            step.problems.append(f"expected rule {rule} among the violations, got {sorted(r for r in rules if r) or 'none'}")
    for path, value in forvent.get("svar", {}).items():
        actual = find_value(step.response, path) if step.response else None
        if actual != as_text(value):
            step.problems.append(f"response {path}: expected {as_text(value)!r}, got {actual!r}")


def setup_steps(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The set-up as steps of their own: Nulstil, SetDato, one OpretTestborger per citizen."""
    steps: list[dict[str, Any]] = []
    if data.get("nulstil", True):
        steps.append({"navn": "set-up: Nulstil", "operation": "Nulstil", "service": "TestSupportService"})
    if "dato" in data:
        steps.append(
            {
                "navn": f"set-up: SetDato {data['dato']}",
                "operation": "SetDato",
                "service": "TestSupportService",
                "vaerdier": {"Dato": data["dato"]},
            }
        )
    for borger in data.get("borger", []):
        steps.append(
            {
                "navn": f"set-up: OpretTestborger {borger.get('PersonCivilRegistrationIdentifier', '')}",
                "operation": "OpretTestborger",
                "service": "TestSupportService",
                "vaerdier": {"Testborger": borger},
            }
        )
    return steps


def sandbox_of(url: str) -> str:
    """The sandbox a URL's paths reach, `${sandkasse}` in a scenario: `/sandkasse/NAME/...`, else `default`."""
    _, found, rest = url.partition(SANDBOX_PATH)
    return rest.split("/", 1)[0] if found else STANDARD


def run(path: Path, target: Any, client: Client | None = None) -> Case:
    """Run one scenario; a step that fails does not stop the next (each reports its own problems),
    but a failed set-up or a missing captured value does."""
    case = Case("scenarios", path.stem, str(path))
    try:
        data = load(path)
    except ScenarioError as error:
        case.problems.append(str(error))
        return case
    case.name = data["navn"]
    client = client or Client(target)
    saved = {"sandkasse": sandbox_of(getattr(target, "url", None) or "")}
    setup = setup_steps(data)
    for i, spec in enumerate(setup + data["trin"]):
        name = spec.get("navn") or f"{i + 1 - len(setup)}: {spec['operation']}"
        try:
            service, business = service_for(spec)
            values = substitute(spec.get("vaerdier", {}), saved)
            rest = substitute(spec["rest"], saved) if "rest" in spec else None
        except (ScenarioError, KeyError) as error:
            case.steps.append(
                Step(
                    name,
                    spec.get("service", ""),
                    spec["operation"],
                    [f"unknown captured value ${{{error.args[0]}}}" if isinstance(error, KeyError) else str(error)],
                )
            )
            break
        kalder = {**data.get("kalder", {}), **spec.get("kalder", {})}
        if rest is not None:
            step = client.call_rest(name, service, spec["operation"], rest, rest_headers(kalder, rest))
        else:
            step = client.call(name, service, spec["operation"], values, caller_headers(kalder) if business else None)
        if step.problems:
            case.steps.append(step)
            if i < len(setup):
                break
            continue
        try:
            check(step, substitute(spec.get("forvent", {}), saved))
        except KeyError as error:
            step.problems.append(f"unknown captured value ${{{error.args[0]}}} in forvent")
        for variable, element in spec.get("gem", {}).items():
            value = find_value(step.response, element)
            if value is None:
                step.problems.append(f"nothing to capture as ${{{variable}}}: no {element} in the response")
            else:
                saved[variable] = value
        case.steps.append(step)
        if i < len(setup) and step.problems:
            break
    return case
