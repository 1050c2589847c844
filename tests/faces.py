"""The REST face as a vendor's test sees it, and one interface over both faces for the rule-family tests.

`Rest` calls the emulator's REST paths in-process (werkzeug's test client on the same WSGI app as zeep's
transport), with the project's caller headers. `SoapFace`/`RestFace` register the same absence or sick notice
through either face, so the tests generated from the rule tables run through both; a REST refusal is raised
as `Refused` with the SOAP fault's violation keys, so `conftest.refused` reads both alike.
"""

from __future__ import annotations

import uuid
from datetime import date
from types import SimpleNamespace
from typing import Any

from werkzeug.test import Client

JOBCENTER = (8, "10100")
VIOLATION_KEYS = {"errorCode": "ErrorCode", "ruleIdentifier": "RuleIdentifier", "field": "Field", "message": "Message", "source": "Source"}


class Refused(Exception):
    """A REST refusal (problem details), read as conftest.refused reads a SOAP fault."""

    def __init__(self, status: int, problem: dict[str, Any]) -> None:
        super().__init__(problem.get("message"))
        self.status, self.problem = status, problem
        self.code = problem["errorCode"]
        self.message = problem["message"]
        self.violations = [{VIOLATION_KEYS[k]: str(v) for k, v in violation.items()} for violation in problem["violations"]]


def rest_headers(org: tuple[int, str] = JOBCENTER, user_type: int = 3, user_identifier: str = "sagsbehandler1",
                 cpr: str | None = None, request_id: str | None = None) -> dict[str, str]:
    """The project's REST caller headers (DFDG's SOAP caller headers as HTTP headers), DFDG's x-* headers."""
    h = {"x-organisationTypeIdentifier": str(org[0]), "x-organisationCode": org[1], "x-requestUserTypeIdentifier": str(user_type),
         "x-userIdentifier": user_identifier, "x-userFullName": "Sara Sagsbehandler"}
    if cpr is not None:
        h["x-civilRegistrationIdentifier"] = cpr
    if request_id is not None:
        h["x-requestId"] = request_id
    return h


class Rest:
    def __init__(self, emulator: Any) -> None:
        self.client = Client(emulator)

    def call(self, method: str, path: str, cpr: str | None = None, json: Any = None, org: tuple[int, str] = JOBCENTER,
             user_type: int = 3, user_identifier: str = "sagsbehandler1", request_id: str | None = None,
             headers: dict[str, str] | None = None) -> tuple[int, Any]:
        """(status, JSON body); a write gets a fresh x-requestId unless one is given."""
        if request_id is None and method != "GET":
            request_id = str(uuid.uuid4())
        h = rest_headers(org, user_type, user_identifier, cpr, request_id) if headers is None else headers
        response = self.client.open(path, method=method, json=json, headers=h)
        body = response.get_json(silent=True) if response.data else None
        return response.status_code, body

    def ok(self, method: str, path: str, **kwargs: Any) -> Any:
        status, body = self.call(method, path, **kwargs)
        if status >= 400:
            raise Refused(status, body)
        assert status == 200, (status, body)
        return body


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


class SoapFace:
    name = "soap"

    def __init__(self, dfdg: Any) -> None:
        self.dfdg = dfdg
        self.borger, self.tilstand, self.sygemeld = dfdg.borger, dfdg.tilstand, dfdg.sygemeld

    def create_fravaer(self, cpr: str, fravaer: dict[str, Any], org: tuple[int, str], user_type: int, user: str) -> str:
        return self.dfdg.fravaer.CreateFravaer(cpr, fravaer, _soapheaders=self.dfdg.headers(org, user_type=user_type, user_identifier=user)).FravaerIdentifier

    def create_kontaktgruppe(self, cpr: str, kg: int, start: date, personkategori: int | None = None) -> str:
        return self.dfdg.kontaktgruppe.CreateKontaktgruppe(
            cpr, {"KontaktgruppeType": kg, "Startdato": start, "Personkategori": personkategori},
            _soapheaders=self.dfdg.headers()).KontaktgruppeIdentifier

    def get_fravaer(self, cpr: str, identifier: str) -> tuple[int, date, str]:
        stored = self.dfdg.fravaer.GetFravaer(cpr, identifier, _soapheaders=self.dfdg.headers())
        return stored.FravaerType, stored.Startdato, stored.Status


class RestFace:
    name = "rest"

    def __init__(self, dfdg: Any, rest: Rest) -> None:
        self.dfdg, self.rest = dfdg, rest
        self.borger, self.tilstand = dfdg.borger, dfdg.tilstand

    def create_fravaer(self, cpr: str, fravaer: dict[str, Any], org: tuple[int, str], user_type: int, user: str) -> str:
        names = {"FravaerType": "fravaerType", "Startdato": "startDato", "Slutdato": "slutDato", "Anmeldelsesdato": "anmeldelsesDato",
                 "Kommentar": "fravaersKommentar", "FravaerIdentifier": "fravaerIdentifier"}
        body = {names[k]: _iso(v) for k, v in fravaer.items() if v is not None}
        return self.rest.ok("POST", "/v1/Fravaer/", cpr=cpr, json=body, org=org, user_type=user_type, user_identifier=user)

    def create_kontaktgruppe(self, cpr: str, kg: int, start: date, personkategori: int | None = None) -> str:
        body = {"KontaktgruppeType": kg, "Starttidspunkt": f"{start.isoformat()}T09:00:00+01:00", "Personkategori": personkategori}
        return self.rest.ok("POST", "/v1/PersonVisitering/kontaktgruppe", cpr=cpr, json={k: v for k, v in body.items() if v is not None})

    def get_fravaer(self, cpr: str, identifier: str) -> tuple[int, date, str]:
        f = self.rest.ok("GET", f"/v1/Fravaer/{cpr}/{identifier}")
        return f["fravaerType"], date.fromisoformat(f["startDato"]), f["status"]

    def sygemeld(self, cpr: str, start: date, org: tuple[int, str] = JOBCENTER, **fields: Any) -> Any:
        from tests.conftest import TODAY

        names = {"Slutdato": "slutdato", "Anmeldelsesdato": "anmeldelsesdato", "Kommentar": "fravaerskommentar",
                 "FravaerIdentifier": "fravaerIdentifier", "Fravaersafslutningsaarsag": "fravaersafslutningsaarsag",
                 "Ledighedsgrad": "ledighedsgrad"}
        sygemelding = {"startdato": start.isoformat(), "anmeldelsesdato": TODAY.isoformat()}
        for key, value in fields.items():
            if key == "Arbejdsgiver":
                sygemelding["arbejdsgiver"] = {"cvrEnhedsid": value["CVRnummer"], **({"pNummer": value["Pnummer"]} if value.get("Pnummer") else {})}
            else:
                sygemelding[names[key]] = _iso(value)
        identifier = self.rest.ok("POST", "/v1/Sygemelding", cpr=cpr, json={"sygemelding": sygemelding}, org=org)
        return SimpleNamespace(FravaerIdentifier=identifier)
