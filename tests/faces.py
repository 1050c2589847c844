"""The REST face as a vendor's test sees it, and one interface over both faces for the rule-family tests.

`Rest` calls the emulator's REST paths in-process (werkzeug's test client on the same WSGI app as zeep's
transport), with the project's caller headers. `SoapFace`/`RestFace` register the same absence or sick notice
through either face, so the tests generated from the rule tables run through both; a REST refusal is raised
as `Refused` with the SOAP fault's violation keys, so `conftest.refused` reads both alike.
"""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime
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


def rest_headers(
    org: tuple[int, str] = JOBCENTER,
    user_type: int = 3,
    user_identifier: str = "sagsbehandler1",
    cpr: str | None = None,
    request_id: str | None = None,
) -> dict[str, str]:
    """The project's REST caller headers (DFDG's SOAP caller headers as HTTP headers), DFDG's x-* headers."""
    h = {
        "x-organisationTypeIdentifier": str(org[0]),
        "x-organisationCode": org[1],
        "x-requestUserTypeIdentifier": str(user_type),
        "x-userIdentifier": user_identifier,
        "x-userFullName": "Sara Sagsbehandler",
    }
    if cpr is not None:
        h["x-civilRegistrationIdentifier"] = cpr
    if request_id is not None:
        h["x-requestId"] = request_id
    return h


class Rest:
    def __init__(self, emulator: Any) -> None:
        self.client = Client(emulator)

    def call(
        self,
        method: str,
        path: str,
        cpr: str | None = None,
        json: Any = None,
        org: tuple[int, str] = JOBCENTER,
        user_type: int = 3,
        user_identifier: str = "sagsbehandler1",
        request_id: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, Any]:
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


def json_body(values: dict[str, Any]) -> dict[str, Any]:
    """A SOAP request's values (zeep's dict, DFDG's element names) as the project-defined REST body: the same names in
    lowerCamelCase, dates as ISO strings, None left out."""

    def one(value: Any) -> Any:
        if isinstance(value, dict):
            return {k[0].lower() + k[1:]: one(v) for k, v in value.items() if v is not None}
        if isinstance(value, list):
            return [one(v) for v in value]
        return _iso(value)

    return one(values)


DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T")


def soap_shaped(value: Any) -> Any:
    """A REST answer read as zeep reads the SOAP one: names with a capital first letter, dates as dates."""
    if isinstance(value, dict):
        return SimpleNamespace(**{k[0].upper() + k[1:]: soap_shaped(v) for k, v in value.items()})
    if isinstance(value, list):
        return [soap_shaped(v) for v in value]
    if isinstance(value, str) and DATE.match(value):
        return date.fromisoformat(value)
    if isinstance(value, str) and DATETIME.match(value):
        return datetime.fromisoformat(value)
    return value


class SoapFace:
    name = "soap"

    def __init__(self, dfdg: Any) -> None:
        self.dfdg = dfdg
        self.borger, self.tilstand, self.sygemeld = dfdg.borger, dfdg.tilstand, dfdg.sygemeld

    def create_fravaer(self, cpr: str, fravaer: dict[str, Any], org: tuple[int, str], user_type: int, user: str) -> str:
        return self.dfdg.fravaer.CreateFravaer(
            cpr, fravaer, _soapheaders=self.dfdg.headers(org, user_type=user_type, user_identifier=user)
        ).FravaerIdentifier

    def create_kontaktgruppe(self, cpr: str, kg: int, start: date, personkategori: int | None = None) -> str:
        return self.dfdg.kontaktgruppe.CreateKontaktgruppe(
            cpr, {"KontaktgruppeType": kg, "Startdato": start, "Personkategori": personkategori}, _soapheaders=self.dfdg.headers()
        ).KontaktgruppeIdentifier

    def get_fravaer(self, cpr: str, identifier: str) -> tuple[int, date, str]:
        stored = self.dfdg.fravaer.GetFravaer(cpr, identifier, _soapheaders=self.dfdg.headers())
        return stored.FravaerType, stored.Startdato, stored.Status

    def _h(self, org: tuple[int, str] = JOBCENTER) -> dict[str, Any]:
        return self.dfdg.headers(org)

    def raskmeld(self, cpr: str, fid: str, slutdato: date) -> None:
        self.dfdg.sygemelding.Raskmeld(cpr, fid, slutdato, _soapheaders=self._h())

    def get_sygemelding(self, cpr: str, fid: str) -> Any:
        return self.dfdg.sygemelding.GetSygemelding(cpr, fid, _soapheaders=self._h())

    def yderligere(self, cpr: str, fid: str, org: tuple[int, str] = JOBCENTER, **facts: Any) -> str:
        return self.dfdg.sygemelding.CreateYderligereInformationOmSygemelding(
            cpr, {"FravaerIdentifier": fid, **facts}, _soapheaders=self._h(org)
        ).YderligereInformationIdentifier

    def update_yderligere(self, cpr: str, fid: str, yid: str, **facts: Any) -> None:
        self.dfdg.sygemelding.UpdateYderligereInformationOmSygemelding(
            cpr, yid, {"FravaerIdentifier": fid, **facts}, _soapheaders=self._h()
        )

    def delete_yderligere(self, cpr: str, yid: str) -> None:
        self.dfdg.sygemelding.DeleteYderligereInformationOmSygemelding(cpr, yid, _soapheaders=self._h())

    def samtale(self, cpr: str, samtale: dict[str, Any], org: tuple[int, str] = JOBCENTER) -> str:
        return self.dfdg.samtale.CreateSamtale(cpr, samtale, _soapheaders=self._h(org)).SamtaleIdentifier

    def delete_samtale(self, cpr: str, identifier: str) -> None:
        self.dfdg.samtale.DeleteSamtale(cpr, identifier, _soapheaders=self._h())

    def samtaler(self, cpr: str) -> list[Any]:
        return self.dfdg.samtale.GetSamtaler(cpr, _soapheaders=self._h())

    def kontaktgrupper(self, cpr: str) -> list[Any]:
        return self.dfdg.kontaktgruppe.GetKontaktgrupper(cpr, _soapheaders=self._h())

    def afslut_kontaktgruppe(self, cpr: str, identifier: str, slutdato: date) -> None:
        self.dfdg.kontaktgruppe.AfslutKontaktgruppe(cpr, identifier, slutdato, _soapheaders=self._h())

    def update_personkategori(self, cpr: str, identifier: str, personkategori: int) -> None:
        self.dfdg.kontaktgruppe.UpdatePersonkategori(cpr, identifier, personkategori, _soapheaders=self._h())

    def fritagelser(self, cpr: str, dato: date) -> Any:
        return self.dfdg.fravaer.GetFritagelser(cpr, dato, _soapheaders=self._h())

    def kontaktforloeb(self, cpr: str, dato: date, org: tuple[int, str] = JOBCENTER) -> Any:
        return self.dfdg.kontaktforloeb.GetKontaktforloeb(cpr, dato, _soapheaders=self._h(org))

    def opfoelgningsstatus(
        self, kommunekode: str | None, jobcenterkode: str | None, dato: date, org: tuple[int, str] = JOBCENTER
    ) -> list[Any]:
        return self.dfdg.kontaktforloeb.GetOpfoelgningsstatus(kommunekode, jobcenterkode, dato, _soapheaders=self._h(org))


class RestFace:
    name = "rest"

    def __init__(self, dfdg: Any, rest: Rest) -> None:
        self.dfdg, self.rest = dfdg, rest
        self.borger, self.tilstand = dfdg.borger, dfdg.tilstand

    def create_fravaer(self, cpr: str, fravaer: dict[str, Any], org: tuple[int, str], user_type: int, user: str) -> str:
        names = {
            "FravaerType": "fravaerType",
            "Startdato": "startDato",
            "Slutdato": "slutDato",
            "Anmeldelsesdato": "anmeldelsesDato",
            "Kommentar": "fravaersKommentar",
            "FravaerIdentifier": "fravaerIdentifier",
        }
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

        names = {
            "Slutdato": "slutdato",
            "Anmeldelsesdato": "anmeldelsesdato",
            "Kommentar": "fravaerskommentar",
            "FravaerIdentifier": "fravaerIdentifier",
            "Fravaersafslutningsaarsag": "fravaersafslutningsaarsag",
            "Ledighedsgrad": "ledighedsgrad",
        }
        sygemelding = {"startdato": start.isoformat(), "anmeldelsesdato": TODAY.isoformat()}
        for key, value in fields.items():
            if key == "Arbejdsgiver":
                sygemelding["arbejdsgiver"] = {
                    "cvrEnhedsid": value["CVRnummer"],
                    **({"pNummer": value["Pnummer"]} if value.get("Pnummer") else {}),
                }
            else:
                sygemelding[names[key]] = _iso(value)
        identifier = self.rest.ok("POST", "/v1/Sygemelding", cpr=cpr, json={"sygemelding": sygemelding}, org=org)
        return SimpleNamespace(FravaerIdentifier=identifier)

    def raskmeld(self, cpr: str, fid: str, slutdato: date) -> None:
        self.rest.ok("PUT", f"/v1/sygemelding/action/Raskmeld/{fid}", cpr=cpr, json={"slutdato": slutdato.isoformat()})

    def get_sygemelding(self, cpr: str, fid: str) -> Any:
        return soap_shaped(self.rest.ok("GET", f"/v1/Sygemelding/{fid}", cpr=cpr))

    def yderligere(self, cpr: str, fid: str, org: tuple[int, str] = JOBCENTER, **facts: Any) -> str:
        return self.rest.ok("POST", f"/v1/Sygemelding/{fid}/yderligereInformation", cpr=cpr, json=json_body(facts), org=org)

    def update_yderligere(self, cpr: str, fid: str, yid: str, **facts: Any) -> None:
        self.rest.ok("PUT", f"/v1/Sygemelding/yderligereInformation/{yid}", cpr=cpr, json=json_body(facts))

    def delete_yderligere(self, cpr: str, yid: str) -> None:
        self.rest.ok("DELETE", f"/v1/Sygemelding/yderligereInformation/{yid}", cpr=cpr)

    def samtale(self, cpr: str, samtale: dict[str, Any], org: tuple[int, str] = JOBCENTER) -> str:
        return self.rest.ok("POST", "/v1/Samtale", cpr=cpr, json=json_body(samtale), org=org)

    def delete_samtale(self, cpr: str, identifier: str) -> None:
        self.rest.ok("DELETE", f"/v1/Samtale/{identifier}", cpr=cpr)

    def samtaler(self, cpr: str) -> list[Any]:
        return soap_shaped(self.rest.ok("GET", "/v1/Samtale", cpr=cpr))

    def kontaktgrupper(self, cpr: str) -> list[Any]:
        return soap_shaped(self.rest.ok("GET", "/v1/PersonVisitering/kontaktgruppe", cpr=cpr))

    def afslut_kontaktgruppe(self, cpr: str, identifier: str, slutdato: date) -> None:
        self.rest.ok(
            "PUT", f"/v1/PersonVisitering/kontaktgruppe/action/Afslut/{identifier}", cpr=cpr, json={"slutdato": slutdato.isoformat()}
        )

    def update_personkategori(self, cpr: str, identifier: str, personkategori: int) -> None:
        self.rest.ok(
            "PUT", f"/v1/PersonVisitering/kontaktgruppe/{identifier}/personkategori", cpr=cpr, json={"personkategori": personkategori}
        )

    def fritagelser(self, cpr: str, dato: date) -> Any:
        return soap_shaped(self.rest.ok("GET", f"/v1/Fritagelser?dato={dato.isoformat()}", cpr=cpr))

    def kontaktforloeb(self, cpr: str, dato: date, org: tuple[int, str] = JOBCENTER) -> Any:
        return soap_shaped(self.rest.ok("GET", f"/v1/Kontaktforloeb?dato={dato.isoformat()}", cpr=cpr, org=org))

    def opfoelgningsstatus(
        self, kommunekode: str | None, jobcenterkode: str | None, dato: date, org: tuple[int, str] = JOBCENTER
    ) -> list[Any]:
        query = "&".join(f"{k}={v}" for k, v in (("kommunekode", kommunekode), ("jobcenterKode", jobcenterkode)) if v is not None)
        return soap_shaped(self.rest.ok("GET", f"/v1/Opfoelgningsstatus?dato={dato.isoformat()}{'&' + query if query else ''}", org=org))
