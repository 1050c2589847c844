"""Pure conversions from domain objects to wire types (requests are mapped in each service module)."""

from __future__ import annotations

from datetime import date, datetime

from service.domain import model
from service.domain.clock import COPENHAGEN
from service.soap import types as wire


def receipt(k: model.Kvittering) -> wire.ServiceReceiptType:
    return wire.ServiceReceiptType(EventDate=k.event_date, MessageIdentifier=k.message_identifier)


def kontaktgruppe(kg: model.Kontaktgruppe) -> wire.Kontaktgruppe:
    return wire.Kontaktgruppe(
        KontaktgruppeIdentifier=kg.identifier,
        KontaktgruppeType=kg.kontaktgruppe_type,
        Startdato=kg.startdato,
        Slutdato=kg.slutdato,
        Personkategorier=[
            wire.Personkategoriperiode(Personkategori=p.personkategori, Startdato=p.startdato, Slutdato=p.slutdato)
            for p in kg.personkategorier
        ],
    )


def arbejdsgiver(a: model.Arbejdsgiver | None) -> wire.Arbejdsgiver | None:
    return wire.Arbejdsgiver(CVRnummer=a.cvr, Pnummer=a.pnummer) if a else None


def status(f: model.Fravaer, today: date) -> str:
    if f.slettet:
        return "Slettet"
    return "Afsluttet" if f.slutdato is not None and f.slutdato < today else "Aktiv"


def fravaer(f: model.Fravaer, today: date) -> wire.Fravaer:
    return wire.Fravaer(
        FravaerIdentifier=f.identifier,
        FravaerType=f.fravaer_type,
        Startdato=f.startdato,
        Slutdato=f.slutdato,
        Anmeldelsesdato=f.anmeldelsesdato,
        Kommentar=f.kommentar,
        Fravaersafslutningsaarsag=f.afslutningsaarsag,
        Ledighedsgrad=f.ledighedsgrad,
        Arbejdsgiver=arbejdsgiver(f.arbejdsgiver),
        Registreringstidspunkt=f.registreret,
        Slettet=f.slettet,
        Berigtigelseskommentar=f.berigtigelseskommentar,
        Status=status(f, today),
    )


def yderligere(y: model.YderligereInformation) -> wire.YderligereInformation:
    d = y.delvis_raskmeldt
    return wire.YderligereInformation(
        YderligereInformationIdentifier=y.identifier,
        FravaerIdentifier=y.fravaer_identifier,
        DelvisRaskmeldt=wire.DelvisRaskmeldt(Startdato=d.startdato, Slutdato=d.slutdato, TimerPrUge=d.timer_pr_uge) if d else None,
        ForventetRaskmeldingInden13Uger=y.forventet_raskmelding_inden_13_uger,
        Kommentar=y.kommentar,
        Registreringstidspunkt=y.registreret,
        Slettet=y.slettet,
    )


def delvis(d: wire.DelvisRaskmeldt | None) -> model.DelvisRaskmeldt | None:
    return model.DelvisRaskmeldt(startdato=d.Startdato, slutdato=d.Slutdato, timer_pr_uge=d.TimerPrUge) if d is not None else None


def guid(value: str | None) -> str | None:
    return value.lower() if value else None


def moment(value: datetime) -> datetime:
    """A wire dateTime in Copenhagen time; one without a zone is read as Copenhagen local time."""
    return value.replace(tzinfo=COPENHAGEN) if value.tzinfo is None else value.astimezone(COPENHAGEN)
