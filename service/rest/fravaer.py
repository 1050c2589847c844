"""VisiteringOgStatus.FravaerService V1 (dfdg-interfaces.md § 1, § 2.3): DFDG's paths and verbs."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Path, Query

from service.domain import fravaer as domain
from service.domain import model
from service.rest import models as m
from service.rest.kald import CPR_PATTERN, Cpr, Laes, RestKald, Skriv
from service.rest.mapping import guid, kvittering

router = APIRouter(tags=["VisiteringOgStatus.FravaerService V1"])
Berigtigelseskommentar = Annotated[str, Path(min_length=1, max_length=1500, description="The correction comment (in the path, as DFDG's)")]


def status(f: model.Fravaer, today) -> str:
    if f.slettet:
        return "Slettet"
    return "Afsluttet" if f.slutdato is not None and f.slutdato < today else "Aktiv"


def fravaer_dto(f: model.Fravaer, today) -> m.FravaerDto:
    a = f.arbejdsgiver
    return m.FravaerDto(
        fravaerIdentifier=f.identifier,
        fravaerType=f.fravaer_type,
        startDato=f.startdato,
        slutDato=f.slutdato,
        anmeldelsesDato=f.anmeldelsesdato,
        fravaersKommentar=f.kommentar,
        fravaersAfslutningsAarsag=f.afslutningsaarsag,
        ledighedsgrad=f.ledighedsgrad,
        arbejdsgiver=m.ArbejdsgiverDto(cvrEnhedsid=a.cvr, pNummer=a.pnummer) if a else None,
        registreringstidspunkt=f.registreret,
        slettet=f.slettet,
        berigtigelseskommentar=f.berigtigelseskommentar,
        status=status(f, today),
    )


def _create(kald: RestKald, cpr: str, body: m.CreateFravaerRequestDto, identifier: UUID | None) -> UUID:
    ny = domain.NytFravaer(
        fravaer_type=body.fravaerType,
        startdato=body.startDato,
        slutdato=body.slutDato,
        anmeldelsesdato=body.anmeldelsesDato,
        kommentar=body.fravaersKommentar,
        afslutningsaarsag=body.fravaersAfslutningsAarsag,
        identifier=guid(identifier or body.fravaerIdentifier),
    )
    identifier, _ = kald.udfoer(lambda k: domain.create(k, cpr, ny))
    return UUID(identifier)


@router.post("/v1/Fravaer/", operation_id="CreateFravaer", response_model=UUID)
async def create_fravaer(body: m.CreateFravaerRequestDto, cpr: Cpr, kald: Skriv) -> UUID:
    """Registers an absence that is not illness, with every rule of its table in source 002 (type 11: Sygemelding).
    Answers the absence's id."""
    return _create(kald, cpr, body, None)


@router.post("/v1/Fravaer/{fravaerIdentifier}", operation_id="CreateFravaerMedIdentifier", response_model=UUID)
async def create_fravaer_med_identifier(fravaerIdentifier: UUID, body: m.CreateFravaerRequestDto, cpr: Cpr, kald: Skriv) -> UUID:
    """As CreateFravaer, with the caller's own id (4977 if it is taken)."""
    return _create(kald, cpr, body, fravaerIdentifier)


@router.put("/v1/Fravaer/{fravaerIdentifier}", operation_id="UpdateFravaer", response_model=m.Servicekvittering)
async def update_fravaer(fravaerIdentifier: UUID, body: m.UpdateFravaerRequestDto, cpr: Cpr, kald: Skriv) -> m.Servicekvittering:
    """Sets the end date, comment or end reason; the period and comment rules apply again. The body is project-defined."""
    return kvittering(
        kald.udfoer(
            lambda k: domain.update(k, cpr, guid(fravaerIdentifier), body.slutDato, body.fravaersKommentar, body.fravaersAfslutningsAarsag)
        )
    )


@router.delete("/v1/Fravaer/{fravaerIdentifier}/{Berigtigelseskommentar}", operation_id="DeleteFravaer", response_model=m.Servicekvittering)
async def delete_fravaer(
    fravaerIdentifier: UUID, Berigtigelseskommentar: Berigtigelseskommentar, cpr: Cpr, kald: Skriv
) -> m.Servicekvittering:
    """Deletes (corrects) an absence; it stays readable, marked slettet, with the correction comment."""
    return kvittering(kald.udfoer(lambda k: domain.delete(k, cpr, guid(fravaerIdentifier), Berigtigelseskommentar)))


@router.get("/v1/Fravaer/", operation_id="GetAlleFravaer", response_model=list[m.FravaerDto])
async def get_alle_fravaer(cpr: Cpr, kald: Laes) -> list[m.FravaerDto]:
    """Every absence of the citizen, sick notices, ended and deleted ones included."""
    return kald.udfoer(lambda k: [fravaer_dto(f, k.today()) for f in domain.alle(k, cpr)], laesning=True)


@router.get("/v1/Fravaer/{civilRegistrationIdentifier}/{fravaerIdentifier}", operation_id="GetFravaer", response_model=m.FravaerDto)
async def get_fravaer(
    civilRegistrationIdentifier: Annotated[str, Path(pattern=CPR_PATTERN)], fravaerIdentifier: UUID, kald: Laes
) -> m.FravaerDto:
    """One absence, deleted ones included (status says which). The CPR is in the path, as DFDG's (its page names the
    segment `{x-civilRegistrationIdentifier}`; a path segment cannot be named with a hyphen here)."""
    cpr = civilRegistrationIdentifier
    return kald.udfoer(lambda k: fravaer_dto(domain.get(k, cpr, guid(fravaerIdentifier)), k.today()), laesning=True)


def fritagelser_dto(f: domain.Fritagelser) -> m.FritagelserDto:
    return m.FritagelserDto(
        dato=f.dato,
        tilmeldtSomJobsoegende=f.tilmeldt,
        kontaktgruppeType=f.kontaktgruppe,
        personkategori=f.personkategori,
        fritagelse=[
            m.Fritagelse(
                pligt=pligt,
                aarsag=[
                    m.Aarsag(
                        fravaerIdentifier=a.fravaer.identifier,
                        fravaerType=a.fravaer.fravaer_type,
                        navn=a.navn,
                        tekst=a.tekst,
                        kilde=a.kilde,
                        hjemmel=a.hjemmel or None,
                        afmeldes=a.afmeldes,
                        afmeldesNote=a.afmeldes_note or None,
                    )
                    for a in aarsager
                ],
            )
            for pligt, aarsager in sorted(f.pligter.items())
        ],
    )


@router.get("/v1/Fritagelser", operation_id="GetFritagelser", response_model=m.FritagelserDto)
async def get_fritagelser(cpr: Cpr, dato: Annotated[date, Query(description="The date judged")], kald: Laes) -> m.FritagelserDto:
    """Every duty the citizen is exempt from on `dato`, the absences causing each, and the registration status.
    Project-defined (a path of its own: under /v1/Fravaer/ it would read as an absence id)."""
    return kald.udfoer(lambda k: fritagelser_dto(domain.fritagelser(k, cpr, dato)), laesning=True)
