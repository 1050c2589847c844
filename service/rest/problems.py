"""Refusals as RFC 9457 problem details (application/problem+json), carrying what the SOAP fault carries.

`errorCode`, `message`, `innerException` and `source` are the SOAP fault's FaultDetails, `violations` its
Violations (one per broken rule: error code, rule id, field, Danish message, source), from the same
`fejlsvar` (service/domain/fejlsvar.py). The HTTP status is the REST face's own: DFDG's REST error body is
not public (dfdg-interfaces.md § 3.4), only 412 for a reused x-requestId and 400 listing every validation
error; the statuses below are the project's choice and are listed in the README.
"""

from __future__ import annotations

from typing import Any

from service.domain.fejlsvar import SOURCE, fejlsvar
from service.rules.catalogue import regel
from service.rules.violation import Violation

MEDIA_TYPE = "application/problem+json"
# By rule id: the refusals that mean "no such thing here" (DFDG: 1010 unknown CPR, 4632, 4768).
NOT_FOUND = {"CPR_UKENDT", "FRAVAER_UKENDT", "INDKALDELSE_UKENDT", "YDERLIGERE_UKENDT", "KONTAKTGRUPPE_IKKE_FUNDET", "SAMTALE_UKENDT"}
# By error code: access (4575, 1013: 403), logon (1101, 1012: 401), the reused x-requestId (7001: 412, DFDG's
# own answer), internal error (1011: 500), the time limit (7050: 503). Every other refusal is 400.
STATUS = {4575: 403, 1013: 403, 1101: 401, 1012: 401, 7001: 412, 1011: 500, 7050: 503}
# The status of each code, for the OpenAPI document's responses.
STATUSES = (400, 401, 403, 404, 412, 500, 503)


def status_of(violations: list[Violation]) -> int:
    first = violations[0]
    if first.regel in NOT_FOUND:
        return 404
    return STATUS.get(first.fejlkode, 400)


def problem(violations: list[Violation], instance: str | None = None) -> tuple[int, dict[str, Any]]:
    svar = fejlsvar(violations)
    status = status_of(violations)
    body: dict[str, Any] = {
        "type": f"urn:dfdg-emulator:fejlkode:{svar.fejlkode}",
        "title": svar.message if svar.inner is not None else f"Fejlkode {svar.fejlkode}",
        "status": status,
        "detail": svar.inner or svar.message,
        "instance": instance,
        "errorCode": svar.fejlkode,
        "message": svar.message,
        "innerException": svar.inner,
        "source": SOURCE,
        "violations": [
            {"errorCode": v.fejlkode, "ruleIdentifier": v.regel, "field": v.felt, "message": v.besked, "source": v.kilde}
            for v in violations
        ],
    }
    return status, body


# pydantic's error types in Danish (the emulator's own texts are Danish); others keep pydantic's English text.
DANSK = {
    "missing": "mangler",
    "extra_forbidden": "er ikke et kendt felt",
    "string_pattern_mismatch": "passer ikke til mønsteret {pattern}",
    "string_too_long": "er længere end {max_length} tegn",
    "string_too_short": "er kortere end {min_length} tegn",
    "uuid_parsing": "er ikke et uuid",
    "uuid_type": "er ikke et uuid",
    "date_from_datetime_parsing": "er ikke en dato (ÅÅÅÅ-MM-DD)",
    "date_from_datetime_inexact": "er ikke en dato (ÅÅÅÅ-MM-DD)",
    "date_parsing": "er ikke en dato (ÅÅÅÅ-MM-DD)",
    "date_type": "er ikke en dato (ÅÅÅÅ-MM-DD)",
    "datetime_parsing": "er ikke et tidspunkt (ISO 8601)",
    "datetime_from_date_parsing": "er ikke et tidspunkt (ISO 8601)",
    "datetime_type": "er ikke et tidspunkt (ISO 8601)",
    "int_parsing": "er ikke et heltal",
    "int_type": "er ikke et heltal",
    "int_from_float": "er ikke et heltal",
    "bool_parsing": "er ikke true eller false",
    "bool_type": "er ikke true eller false",
    "string_type": "er ikke en tekst",
    "less_than_equal": "er større end {le}",
    "greater_than_equal": "er mindre end {ge}",
    "literal_error": "skal være {expected}",
    "model_type": "skal være et JSON-objekt",
    "model_attributes_type": "skal være et JSON-objekt",
    "list_type": "skal være en liste",
    "json_invalid": "er ikke gyldig JSON",
    "dict_type": "skal være et JSON-objekt",
}


def validation_violations(errors: list[dict[str, Any]]) -> list[Violation]:
    """Every validation error FastAPI reports, each its own 1014 violation naming the field (`body/startDato`)."""
    violations = []
    for error in errors:
        felt = "/".join(str(part) for part in error.get("loc", ())) or "(meddelelsen)"
        template = DANSK.get(error.get("type", ""))
        try:
            tekst = template.format(**(error.get("ctx") or {})) if template else f"er ugyldig: {error.get('msg')}"
        except (KeyError, IndexError):
            tekst = f"er ugyldig: {error.get('msg')}"
        violations.append(regel("SKEMA").violation(felt=felt, problem=f"{felt} {tekst}"))
    return violations or [regel("SKEMA").violation(problem="ugyldig forespørgsel")]
