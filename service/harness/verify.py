"""`dfdg-emulator verify`: did a vendor's own system make the calls a scenario requires? The scenario's steps
(its set-up is the test's, not the client's) are looked for in the sandbox's journal, in order unless a step
says otherwise (`verify.raekkefoelge = false`): the operation, the caller headers the scenario names, the
values it sends (with `${name}` taken from the responses of the calls matched before), and the outcome it
expects (success, or the error code and rule; a REST step by its operation, caller and outcome). Every step
not found is reported with the nearest call and how it differs; calls the client made beyond the scenario are
not an error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lxml import etree

from service.domain.sandkasse import STANDARD
from service.harness import scenario
from service.harness.journal import PARSER, Call
from service.harness.report import Case, Step

CALLER_FIELDS = ("organisationstype", "organisationskode", "brugertype", "brugerid", "requestid")


def leaves(values: Any, prefix: str = "") -> list[tuple[str, str]]:
    """(path of local names, value as text) for every value a step sends; list items share their path."""
    if isinstance(values, dict):
        return [pair for key, value in values.items() for pair in leaves(value, f"{prefix}/{key}" if prefix else key)]
    if isinstance(values, list):
        return [pair for value in values for pair in leaves(value, prefix)]
    return [(prefix, scenario.as_text(values))]


def texts_at(root: etree._Element, path: str) -> list[str]:
    """The texts of every element in the request's body at `path` (local names)."""
    body = root.find("{http://schemas.xmlsoap.org/soap/envelope/}Body")
    return [(el.text or "").strip() for el in scenario.elements_at(body if body is not None else root, path)]


def differences(spec: dict[str, Any], kalder: dict[str, Any], values: dict[str, Any], call: Call) -> list[str]:
    """How `call` differs from what the step requires; empty when it is the step."""
    problems = []
    for name in CALLER_FIELDS:
        if name in kalder and str(call.kalder.get(name, "")) != str(kalder[name]):
            problems.append(f"header {name}: expected {kalder[name]!r}, the client sent {call.kalder.get(name, '(none)')!r}")
    for header in kalder.get("uden", []):
        if header in call.kalder.get("headere", []):
            problems.append(f"header {header}: expected none, the client sent one")
    # A REST step (`rest`) is matched by its operation, caller and outcome; its JSON body is not compared.
    try:
        root = etree.fromstring(call.request, PARSER) if "rest" not in spec else None
    except etree.XMLSyntaxError:
        return [*problems, "the journalled request is not XML"]
    if root is not None and spec.get("verify", {}).get("vaerdier", True):
        for path, expected in leaves(values):
            sent = texts_at(root, path)
            if expected not in sent:
                problems.append(f"value {path}: expected {expected!r}, the client sent {sent[0] if len(sent) == 1 else sent or '(none)'!r}")
    forvent = spec.get("forvent", {})
    udfald = forvent.get("udfald", "ok")
    if str(call.udfald) != str(udfald):
        got = "success" if call.udfald == "ok" else f"fault {call.udfald} ({', '.join(r for r in call.regler if r) or 'no rule'})"
        problems.append(f"outcome: expected {'success' if udfald == 'ok' else f'fault {udfald}'}, got {got}")
    wanted = forvent.get("regel", [])
    for rule in [wanted] if isinstance(wanted, str) else wanted:
        if rule not in call.regler:
            problems.append(f"rule {rule}: expected among the violations, got {[r for r in call.regler if r] or 'none'}")
    for path, value in forvent.get("svar", {}).items():
        actual = scenario.find_value(call.response, path) if call.response else None
        if actual != scenario.as_text(value):
            problems.append(f"response {path}: expected {scenario.as_text(value)!r}, got {actual!r}")
    return problems


def verify(path: Path, calls: list[Call], sandbox: str | None = None) -> Case:
    """`sandbox`: the name `${sandkasse}` stands for (the sandbox whose journal the calls are)."""
    case = Case("verify", path.stem, str(path))
    try:
        data = scenario.load(path)
    except scenario.ScenarioError as error:
        case.problems.append(str(error))
        return case
    case.name = data["navn"]
    saved = {"sandkasse": sandbox or STANDARD}
    used: set[int] = set()
    last = -1
    for i, spec in enumerate(data["trin"]):
        options = spec.get("verify", {})
        name = spec.get("navn") or f"{i + 1}: {spec['operation']}"
        if options.get("springes_over"):
            continue
        service, _ = scenario.service_for(spec)
        step = Step(name, service, spec["operation"])
        case.steps.append(step)
        try:
            values = scenario.substitute(spec.get("vaerdier", {}), saved)
            resolved = {**spec, "forvent": scenario.substitute(spec.get("forvent", {}), saved)}
        except KeyError as error:
            step.problems.append(f"needs ${{{error.args[0]}}}, captured from a call that was not found")
            continue
        kalder = {**data.get("kalder", {}), **spec.get("kalder", {})}
        ordered = options.get("raekkefoelge", True)
        same = [
            (j, c)
            for j, c in enumerate(calls)
            if j not in used and c.operation == spec["operation"] and (not c.service or c.service == service)
        ]
        candidates = [(j, c) for j, c in same if not ordered or j > last]
        judged = [(j, c, differences(resolved, kalder, values, c)) for j, c in candidates]
        match = next(((j, c) for j, c, d in judged if not d), None)
        if match is None:
            if not same:
                step.problems.append(f"missing: the client never called {service}.{spec['operation']}")
            elif not candidates:
                step.problems.append(f"out of order: {service}.{spec['operation']} was called only before the previous step's call")
            else:
                j, nearest, diffs = min(judged, key=lambda t: len(t[2]))
                step.request, step.response = nearest.request, nearest.response
                step.problems.append(
                    f"no call of {service}.{spec['operation']} as required; the nearest "
                    f"(journal #{j + 1}{', ' + nearest.tidspunkt if nearest.tidspunkt else ''}) differs:"
                )
                step.problems += [f"  {d}" for d in diffs]
            continue
        j, call = match
        used.add(j)
        last = max(last, j) if ordered else last
        step.request, step.response = call.request, call.response
        for variable, element in spec.get("gem", {}).items():
            value = scenario.find_value(call.response, element) if call.response else None
            if value is not None:
                saved[variable] = value
    return case
