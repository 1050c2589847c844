"""The interop scenario (interop/README.md) with suds-community: a client built at run time from the served WSDLs.

Usage: client.py BASE_URL CPR. Prints one `CALL <service> <check> ...` line per call for scripts/interop.
suds unwraps each `<Operation>Request` into keyword arguments (and a response of one child into that child), takes
the caller headers as `soapheaders` (objects from its factory, keyed by the WSDL's header part names), and raises a
WebFault whose `fault.detail` holds DFDG's FaultDetails as a suds object.
"""

import sys
from datetime import date, datetime, timezone

from suds import WebFault
from suds.client import Client

BASE, CPR = sys.argv[1], sys.argv[2]
clients: dict[str, Client] = {}


def service(name: str, headers: bool = True):
    if name not in clients:
        clients[name] = Client(f"{BASE}/{name}?wsdl", cache=None)  # always the served WSDL
    client = clients[name]
    client.set_options(soapheaders=caller_headers(client) if headers else ())
    return client.service


def caller_headers(client: Client) -> dict:
    """DFDG's two caller headers: a system user (3) of jobcentre 10100 (organisation type 8)."""
    f = client.factory
    user_type = f.create("{http://service.bm.dk/pjaktass/2015/01/21/RequestUserTypeIdentifierCodeList/}RequestUserTypeIdentifierType")
    user_type.CodeListItemIdentifier = 3
    user = f.create("{http://service.bm.dk/pjaktass/2015/01/21/RequestUserStructure/}RequestUserStructureType")
    user.UserFullName, user.RequestUserTypeIdentifier, user.UserIdentifier = "Interop suds", user_type, "CVR:12345678-FID:1234"
    org_type = f.create("{http://service.bm.dk/pjaktass/2015/01/21/OrganisationTypeIdentifierCodeList/}OrganisationTypeIdentifierType")
    org_type.CodeListItemIdentifier = 8
    org = f.create("{http://service.bm.dk/pjaktass/2015/01/21/RequestOrganisationStructure/}RequestOrganisationStructureType")
    org.OrganisationTypeIdentifier, org.OrganisationCode = org_type, "10100"
    metadata = f.create("{http://service.bm.dk/RequestUserMetadata/2015/01/21/}RequestUserMetadataType")
    metadata.RequestUserStructure, metadata.RequestOrganisationStructure = user, org
    metadata.RegistrationDateTime = datetime.now(timezone.utc)
    active = f.create("{http://rep.oio.dk/ams.dk/xml/schemas/2005/09/01/}ActiveOrganisationHeaderType")
    active.OrganisationTypeIdentifier, active.OrganisationCode = 8, "10100"
    return {"RequestUserMetadataHeader": metadata, "ActiveOrganisationHeader": active}


def check(name: str, what: str, call) -> None:
    try:
        print(f"CALL {name} {what} ok {call()}", flush=True)
    except WebFault as fault:
        print(f"CALL {name} {what} fault {int(fault.fault.detail.FaultDetails.ErrorCode)} detail", flush=True)
    except Exception as error:  # noqa: BLE001 - anything else is reported, and judged a failure
        print(f"CALL {name} {what} error {type(error).__name__}: {error}".replace("\n", " "), flush=True)


def receipt(response) -> str:
    return f"receipt={response.ServiceReceipt.MessageIdentifier}"


ts = "TestSupportService"
testborger = {
    "PersonCivilRegistrationIdentifier": CPR,
    "Navn": "Interop suds",
    "Kommunekode": "101",
    "JobcenterKode": "10100",
    "Tilmeldt": True,
    "Kontaktgruppehistorik": [{"KontaktgruppeType": 2, "Startdato": date(2025, 6, 1), "Personkategori": 4}],
}
check(
    ts,
    "success",
    lambda: (
        service(ts, headers=False).SetDato(Dato=date(2026, 3, 1)),
        receipt(service(ts, headers=False).OpretTestborger(Testborger=testborger)),
    )[1],
)
check(ts, "refused", lambda: receipt(service(ts, headers=False).OpretTestborger(Testborger=testborger)))

kl = "KodelisteService"
check(kl, "success", lambda: f"codes={len(service(kl, headers=False).GetKodeliste(Navn='Fejlkode')[0].Kode)}")
check(kl, "refused", lambda: service(kl, headers=False).GetKodeliste(Navn="Findes ikke"))

kg = "KontaktgruppeService"
check(kg, "success", lambda: f"groups={len(service(kg).GetKontaktgrupper(PersonCivilRegistrationIdentifier=CPR))}")
check(
    kg,
    "refused",
    lambda: receipt(
        service(kg).CreateKontaktgruppe(
            PersonCivilRegistrationIdentifier=CPR, Kontaktgruppe={"KontaktgruppeType": 25, "Startdato": date(2026, 2, 28)}
        )
    ),
)
check(kg, "no-headers", lambda: service(kg, headers=False).GetKontaktgrupper(PersonCivilRegistrationIdentifier=CPR))

fr = "FravaerService"
check(
    fr,
    "success",
    lambda: receipt(
        service(fr).CreateFravaer(
            PersonCivilRegistrationIdentifier=CPR,
            Fravaer={"FravaerType": 3, "Startdato": date(2026, 2, 25), "Slutdato": date(2026, 3, 10), "Anmeldelsesdato": date(2026, 3, 1)},
        )
    ),
)
check(
    fr,
    "refused",
    lambda: receipt(
        service(fr).CreateFravaer(
            PersonCivilRegistrationIdentifier=CPR,
            Fravaer={"FravaerType": 5, "Startdato": date(2026, 3, 1), "Anmeldelsesdato": date(2026, 3, 1)},
        )
    ),
)
check(fr, "no-headers", lambda: service(fr, headers=False).GetAlleFravaer(PersonCivilRegistrationIdentifier=CPR))

sy = "SygemeldingService"
check(
    sy,
    "success",
    lambda: receipt(
        service(sy).CreateSygemelding(
            PersonCivilRegistrationIdentifier=CPR,
            Sygemelding={"Startdato": date(2026, 2, 20), "Slutdato": date(2026, 2, 22), "Anmeldelsesdato": date(2026, 3, 1)},
        )
    ),
)
check(
    sy,
    "refused",
    lambda: receipt(
        service(sy).CreateSygemelding(
            PersonCivilRegistrationIdentifier=CPR,
            Sygemelding={"Startdato": date(2025, 12, 30), "Slutdato": date(2026, 1, 5), "Anmeldelsesdato": date(2026, 3, 1)},
        )
    ),
)
check(
    sy,
    "no-headers",
    lambda: receipt(
        service(sy, headers=False).CreateSygemelding(
            PersonCivilRegistrationIdentifier=CPR, Sygemelding={"Startdato": date(2026, 3, 1), "Anmeldelsesdato": date(2026, 3, 1)}
        )
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
        )
    ),
)
check(
    sa,
    "refused",
    lambda: receipt(
        service(sa).CreateSamtale(
            PersonCivilRegistrationIdentifier=CPR,
            Samtale={
                "SamtaleType": 7,
                "Afholdelsestidspunkt": datetime.fromisoformat("2026-03-02T10:00:00+01:00"),
                "Samtaleform": 1,
                "AftaleOmDetVidereForloeb": "Ny samtale om fire uger",
            },
        )
    ),
)
check(sa, "no-headers", lambda: service(sa, headers=False).GetSamtaler(PersonCivilRegistrationIdentifier=CPR))

ik = "IndkaldelseService"


def indkaldelse(day: str) -> dict:
    return {
        "SamtaleType": 7,
        "Starttidspunkt": datetime.fromisoformat(f"{day}T10:00:00+01:00"),
        "Sluttidspunkt": datetime.fromisoformat(f"{day}T10:30:00+01:00"),
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
    lambda: receipt(service(ik).CreateIndkaldelse(PersonCivilRegistrationIdentifier=CPR, Indkaldelse=indkaldelse("2026-03-03"))),
)
check(
    ik,
    "refused",
    lambda: receipt(service(ik).CreateIndkaldelse(PersonCivilRegistrationIdentifier=CPR, Indkaldelse=indkaldelse("2026-02-28"))),
)
check(ik, "no-headers", lambda: service(ik, headers=False).GetIndkaldelser(PersonCivilRegistrationIdentifier=CPR))

kf = "KontaktforloebService"
check(
    kf,
    "success",
    lambda: "krav={}".format(len(service(kf).GetKontaktforloeb(PersonCivilRegistrationIdentifier=CPR, Dato=date(2026, 3, 1)).Krav)),
)
check(kf, "refused", lambda: service(kf).GetOpfoelgningsstatus(Kommunekode="202", Dato=date(2026, 3, 1)))
check(kf, "no-headers", lambda: service(kf, headers=False).GetKontaktforloeb(PersonCivilRegistrationIdentifier=CPR, Dato=date(2026, 3, 1)))
