"""The contact-group REST service, CreateKontaktgruppe (dfdg-interfaces.md § 2.5)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends

from service.domain import kontaktgruppe as domain
from service.rest import models as m
from service.rest.kald import Cpr, RestKald, skriv
from service.rest.mapping import guid, moment

router = APIRouter(tags=["PersonVisitering kontaktgruppe V1"])
Skriv = Annotated[RestKald, Depends(skriv)]


def _create(kald: RestKald, cpr: str, body: m.CreateKontaktgruppeRequestDto, identifier: UUID | None) -> UUID:
    ny = domain.NyKontaktgruppe(kontaktgruppe_type=body.KontaktgruppeType, startdato=moment(body.Starttidspunkt).date(),
                                personkategori=body.Personkategori, identifier=guid(identifier or body.kontaktgruppeIdentifier))
    identifier, _ = kald.udfoer(lambda k: domain.create(k, cpr, ny))
    return UUID(identifier)


@router.post("/v1/PersonVisitering/kontaktgruppe", operation_id="CreateKontaktgruppe", response_model=UUID)
def create_kontaktgruppe(body: m.CreateKontaktgruppeRequestDto, cpr: Cpr, kald: Skriv) -> UUID:
    """Opens a contact group today; another open group ends the day before. Answers its id (project-defined)."""
    return _create(kald, cpr, body, None)


@router.post("/v1/PersonVisitering/kontaktgruppe/{kontaktgruppeId}", operation_id="CreateKontaktgruppeMedIdentifier", response_model=UUID)
def create_kontaktgruppe_med_identifier(kontaktgruppeId: UUID, body: m.CreateKontaktgruppeRequestDto, cpr: Cpr, kald: Skriv) -> UUID:
    """The path variant with the caller's own id (4977 if it is taken)."""
    return _create(kald, cpr, body, kontaktgruppeId)
