"""SamtaleService: held conversations, with source 000's legality table and 003 § 25. Projekt-defineret as a whole:
DFDG has no REST Samtale service (dfdg-interfaces.md § 1, "searched for and not found"), so the paths are the
project's, shaped as DFDG's other REST services (the id in the path, the CPR in x-civilRegistrationIdentifier)."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter

from service.domain import model
from service.domain import samtale as domain
from service.rest import models as m
from service.rest.kald import Cpr, Laes, RestKald, Skriv
from service.rest.mapping import guid, kvittering, moment

router = APIRouter(tags=["SamtaleService (projekt-defineret)"])


def _create(kald: RestKald, cpr: str, s: m.CreateSamtaleRequestDto, identifier: UUID | None) -> UUID:
    ny = domain.NySamtale(
        samtale_type=s.samtaleType,
        afholdt=moment(s.afholdelsestidspunkt),
        samtaleform=s.samtaleform,
        deltagere=tuple(model.Deltager(navn=d.navn, rolle=d.rolle, deltagelsesform=d.deltagelsesform) for d in s.deltager),
        indkaldelse_identifier=guid(s.indkaldelseIdentifier),
        aftale=s.aftaleOmDetVidereForloeb,
        akasse_deltagelse=s.akasseDeltagelsesstatus,
        personkategori=s.personkategori,
        identifier=guid(identifier or s.samtaleIdentifier),
        cv_godkendelse=s.cvGodkendelsesstatus,
        konklusion=s.konklusion,
        aftaler=s.aftalerPaaBaggrundAfSamtalen,
        saerlig_indsats=s.saerligIndsats,
    )
    created, _ = kald.udfoer(lambda k: domain.create(k, cpr, ny))
    return UUID(created)


def samtale_dto(s: model.Samtale) -> m.SamtaleDto:
    i = s.indberetter
    return m.SamtaleDto(
        samtaleIdentifier=s.identifier,
        samtaleType=s.samtale_type,
        afholdelsestidspunkt=s.afholdt,
        samtaleform=s.samtaleform,
        deltager=[m.Deltager(navn=d.navn, rolle=d.rolle, deltagelsesform=d.deltagelsesform) for d in s.deltagere],
        indkaldelseIdentifier=s.indkaldelse_identifier,
        aftaleOmDetVidereForloeb=s.aftale,
        akasseDeltagelsesstatus=s.akasse_deltagelse,
        nulstillende=s.nulstillende,
        slettet=s.slettet,
        registreringstidspunkt=s.registreret,
        cvGodkendelsesstatus=s.cv_godkendelse,
        konklusion=s.konklusion,
        aftalerPaaBaggrundAfSamtalen=s.aftaler,
        saerligIndsats=s.saerlig_indsats,
        indberetter=m.Indberetter(organisationTypeIdentifier=i[0], organisationCode=i[1]) if i else None,
    )


@router.post("/v1/Samtale", operation_id="CreateSamtale", response_model=UUID)
async def create_samtale(body: m.CreateSamtaleRequestDto, cpr: Cpr, kald: Skriv) -> UUID:
    """Registers a held conversation; a personkategori given changes the visitation/match group from today.
    Answers the conversation's id."""
    return _create(kald, cpr, body, None)


@router.post("/v1/Samtale/{samtaleIdentifier}", operation_id="CreateSamtaleMedIdentifier", response_model=UUID)
async def create_samtale_med_identifier(samtaleIdentifier: UUID, body: m.CreateSamtaleRequestDto, cpr: Cpr, kald: Skriv) -> UUID:
    """As CreateSamtale, with the caller's own id (4977 if it is taken)."""
    return _create(kald, cpr, body, samtaleIdentifier)


@router.delete("/v1/Samtale/{samtaleIdentifier}", operation_id="DeleteSamtale", response_model=m.Servicekvittering)
async def delete_samtale(samtaleIdentifier: UUID, cpr: Cpr, kald: Skriv) -> m.Servicekvittering:
    """Deletes a registered conversation (kept in GetSamtaler, marked slettet)."""
    return kvittering(kald.udfoer(lambda k: domain.delete(k, cpr, guid(samtaleIdentifier))))


@router.get("/v1/Samtale", operation_id="GetSamtaler", response_model=list[m.SamtaleDto])
async def get_samtaler(cpr: Cpr, kald: Laes) -> list[m.SamtaleDto]:
    """Every conversation registered for the citizen, oldest first, deleted ones marked."""
    return kald.udfoer(lambda k: [samtale_dto(s) for s in domain.list_for(k, cpr)], laesning=True)
