"""The REST face (issue 12): the same citizen through both faces, DFDG's paths, x-requestId and 412, problem
details carrying what the SOAP fault carries, 400 with every validation error, 403/404, and the OpenAPI document."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.conftest import TODAY, refused
from tests.faces import rest_headers

ROOT = Path(__file__).resolve().parent.parent
CPR = "0101801234"
OTHER_JOBCENTER = (8, "20200")
SYGEMELDING = {
    "sygemelding": {
        "startdato": "2026-02-01",
        "anmeldelsesdato": "2026-03-01",
        "arbejdsgiver": {"cvrEnhedsid": "12345678", "pNummer": "1234567890"},
    }
}
FERIE = {"fravaerType": 10, "startDato": "2026-03-01", "slutDato": "2026-03-10", "anmeldelsesDato": "2026-03-01"}


def test_sick_notice_over_soap_is_read_over_rest_and_one_over_rest_in_soaps_state(dfdg, rest):
    cpr = dfdg.borger(kontaktgruppe=24)
    soap_id = dfdg.sygemeld(cpr, date(2026, 2, 1)).FravaerIdentifier
    fravaer = rest.ok("GET", f"/v1/Fravaer/{cpr}/{soap_id}")
    assert (fravaer["fravaerType"], fravaer["startDato"], fravaer["status"]) == (11, "2026-02-01", "Aktiv")
    rest_id = rest.ok("POST", "/v1/Fravaer/", cpr=cpr, json=FERIE)
    assert {f.FravaerIdentifier for f in dfdg.tilstand(cpr).Fravaer} == {soap_id, rest_id}
    assert [f["fravaerIdentifier"] for f in rest.ok("GET", "/v1/Fravaer/", cpr=cpr)] == [soap_id, rest_id]
    soap_read = dfdg.fravaer.GetFravaer(cpr, rest_id, _soapheaders=dfdg.headers())
    assert (soap_read.FravaerType, soap_read.Startdato, soap_read.Slutdato) == (10, TODAY, date(2026, 3, 10))


def test_create_sygemelding_with_identifier_in_the_path_and_raskmeld_at_dfdgs_printed_paths(dfdg, rest):
    cpr = dfdg.borger(kontaktgruppe=24)
    own = "0b7a3c1e-2f4d-4e5a-9b6c-7d8e9f0a1b2c"
    assert rest.ok("POST", f"/v1/Sygemelding/{own}", cpr=cpr, json=SYGEMELDING) == own
    status, problem = rest.call("POST", f"/v1/Sygemelding/{own}", cpr=cpr, json=SYGEMELDING)
    assert (status, problem["errorCode"]) == (400, 4977)
    # DFDG prints /V1/sygemelding/action/Raskmeld{fravaerIdentifier} (no slash): accepted as printed.
    kvittering = rest.ok("PUT", f"/V1/sygemelding/action/Raskmeld{own}", cpr=cpr, json={"slutdato": "2026-02-27"})
    assert set(kvittering) == {"registreringstidspunkt", "registreringsId"}
    assert dfdg.tilstand(cpr).Fravaer[0].Slutdato == date(2026, 2, 27)
    status, problem = rest.call("PUT", f"/v1/sygemelding/action/Raskmeld/{own}", cpr=cpr, json={"slutdato": "2026-02-27"})
    assert (status, problem["violations"][0]["ruleIdentifier"]) == (400, "SYGEMELDING_IKKE_AABEN")


def test_raskmeld_refusals_are_the_domains(dfdg, rest):
    cpr = dfdg.borger(kontaktgruppe=24)
    fid = rest.ok("POST", "/v1/Sygemelding", cpr=cpr, json=SYGEMELDING)
    raskmeld = f"/v1/sygemelding/action/Raskmeld/{fid}"
    assert rest.call("PUT", raskmeld, cpr=cpr, json={"slutdato": "2026-01-31"})[1]["errorCode"] == 1003
    assert rest.call("PUT", raskmeld, cpr=cpr, json={"slutdato": (TODAY + timedelta(days=1)).isoformat()})[1]["errorCode"] == 7012
    status, problem = rest.call(
        "PUT", "/v1/sygemelding/action/Raskmeld/aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa", cpr=cpr, json={"slutdato": "2026-02-27"}
    )
    assert (status, problem["errorCode"]) == (404, 4632)


def test_update_delete_and_read_an_absence(dfdg, rest):
    cpr = dfdg.borger(kontaktgruppe=24)
    fid = rest.ok("POST", "/v1/Fravaer/", cpr=cpr, json=FERIE)
    rest.ok("PUT", f"/v1/Fravaer/{fid}", cpr=cpr, json={"slutDato": "2026-03-05", "fravaersKommentar": "kortere"})
    f = rest.ok("GET", f"/v1/Fravaer/{cpr}/{fid}")
    assert (f["slutDato"], f["fravaersKommentar"]) == ("2026-03-05", "kortere")
    rest.ok("DELETE", f"/v1/Fravaer/{fid}/Registreret ved en fejl", cpr=cpr)
    f = rest.ok("GET", f"/v1/Fravaer/{cpr}/{fid}")
    assert (f["status"], f["slettet"], f["berigtigelseskommentar"]) == ("Slettet", True, "Registreret ved en fejl")
    status, problem = rest.call("PUT", f"/v1/Fravaer/{fid}", cpr=cpr, json={"slutDato": "2026-03-06"})
    assert (status, problem["violations"][0]["ruleIdentifier"]) == (404, "FRAVAER_UKENDT")


def test_type_11_through_fravaer_points_to_sygemelding(dfdg, rest):
    cpr = dfdg.borger(kontaktgruppe=24)
    status, problem = rest.call("POST", "/v1/Fravaer/", cpr=cpr, json={**FERIE, "fravaerType": 11})
    assert (status, problem["violations"][0]["ruleIdentifier"]) == (400, "FRAVAER_SYGEMELDING_SERVICE")


def test_reused_request_id_is_412_and_writes_nothing_across_both_faces(dfdg, rest):
    cpr = dfdg.borger(kontaktgruppe=24)
    rest.ok("POST", "/v1/Fravaer/", cpr=cpr, json=FERIE, request_id="req-1")
    status, problem = rest.call("POST", "/v1/Fravaer/", cpr=cpr, json={**FERIE, "fravaerType": 3}, request_id="req-1")
    assert (status, problem["errorCode"], problem["violations"][0]["ruleIdentifier"]) == (412, 7001, "REQUESTID_GENBRUGT")
    assert len(dfdg.tilstand(cpr).Fravaer) == 1
    # One RequestId store for both faces: the SOAP RequestId header is the same id.
    code, violations, _ = refused(
        dfdg.fravaer.CreateFravaer,
        cpr,
        {"FravaerType": 3, "Startdato": TODAY, "Anmeldelsesdato": TODAY},
        _soapheaders=dfdg.headers(request_id="req-1"),
    )
    assert code == 7001
    # A refused call does not use its RequestId up.
    assert rest.call("POST", "/v1/Fravaer/", cpr=cpr, json={**FERIE, "fravaerType": 11}, request_id="req-2")[0] == 400
    assert rest.call("POST", "/v1/Fravaer/", cpr=cpr, json={**FERIE, "fravaerType": 3}, request_id="req-2")[0] == 200


def test_problem_carries_what_the_soap_fault_carries(dfdg, rest):
    cpr = dfdg.borger(kontaktgruppe=2, personkategori=4)
    start, slut, anmeldt = TODAY - timedelta(days=61), TODAY + timedelta(days=90), TODAY + timedelta(days=1)
    code, violations, message = refused(dfdg.sygemeld, cpr, start, Slutdato=slut, Anmeldelsesdato=anmeldt)
    status, problem = rest.call(
        "POST",
        "/v1/Sygemelding",
        cpr=cpr,
        json={"sygemelding": {"startdato": start.isoformat(), "slutdato": slut.isoformat(), "anmeldelsesdato": anmeldt.isoformat()}},
    )
    assert status == 400
    assert problem["type"] == f"urn:dfdg-emulator:fejlkode:{code}" and problem["status"] == 400
    assert (problem["errorCode"], problem["message"], problem["source"]) == (code, message, "dfdg-emulator")
    as_soap = [
        {
            "ErrorCode": str(v["errorCode"]),
            "RuleIdentifier": v["ruleIdentifier"],
            "Field": v["field"],
            "Message": v["message"],
            "Source": v["source"],
        }
        for v in problem["violations"]
    ]
    assert as_soap == violations and len(violations) == 3


def test_every_validation_error_is_listed_with_400(dfdg, rest):
    cpr = dfdg.borger(kontaktgruppe=24)
    status, problem = rest.call("POST", "/v1/Fravaer/", cpr=cpr, json={"fravaerType": "ferie", "startDato": "1. marts", "ukendt": 1})
    assert status == 400
    fields = {v["field"] for v in problem["violations"]}
    assert fields == {"body/fravaerType", "body/startDato", "body/anmeldelsesDato", "body/ukendt"}
    assert {v["errorCode"] for v in problem["violations"]} == {1014}
    assert all(v["message"].startswith("Meddelelsen er ikke gyldig") for v in problem["violations"])
    assert dfdg.tilstand(cpr).Fravaer == []


def test_headers_missing_give_dfdgs_codes(dfdg, rest):
    cpr = dfdg.borger(kontaktgruppe=24)
    status, problem = rest.call("POST", "/v1/Fravaer/", json=FERIE, headers={"x-civilRegistrationIdentifier": cpr, "x-requestId": "r-h"})
    assert (status, [v["errorCode"] for v in problem["violations"]]) == (400, [8232, 8233])
    status, problem = rest.call("POST", "/v1/Fravaer/", json=FERIE, headers={"x-requestId": "r-h2"})
    assert (status, problem["violations"][0]["field"]) == (400, "header/x-civilRegistrationIdentifier")
    # HTTP headers are case-insensitive: DFDG's pages spell the CPR header both ways.
    h = {**rest_headers(request_id="r-h3"), "x-civilregistrationIdentifier": cpr}
    assert rest.call("POST", "/v1/Fravaer/", json=FERIE, headers=h)[0] == 200


def test_access_403_and_unknown_404(dfdg, rest):
    cpr = dfdg.borger(kontaktgruppe=24)
    fid = rest.ok("POST", "/v1/Fravaer/", cpr=cpr, json=FERIE)
    status, problem = rest.call("GET", f"/v1/Fravaer/{cpr}/{fid}", org=OTHER_JOBCENTER)
    assert (status, problem["errorCode"]) == (403, 4575)
    status, problem = rest.call("POST", "/v1/Fravaer/", cpr=cpr, json=FERIE, org=OTHER_JOBCENTER)
    assert (status, problem["errorCode"]) == (403, 4575)
    status, problem = rest.call("GET", "/v1/Fravaer/", cpr="0202802345")
    assert (status, problem["errorCode"]) == (404, 1010)
    status, problem = rest.call("GET", f"/v1/Fravaer/{cpr}/aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa")
    assert (status, problem["errorCode"]) == (404, 4632)
    # A citizen (user type 1) acts only on itself, its CPR as x-userIdentifier.
    assert rest.call("GET", "/v1/Fravaer/", cpr=cpr, org=(1, "1"), user_type=1, user_identifier=cpr)[0] == 200
    assert rest.call("GET", "/v1/Fravaer/", cpr=cpr, org=(1, "1"), user_type=1, user_identifier="0202802345")[0] == 403


def test_kontaktgruppe_opens_today_and_refuses_another_day(dfdg, rest):
    cpr = dfdg.borger(kontaktgruppe=24)
    kid = rest.ok(
        "POST", "/v1/PersonVisitering/kontaktgruppe", cpr=cpr, json={"KontaktgruppeType": 25, "Starttidspunkt": "2026-03-01T09:00:00+01:00"}
    )
    aktuel = dfdg.tilstand(cpr).AktuelKontaktgruppe
    assert (aktuel.KontaktgruppeIdentifier, aktuel.KontaktgruppeType) == (kid, 25)
    status, problem = rest.call(
        "POST",
        "/v1/PersonVisitering/kontaktgruppe/aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa",
        cpr=cpr,
        json={"KontaktgruppeType": 1, "Starttidspunkt": "2026-03-02T09:00:00+01:00"},
    )
    assert (status, problem["errorCode"]) == (400, 4703)


def test_indkaldelse_create_read_and_cancel(dfdg, rest):
    cpr = dfdg.borger(kontaktgruppe=2, personkategori=4)
    iid = "1b7a3c1e-2f4d-4e5a-9b6c-7d8e9f0a1b2c"
    body = {
        "samtaleType": 7,
        "starttidspunkt": "2026-03-10T10:00:00+01:00",
        "sluttidspunkt": "2026-03-10T10:30:00+01:00",
        "samtaleform": 2,
        "titel": "Jobsamtale",
        "telefonnummer": "12345678",
        "borgerRingerOp": True,
        "sted": "Jobcentret",
        "kontaktmuligheder": "Ring på 70 12 34 56",
        "beskrivelse": "Samtale om job",
    }
    assert rest.ok("POST", f"/v1/indkaldelse/{iid}", cpr=cpr, json=body) == iid
    [registreret] = rest.ok("GET", "/v1/indkaldelse", cpr=cpr)
    assert (registreret["status"], registreret["indkaldelse"]["titel"]) == ("Aktiv", "Jobsamtale")
    rest.ok("DELETE", f"/v1/indkaldelse/{iid}", cpr=cpr)
    assert rest.ok("GET", "/v1/indkaldelse", cpr=cpr)[0]["status"] == "Aflyst"
    status, problem = rest.call("POST", "/v1/indkaldelse", cpr=cpr, json={**body, "starttidspunkt": "2026-02-10T10:00:00+01:00"})
    assert (status, problem["errorCode"]) == (400, 4783)


def test_served_openapi_document_is_the_committed_one_and_has_a_page(emulator):
    from werkzeug.test import Client

    client = Client(emulator)
    served = client.get("/openapi.json")
    assert served.status_code == 200 and served.mimetype == "application/json"
    committed = (ROOT / "schemas/openapi.json").read_bytes()
    assert served.data == committed, "schemas/openapi.json is stale: run `dfdg-emulator export`"
    document = json.loads(committed)
    assert document["openapi"].startswith("3.1")
    page = client.get("/rest/")
    assert page.status_code == 200 and b"CreateFravaer" in page.data and b"http" not in page.data.split(b"<table", 1)[1]


def test_committed_openapi_document_matches_the_code():
    from service.tools.export import rest_documents

    for path, content in rest_documents().items():
        assert (ROOT / path).read_bytes() == content, f"{path} is stale: run `dfdg-emulator export`"


@pytest.mark.parametrize("path", ["/v1/Ukendt", "/v1/Fravaer/x/y/z"])
def test_unknown_rest_paths_are_problems(emulator, path):
    from werkzeug.test import Client

    response = Client(emulator).get(path)
    assert response.status_code == 404 and response.mimetype == "application/problem+json"
    assert response.get_json()["status"] == 404


@pytest.mark.server
def test_rest_over_a_real_server_beside_soap(tmp_path):
    """waitress serving both faces from one port: a sick notice over SOAP, read and added to over REST."""
    import requests
    import zeep

    from tests.conftest import DATABASE_URL, caller_headers
    from tests.servers import running_server

    url = DATABASE_URL if DATABASE_URL.startswith("postgresql") else f"sqlite:///{tmp_path / 'emulator.db'}"
    with running_server(url) as base:
        testsupport = zeep.Client(f"{base}/TestSupportService?wsdl").service
        testsupport.Nulstil()
        testsupport.OpretTestborger(
            Testborger={
                "PersonCivilRegistrationIdentifier": CPR,
                "Navn": "Test",
                "Kommunekode": "101",
                "JobcenterKode": "10100",
                "Kontaktgruppehistorik": [{"KontaktgruppeType": 24, "Startdato": date(2025, 1, 1)}],
            }
        )
        soap_id = (
            zeep.Client(f"{base}/SygemeldingService?wsdl")
            .service.CreateSygemelding(CPR, {"Startdato": date(2026, 2, 1), "Anmeldelsesdato": TODAY}, _soapheaders=caller_headers())
            .FravaerIdentifier
        )
        with requests.Session() as http:
            http.trust_env = False
            read = http.get(f"{base}/v1/Fravaer/{CPR}/{soap_id}", headers=rest_headers(), timeout=10)
            assert read.status_code == 200 and read.json()["fravaerType"] == 11
            created = http.post(f"{base}/v1/Fravaer/", json=FERIE, headers=rest_headers(cpr=CPR, request_id="srv-1"), timeout=10)
            assert created.status_code == 200
            again = http.post(f"{base}/v1/Fravaer/", json=FERIE, headers=rest_headers(cpr=CPR, request_id="srv-1"), timeout=10)
            assert again.status_code == 412 and again.headers["Content-Type"] == "application/problem+json"
            assert http.get(f"{base}/openapi.json", timeout=10).content == (ROOT / "schemas/openapi.json").read_bytes()
        assert {f.FravaerIdentifier for f in testsupport.GetTilstand(CPR).Fravaer} == {soap_id, created.json()}


@pytest.fixture(scope="module")
def rest_ca(tmp_path_factory) -> Path:
    from service.tools.testca import write_test_ca

    out = tmp_path_factory.mktemp("ca")
    write_test_ca(out)
    return out


@pytest.mark.server
def test_rest_over_https_judges_the_client_certificate_first(rest_ca, tmp_path):
    """As on SOAP: no certificate is 1101 (401), the certificate's own organisation only (1013, 403)."""
    import requests

    from tests.conftest import DATABASE_URL
    from tests.servers import free_port, running_server

    url = DATABASE_URL if DATABASE_URL.startswith("postgresql") else f"sqlite:///{tmp_path / 'https.db'}"
    options = [
        "--tls-cert",
        str(rest_ca / "server.pem"),
        "--tls-key",
        str(rest_ca / "server-key.pem"),
        "--client-ca",
        str(rest_ca / "ca.pem"),
        "--certificate-map",
        str(rest_ca / "certifikater.toml"),
    ]
    with running_server(url, free_port(), *options, ca=str(rest_ca / "ca.pem")) as base, requests.Session() as http:
        http.trust_env, http.verify = False, str(rest_ca / "ca.pem")
        anonymous = http.get(f"{base}/v1/Fravaer/", headers=rest_headers(cpr=CPR), timeout=10)
        assert (anonymous.status_code, anonymous.json()["errorCode"]) == (401, 1101)
        http.cert = (str(rest_ca / "jobcenter.pem"), str(rest_ca / "jobcenter-key.pem"))
        other = http.get(f"{base}/v1/Fravaer/", headers=rest_headers(org=(3, "55"), cpr=CPR), timeout=10)
        assert (other.status_code, other.json()["errorCode"]) == (403, 1013)
        # Through to the domain: a CPR no test creates (on PostgreSQL the suite's database keeps other tests' citizens).
        own = http.get(f"{base}/v1/Fravaer/", headers=rest_headers(cpr="3112995678"), timeout=10)
        assert (own.status_code, own.json()["errorCode"]) == (404, 1010)


# --- The resources of the remaining business operations (project-defined paths where DFDG's are not public) ---

SAMTALE = {
    "samtaleType": 7,
    "afholdelsestidspunkt": "2026-03-01T10:00:00+01:00",
    "samtaleform": 1,
    "aftaleOmDetVidereForloeb": "Næste samtale om 4 uger",
}
UNKNOWN = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"


def test_samtale_over_rest_is_read_over_soap_and_one_over_soap_over_rest(dfdg, rest):
    cpr = dfdg.borger(kontaktgruppe=2, personkategori=4)
    rest_id = rest.ok("POST", "/v1/Samtale", cpr=cpr, json=SAMTALE)
    soap_id = dfdg.samtale.CreateSamtale(
        cpr, {"SamtaleType": 12, "Afholdelsestidspunkt": "2026-03-01T09:00:00+01:00", "Samtaleform": 2}, _soapheaders=dfdg.headers()
    ).SamtaleIdentifier
    assert [s.SamtaleIdentifier for s in dfdg.samtale.GetSamtaler(cpr, _soapheaders=dfdg.headers())] == [soap_id, rest_id]
    read = rest.ok("GET", "/v1/Samtale", cpr=cpr)
    assert [(s["samtaleIdentifier"], s["samtaleType"], s["slettet"]) for s in read] == [(soap_id, 12, False), (rest_id, 7, False)]
    assert read[1]["indberetter"] == {"organisationTypeIdentifier": 8, "organisationCode": "10100"}
    rest.ok("DELETE", f"/v1/Samtale/{soap_id}", cpr=cpr)
    assert dfdg.samtale.GetSamtaler(cpr, _soapheaders=dfdg.headers())[0].Slettet is True
    own = "2b7a3c1e-2f4d-4e5a-9b6c-7d8e9f0a1b2c"
    assert rest.ok("POST", f"/v1/Samtale/{own}", cpr=cpr, json={**SAMTALE, "samtaleType": 12}) == own
    again = {**SAMTALE, "samtaleType": 12, "afholdelsestidspunkt": "2026-03-01T11:00:00+01:00"}
    assert rest.call("POST", f"/v1/Samtale/{own}", cpr=cpr, json=again)[1]["errorCode"] == 4977


def test_samtale_problem_carries_what_the_soap_fault_carries(dfdg, rest):
    cpr = dfdg.borger(kontaktgruppe=1, akasse="55")
    _, violations, message = refused(
        dfdg.samtale.CreateSamtale,
        cpr,
        {
            "SamtaleType": 10,
            "Afholdelsestidspunkt": "2026-03-01T10:00:00+01:00",
            "Samtaleform": 1,
            "Deltager": [{"Navn": "Anna", "Rolle": 1, "Deltagelsesform": 1}],
        },
        _soapheaders=dfdg.headers((3, "55")),
    )
    status, problem = rest.call(
        "POST",
        "/v1/Samtale",
        cpr=cpr,
        org=(3, "55"),
        json={
            "samtaleType": 10,
            "afholdelsestidspunkt": "2026-03-01T10:00:00+01:00",
            "samtaleform": 1,
            "deltager": [{"navn": "Anna", "rolle": 1, "deltagelsesform": 1}],
        },
    )
    assert status == 400 and problem["message"] == message
    as_soap = [
        {
            "ErrorCode": str(v["errorCode"]),
            "RuleIdentifier": v["ruleIdentifier"],
            "Field": v["field"],
            "Message": v["message"],
            "Source": v["source"],
        }
        for v in problem["violations"]
    ]
    assert as_soap == violations and len(violations) >= 2
    assert {"SAMTALE_CV_GODKENDELSE", "SAMTALE_DELTAGERROLLE"} <= {v["RuleIdentifier"] for v in violations}
    assert rest.ok("GET", "/v1/Samtale", cpr=cpr) == []


def test_new_resources_answer_403_404_and_412_as_the_others(dfdg, rest):
    cpr = dfdg.borger(kontaktgruppe=24)
    fid = rest.ok("POST", "/v1/Sygemelding", cpr=cpr, json=SYGEMELDING)
    for method, path in [
        ("GET", "/v1/Samtale"),
        ("GET", f"/v1/Sygemelding/{fid}"),
        ("GET", "/v1/PersonVisitering/kontaktgruppe"),
        ("GET", "/v1/Fritagelser?dato=2026-03-01"),
        ("GET", "/v1/Kontaktforloeb?dato=2026-03-01"),
    ]:
        status, problem = rest.call(method, path, cpr=cpr, org=OTHER_JOBCENTER)
        assert (status, problem["errorCode"]) == (403, 4575), path
        status, problem = rest.call(method, path, cpr="0707807777")
        assert (status, problem["errorCode"]) == (404, 1010), path
    for method, path, body, rule in [
        ("GET", f"/v1/Sygemelding/{UNKNOWN}", None, "FRAVAER_UKENDT"),
        ("DELETE", f"/v1/Samtale/{UNKNOWN}", None, "SAMTALE_UKENDT"),
        ("PUT", f"/v1/Sygemelding/yderligereInformation/{UNKNOWN}", {"kommentar": "x"}, "YDERLIGERE_UKENDT"),
        ("DELETE", f"/v1/Sygemelding/yderligereInformation/{UNKNOWN}", None, "YDERLIGERE_UKENDT"),
        ("PUT", f"/v1/PersonVisitering/kontaktgruppe/{UNKNOWN}/personkategori", {"personkategori": 4}, "KONTAKTGRUPPE_IKKE_FUNDET"),
        ("PUT", f"/v1/PersonVisitering/kontaktgruppe/action/Afslut/{UNKNOWN}", {"slutdato": "2026-03-01"}, "KONTAKTGRUPPE_IKKE_FUNDET"),
    ]:
        status, problem = rest.call(method, path, cpr=cpr, json=body)
        assert (status, problem["violations"][0]["ruleIdentifier"]) == (404, rule), path
    yid = rest.ok(
        "POST", f"/v1/Sygemelding/{fid}/yderligereInformation", cpr=cpr, json={"forventetRaskmeldingInden13Uger": True}, request_id="y-1"
    )
    status, problem = rest.call(
        "POST", f"/v1/Sygemelding/{fid}/yderligereInformation", cpr=cpr, json={"forventetRaskmeldingInden13Uger": True}, request_id="y-1"
    )
    assert (status, problem["errorCode"]) == (412, 7001)
    info = rest.ok("GET", f"/v1/Sygemelding/{fid}", cpr=cpr)
    assert [i["yderligereInformationIdentifier"] for i in info["yderligereInformation"]] == [yid]
    assert (info["sygemelding"]["fravaerType"], info["sygemelding"]["arbejdsgiver"]["cvrEnhedsid"]) == (11, "12345678")


def test_new_resources_list_every_validation_error_with_400(dfdg, rest):
    cpr = dfdg.borger(kontaktgruppe=2, personkategori=4)
    status, problem = rest.call("POST", "/v1/Samtale", cpr=cpr, json={"samtaleType": "jobsamtale", "deltager": [{"navn": ""}], "ukendt": 1})
    assert status == 400 and {v["errorCode"] for v in problem["violations"]} == {1014}
    assert {v["field"] for v in problem["violations"]} >= {
        "body/samtaleType",
        "body/afholdelsestidspunkt",
        "body/samtaleform",
        "body/deltager/0/navn",
        "body/deltager/0/rolle",
        "body/ukendt",
    }
    status, problem = rest.call("GET", "/v1/Kontaktforloeb", cpr=cpr)
    assert (status, [v["field"] for v in problem["violations"]]) == (400, ["query/dato"])
    status, problem = rest.call("GET", "/v1/Opfoelgningsstatus?dato=2026-03-01&kommunekode=1")
    assert (status, [v["field"] for v in problem["violations"]]) == (400, ["query/kommunekode"])
    assert dfdg.samtale.GetSamtaler(cpr, _soapheaders=dfdg.headers()) == []


def test_kontaktforloeb_and_measurement_over_rest_equal_soaps(dfdg, rest):
    cpr = dfdg.borger(kontaktgruppe=2, personkategori=4, start=date(2026, 1, 1))
    soap = dfdg.kontaktforloeb.GetKontaktforloeb(cpr, TODAY, _soapheaders=dfdg.headers())
    forloeb = rest.ok("GET", "/v1/Kontaktforloeb?dato=2026-03-01", cpr=cpr)
    assert (forloeb["ydelse"], forloeb["naesteFrist"], forloeb["forklaring"]) == (
        soap.Ydelse,
        soap.NaesteFrist.isoformat(),
        soap.Forklaring,
    )
    assert [(k["kravIdentifier"], k["status"]) for k in forloeb["krav"]] == [(k.KravIdentifier, k.Status) for k in soap.Krav]
    grupper = rest.ok("GET", "/v1/Opfoelgningsstatus?dato=2026-03-01&jobcenterKode=10100")
    soap_grupper = dfdg.kontaktforloeb.GetOpfoelgningsstatus(JobcenterKode="10100", Dato=TODAY, _soapheaders=dfdg.headers())
    assert [(g["ydelse"], g["personkategori"], g["antalBorgere"]) for g in grupper] == [
        (g.Ydelse, g.Personkategori, g.AntalBorgere) for g in soap_grupper
    ]
    status, problem = rest.call("GET", "/v1/Opfoelgningsstatus?dato=2026-03-01")
    assert (status, problem["errorCode"]) == (400, 7033)


def test_indkaldelse_read_one_and_its_history_at_dfdgs_paths(dfdg, rest):
    cpr = dfdg.borger(kontaktgruppe=2, personkategori=4)
    iid = "3b7a3c1e-2f4d-4e5a-9b6c-7d8e9f0a1b2c"
    body = {
        "samtaleType": 7,
        "starttidspunkt": "2026-03-10T10:00:00+01:00",
        "sluttidspunkt": "2026-03-10T10:30:00+01:00",
        "samtaleform": 2,
        "titel": "Jobsamtale",
        "telefonnummer": "12345678",
        "borgerRingerOp": True,
        "sted": "Jobcentret",
        "kontaktmuligheder": "Ring på 70 12 34 56",
        "beskrivelse": "Samtale om job",
    }
    rest.ok("POST", f"/v1/indkaldelse/{iid}", cpr=cpr, json=body)
    rest.ok(
        "PUT",
        f"/v1/indkaldelse/{iid}",
        cpr=cpr,
        json={
            **body,
            "starttidspunkt": "2026-03-11T10:00:00+01:00",
            "sluttidspunkt": "2026-03-11T10:30:00+01:00",
            "begrundelse": "flyttet",
        },
    )
    rest.ok("DELETE", f"/v1/indkaldelse/{iid}", cpr=cpr)
    one = rest.ok("GET", f"/v1/indkaldelse/{iid}", cpr=cpr)
    assert (one["status"], one["indkaldelse"]["indkaldelseIdentifier"]) == ("Aflyst", iid)
    historik = rest.ok("GET", f"/v1/indkaldelse/{iid}/historik", cpr=cpr)
    assert [(v["version"], v["aendring"]) for v in historik["historik"]] == [(1, "Oprettet"), (2, "Flyttet"), (3, "Aflyst")]
    assert historik["historik"][1]["begrundelse"] == "flyttet"
    assert rest.ok("GET", "/v1/indkaldelse/historik", cpr=cpr) == [historik]
    soap = dfdg.indkaldelse.GetIndkaldelser(cpr, _soapheaders=dfdg.headers())[0]
    assert [v.Aendring for v in soap.Historik] == [v["aendring"] for v in historik["historik"]]
    for path in (f"/v1/indkaldelse/{UNKNOWN}", f"/v1/indkaldelse/{UNKNOWN}/historik"):
        status, problem = rest.call("GET", path, cpr=cpr)
        assert (status, problem["violations"][0]["ruleIdentifier"]) == (404, "INDKALDELSE_UKENDT")
        status, problem = rest.call("GET", path.replace(UNKNOWN, iid), cpr=cpr, org=OTHER_JOBCENTER)
        assert (status, problem["errorCode"]) == (403, 4575)


def test_every_business_operation_of_the_soap_face_has_a_rest_resource():
    from service.app import SERVICES

    document = json.loads((ROOT / "schemas/openapi.json").read_text(encoding="utf-8"))
    rest_operations = {op["operationId"] for operations in document["paths"].values() for op in operations.values()}
    soap_operations = {m.operation_name for s in SERVICES if getattr(s, "requires_caller", False) for m in s.public_methods.values()}
    renamed = {"AflysIndkaldelse": "DeleteIndkaldelse"}  # DFDG's REST name: deleting an invitation cancels it
    assert len(soap_operations) > 20
    assert {renamed.get(o, o) for o in soap_operations} - rest_operations == set()
