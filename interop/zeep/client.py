"""The interop scenario (interop/README.md) with zeep: a client built at run time from the served WSDLs.

Usage: client.py BASE_URL CPR. Prints one `CALL <service> <check> ...` line per call for scripts/interop.
zeep generates no fault classes; the fault's detail is read with the WSDL's own FaultDetails type.
"""

import sys
from datetime import date, datetime, timezone

import zeep
from zeep.exceptions import Fault

BASE, CPR = sys.argv[1], sys.argv[2]
FAULT_DETAILS = "{http://service.bm.dk/xml/schemas/2011/01/12/}FaultDetails"
HEADERS = {  # DFDG's two caller headers: a system user (3) of jobcentre 10100 (organisation type 8)
    "RequestUserMetadataHeader": {
        "RequestUserStructure": {
            "UserFullName": "Interop zeep",
            "RequestUserTypeIdentifier": {"CodeListItemIdentifier": 3},
            "UserIdentifier": "CVR:12345678-FID:1234",
        },
        "RequestOrganisationStructure": {"OrganisationTypeIdentifier": {"CodeListItemIdentifier": 8}, "OrganisationCode": "10100"},
        "RegistrationDateTime": datetime.now(timezone.utc),
    },
    "ActiveOrganisationHeader": {"OrganisationTypeIdentifier": 8, "OrganisationCode": "10100"},
}
clients: dict[str, zeep.Client] = {}


def service(name: str):
    if name not in clients:
        clients[name] = zeep.Client(f"{BASE}/{name}?wsdl")
    return clients[name].service


def check(name: str, what: str, call) -> None:
    try:
        print(f"CALL {name} {what} ok {call()}", flush=True)
    except Fault as fault:
        details = clients[name].get_element(FAULT_DETAILS).parse(fault.detail[0], clients[name].wsdl.types)
        print(f"CALL {name} {what} fault {details.ErrorCode} typed", flush=True)
    except Exception as error:  # noqa: BLE001 - anything else is reported, and judged a failure
        print(f"CALL {name} {what} error {type(error).__name__}: {error}".replace("\n", " "), flush=True)


def receipt(response) -> str:
    return f"receipt={response.ServiceReceipt.MessageIdentifier}"


ts = "TestSupportService"
testborger = {
    "PersonCivilRegistrationIdentifier": CPR,
    "Navn": "Interop zeep",
    "Kommunekode": "101",
    "JobcenterKode": "10100",
    "Tilmeldt": True,
    "Kontaktgruppehistorik": [{"KontaktgruppeType": 2, "Startdato": date(2025, 6, 1), "Personkategori": 4}],
}
check(ts, "success", lambda: (service(ts).SetDato(Dato=date(2026, 3, 1)), receipt(service(ts).OpretTestborger(Testborger=testborger)))[1])
check(ts, "refused", lambda: receipt(service(ts).OpretTestborger(Testborger=testborger)))

kl = "KodelisteService"
check(kl, "success", lambda: f"codes={len(service(kl).GetKodeliste(Navn='Fejlkode')[0].Kode)}")
check(kl, "refused", lambda: service(kl).GetKodeliste(Navn="Findes ikke"))

kg = "KontaktgruppeService"
check(kg, "success", lambda: f"groups={len(service(kg).GetKontaktgrupper(PersonCivilRegistrationIdentifier=CPR, _soapheaders=HEADERS))}")
check(
    kg,
    "refused",
    lambda: service(kg).CreateKontaktgruppe(
        PersonCivilRegistrationIdentifier=CPR, Kontaktgruppe={"KontaktgruppeType": 25, "Startdato": date(2026, 2, 28)}, _soapheaders=HEADERS
    ),
)
check(kg, "no-headers", lambda: service(kg).GetKontaktgrupper(PersonCivilRegistrationIdentifier=CPR))

fr = "FravaerService"
check(
    fr,
    "success",
    lambda: receipt(
        service(fr).CreateFravaer(
            PersonCivilRegistrationIdentifier=CPR,
            Fravaer={"FravaerType": 3, "Startdato": date(2026, 2, 25), "Slutdato": date(2026, 3, 10), "Anmeldelsesdato": date(2026, 3, 1)},
            _soapheaders=HEADERS,
        )
    ),
)
check(
    fr,
    "refused",
    lambda: service(fr).CreateFravaer(
        PersonCivilRegistrationIdentifier=CPR,
        Fravaer={"FravaerType": 5, "Startdato": date(2026, 3, 1), "Anmeldelsesdato": date(2026, 3, 1)},
        _soapheaders=HEADERS,
    ),
)
check(fr, "no-headers", lambda: service(fr).GetAlleFravaer(PersonCivilRegistrationIdentifier=CPR))

sy = "SygemeldingService"
check(
    sy,
    "success",
    lambda: receipt(
        service(sy).CreateSygemelding(
            PersonCivilRegistrationIdentifier=CPR,
            Sygemelding={"Startdato": date(2026, 2, 20), "Slutdato": date(2026, 2, 22), "Anmeldelsesdato": date(2026, 3, 1)},
            _soapheaders=HEADERS,
        )
    ),
)
check(
    sy,
    "refused",
    lambda: service(sy).CreateSygemelding(
        PersonCivilRegistrationIdentifier=CPR,
        Sygemelding={"Startdato": date(2025, 12, 30), "Slutdato": date(2026, 1, 5), "Anmeldelsesdato": date(2026, 3, 1)},
        _soapheaders=HEADERS,
    ),
)
check(
    sy,
    "no-headers",
    lambda: service(sy).CreateSygemelding(
        PersonCivilRegistrationIdentifier=CPR, Sygemelding={"Startdato": date(2026, 3, 1), "Anmeldelsesdato": date(2026, 3, 1)}
    ),
)

sa = "SamtaleService"
check(
    sa,
    "success",
    lambda: receipt(
        service(sa).CreateSamtale(
            PersonCivilRegistrationIdentifier=CPR,
            Samtale={
                "SamtaleType": 7,
                "Afholdelsestidspunkt": datetime.fromisoformat("2026-02-28T10:00:00+01:00"),
                "Samtaleform": 1,
                "AftaleOmDetVidereForloeb": "Ny samtale om fire uger",
            },
            _soapheaders=HEADERS,
        )
    ),
)
check(
    sa,
    "refused",
    lambda: service(sa).CreateSamtale(
        PersonCivilRegistrationIdentifier=CPR,
        Samtale={
            "SamtaleType": 7,
            "Afholdelsestidspunkt": datetime.fromisoformat("2026-03-02T10:00:00+01:00"),
            "Samtaleform": 1,
            "AftaleOmDetVidereForloeb": "Ny samtale om fire uger",
        },
        _soapheaders=HEADERS,
    ),
)
check(sa, "no-headers", lambda: service(sa).GetSamtaler(PersonCivilRegistrationIdentifier=CPR))

ik = "IndkaldelseService"


def indkaldelse(start: str, end: str) -> dict:
    return {
        "SamtaleType": 7,
        "Starttidspunkt": datetime.fromisoformat(start),
        "Sluttidspunkt": datetime.fromisoformat(end),
        "Samtaleform": 1,
        "Titel": "Jobsamtale",
        "Beskrivelse": "Samtale om jobsøgningen",
        "Sted": "Jobcenter",
        "Adresse": {"Vejnavn": "Jobvej", "Husnummer": "1", "Postnummer": "8000", "By": "Aarhus C"},
        "Kontaktmuligheder": "Ring til jobcentret på 70 10 10 10",
    }


check(
    ik,
    "success",
    lambda: receipt(
        service(ik).CreateIndkaldelse(
            PersonCivilRegistrationIdentifier=CPR,
            Indkaldelse=indkaldelse("2026-03-03T10:00:00+01:00", "2026-03-03T10:30:00+01:00"),
            _soapheaders=HEADERS,
        )
    ),
)
check(
    ik,
    "refused",
    lambda: service(ik).CreateIndkaldelse(
        PersonCivilRegistrationIdentifier=CPR,
        Indkaldelse=indkaldelse("2026-02-28T10:00:00+01:00", "2026-02-28T10:30:00+01:00"),
        _soapheaders=HEADERS,
    ),
)
check(ik, "no-headers", lambda: service(ik).GetIndkaldelser(PersonCivilRegistrationIdentifier=CPR))

kf = "KontaktforloebService"
check(
    kf,
    "success",
    lambda: "krav={}".format(
        len(service(kf).GetKontaktforloeb(PersonCivilRegistrationIdentifier=CPR, Dato=date(2026, 3, 1), _soapheaders=HEADERS).Krav)
    ),
)
check(kf, "refused", lambda: service(kf).GetOpfoelgningsstatus(Kommunekode="202", Dato=date(2026, 3, 1), _soapheaders=HEADERS))
check(kf, "no-headers", lambda: service(kf).GetKontaktforloeb(PersonCivilRegistrationIdentifier=CPR, Dato=date(2026, 3, 1)))
