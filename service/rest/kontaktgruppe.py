"""The contact-group REST service: CreateKontaktgruppe at DFDG's path (dfdg-interfaces.md § 2.5); ending a group,
its subgroup and reading them at the project's paths (DFDG's are not public), Raskmeld's `action` form for the end."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter

from service.domain import kontaktgruppe as domain
from service.domain import model
from service.rest import models as m
from service.rest.kald import Cpr, Laes, RestKald, Skriv
from service.rest.mapping import guid, kvittering, moment

router = APIRouter(tags=["PersonVisitering kontaktgruppe V1"])


def _create(kald: RestKald, cpr: str, body: m.CreateKontaktgruppeRequestDto, identifier: UUID | None) -> UUID:
    ny = domain.NyKontaktgruppe(
        kontaktgruppe_type=body.KontaktgruppeType,
        startdato=moment(body.Starttidspunkt).date(),
        personkategori=body.Personkategori,
        identifier=guid(identifier or body.kontaktgruppeIdentifier),
    )
    identifier, _ = kald.udfoer(lambda k: domain.create(k, cpr, ny))
    return UUID(identifier)


@router.post("/v1/PersonVisitering/kontaktgruppe", operation_id="CreateKontaktgruppe", response_model=UUID)
async def create_kontaktgruppe(body: m.CreateKontaktgruppeRequestDto, cpr: Cpr, kald: Skriv) -> UUID:
    """Opens a contact group today; another open group ends the day before. Answers its id (project-defined)."""
    return _create(kald, cpr, body, None)


@router.post("/v1/PersonVisitering/kontaktgruppe/{kontaktgruppeId}", operation_id="CreateKontaktgruppeMedIdentifier", response_model=UUID)
async def create_kontaktgruppe_med_identifier(kontaktgruppeId: UUID, body: m.CreateKontaktgruppeRequestDto, cpr: Cpr, kald: Skriv) -> UUID:
    """The path variant with the caller's own id (4977 if it is taken)."""
    return _create(kald, cpr, body, kontaktgruppeId)


@router.put(
    "/v1/PersonVisitering/kontaktgruppe/action/Afslut/{kontaktgruppeId}",
    operation_id="AfslutKontaktgruppe",
    response_model=m.Servicekvittering,
)
async def afslut_kontaktgruppe(kontaktgruppeId: UUID, body: m.AfslutKontaktgruppeRequestDto, cpr: Cpr, kald: Skriv) -> m.Servicekvittering:
    """Ends the open contact group on its last day (at the latest today, 003 § 16 stk. 2). Project-defined path and body."""
    return kvittering(kald.udfoer(lambda k: domain.afslut(k, cpr, guid(kontaktgruppeId), body.slutdato)))


@router.put(
    "/v1/PersonVisitering/kontaktgruppe/{kontaktgruppeId}/personkategori",
    operation_id="UpdatePersonkategori",
    response_model=m.Servicekvittering,
)
async def update_personkategori(
    kontaktgruppeId: UUID, body: m.UpdatePersonkategoriRequestDto, cpr: Cpr, kald: Skriv
) -> m.Servicekvittering:
    """Sets the visitation/match group or sickness-benefit category, effective from today. Project-defined path and body."""
    return kvittering(kald.udfoer(lambda k: domain.update_personkategori(k, cpr, guid(kontaktgruppeId), body.personkategori)))


def kontaktgruppe_dto(kg: model.Kontaktgruppe) -> m.KontaktgruppeDto:
    return m.KontaktgruppeDto(
        kontaktgruppeIdentifier=kg.identifier,
        kontaktgruppeType=kg.kontaktgruppe_type,
        startdato=kg.startdato,
        slutdato=kg.slutdato,
        personkategorier=[
            m.Personkategoriperiode(personkategori=p.personkategori, startdato=p.startdato, slutdato=p.slutdato)
            for p in kg.personkategorier
        ],
    )


@router.get("/v1/PersonVisitering/kontaktgruppe", operation_id="GetKontaktgrupper", response_model=list[m.KontaktgruppeDto])
async def get_kontaktgrupper(cpr: Cpr, kald: Laes) -> list[m.KontaktgruppeDto]:
    """Every contact group of the citizen, oldest first. Project-defined."""
    return kald.udfoer(lambda k: [kontaktgruppe_dto(kg) for kg in domain.list_for(k, cpr)], laesning=True)
