"""Kontaktforloeb.IndkaldelseService V1 (dfdg-interfaces.md § 1, § 2.6). DFDG puts the CPR in the header and the
indkaldelse's id in the URL; the history paths are DFDG's too; the other paths are the project's (DFDG's are not
public), and DeleteIndkaldelse cancels the invitation (the emulator's AflysIndkaldelse: it stays readable with
status Aflyst)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from service.domain import indkaldelse as domain
from service.domain import model
from service.rest import models as m
from service.rest.kald import Cpr, Laes, RestKald, Skriv
from service.rest.mapping import guid, kvittering, moment

router = APIRouter(tags=["Kontaktforloeb.IndkaldelseService V1"])


def _data(i: m.IndkaldelseDto) -> model.Indkaldelsesdata:
    a = i.adresse
    return model.Indkaldelsesdata(
        samtale_type=i.samtaleType,
        start=moment(i.starttidspunkt),
        slut=moment(i.sluttidspunkt) if i.sluttidspunkt else None,
        samtaleform=i.samtaleform,
        titel=i.titel,
        sted=i.sted,
        telefonnummer=i.telefonnummer,
        beskrivelse=i.beskrivelse,
        adresse=model.Adresse(vejnavn=a.vejnavn, husnummer=a.husnummer, postnummer=a.postnummer, by=a.by) if a else None,
        kontaktmuligheder=i.kontaktmuligheder,
        selvbooking_mulig=i.selvbookingMulig,
        alternative_tidspunkter=tuple(
            model.Tidsrum(start=moment(t.starttidspunkt), slut=moment(t.sluttidspunkt)) for t in i.alternativeTidspunkter
        ),
        ombookingsfrist=i.ombookingsfrist,
        selvbookingsfrist=i.selvbookingsfrist,
        medarbejder=i.medarbejder,
        akasse_deltagelse=i.akasseDeltagelsesstatus,
        borger_ringer_op=i.borgerRingerOp,
    )


def _registreret(i: model.Indkaldelse) -> m.RegistreretIndkaldelse:
    d, a = i.data, i.data.adresse
    return m.RegistreretIndkaldelse(
        status="Aflyst" if i.aflyst else "Aktiv",
        indkaldelse=m.IndkaldelseDto(
            indkaldelseIdentifier=i.identifier,
            samtaleType=d.samtale_type,
            starttidspunkt=d.start,
            sluttidspunkt=d.slut,
            samtaleform=d.samtaleform,
            titel=d.titel,
            beskrivelse=d.beskrivelse,
            sted=d.sted,
            adresse=m.Adresse(vejnavn=a.vejnavn, husnummer=a.husnummer, postnummer=a.postnummer, by=a.by) if a else None,
            telefonnummer=d.telefonnummer,
            kontaktmuligheder=d.kontaktmuligheder,
            selvbookingMulig=d.selvbooking_mulig,
            alternativeTidspunkter=[m.Tidsrum(starttidspunkt=t.start, sluttidspunkt=t.slut) for t in d.alternative_tidspunkter],
            ombookingsfrist=d.ombookingsfrist,
            selvbookingsfrist=d.selvbookingsfrist,
            medarbejder=d.medarbejder,
            akasseDeltagelsesstatus=d.akasse_deltagelse,
            borgerRingerOp=d.borger_ringer_op,
        ),
        historik=[
            m.Indkaldelsesversion(
                version=v.version,
                aendring=v.aendring,
                starttidspunkt=v.data.start,
                sluttidspunkt=v.data.slut,
                begrundelse=v.begrundelse,
                registreringstidspunkt=v.registreret,
            )
            for v in i.historik
        ],
    )


def _create(kald: RestKald, cpr: str, body: m.IndkaldelseDto, identifier: UUID | None) -> UUID:
    identifier, _ = kald.udfoer(lambda k: domain.create(k, cpr, _data(body), guid(identifier or body.indkaldelseIdentifier)))
    return UUID(identifier)


@router.post("/v1/indkaldelse/{indkaldelseId}", operation_id="CreateIndkaldelse", response_model=UUID)
async def create_indkaldelse(indkaldelseId: UUID, body: m.IndkaldelseDto, cpr: Cpr, kald: Skriv) -> UUID:
    """Registers an invitation (003 §§ 20-21) under the caller's id; the conversation type must be legal for the
    citizen's group."""
    return _create(kald, cpr, body, indkaldelseId)


@router.post("/v1/indkaldelse", operation_id="CreateIndkaldelseUdenIdentifier", response_model=UUID)
async def create_indkaldelse_uden_identifier(body: m.IndkaldelseDto, cpr: Cpr, kald: Skriv) -> UUID:
    """Project-defined: as CreateIndkaldelse, the emulator assigning the id."""
    return _create(kald, cpr, body, None)


@router.put("/v1/indkaldelse/{indkaldelseId}", operation_id="UpdateIndkaldelse", response_model=m.Servicekvittering)
async def update_indkaldelse(indkaldelseId: UUID, body: m.UpdateIndkaldelseRequestDto, cpr: Cpr, kald: Skriv) -> m.Servicekvittering:
    """Moves or changes the invitation; the previous versions stay in its history. Path project-defined."""
    return kvittering(kald.udfoer(lambda k: domain.update(k, cpr, guid(indkaldelseId), _data(body), body.begrundelse)))


@router.delete("/v1/indkaldelse/{indkaldelseId}", operation_id="DeleteIndkaldelse", response_model=m.Servicekvittering)
async def delete_indkaldelse(
    indkaldelseId: UUID, cpr: Cpr, kald: Skriv, begrundelse: Annotated[str | None, Query(max_length=1500)] = None
) -> m.Servicekvittering:
    """Cancels the invitation (kept, status Aflyst, with its history). Path and query project-defined."""
    return kvittering(kald.udfoer(lambda k: domain.aflys(k, cpr, guid(indkaldelseId), begrundelse)))


def _historik(i: model.Indkaldelse) -> m.Indkaldelseshistorik:
    return m.Indkaldelseshistorik(
        indkaldelseIdentifier=i.identifier, status="Aflyst" if i.aflyst else "Aktiv", historik=_registreret(i).historik
    )


# Before /v1/indkaldelse/{indkaldelseId}: the literal segment is DFDG's path, not an id.
@router.get("/v1/indkaldelse/historik", operation_id="GetIndkaldelseshistorik", response_model=list[m.Indkaldelseshistorik])
async def get_indkaldelseshistorik(cpr: Cpr, kald: Laes) -> list[m.Indkaldelseshistorik]:
    """Every invitation's versions (created, moved, changed, cancelled), DFDG's path; the answer is project-defined."""
    return kald.udfoer(lambda k: [_historik(i) for i in domain.list_for(k, cpr)], laesning=True)


@router.get(
    "/v1/indkaldelse/{indkaldelseId}/historik", operation_id="GetIndkaldelseshistorikForIndkaldelse", response_model=m.Indkaldelseshistorik
)
async def get_indkaldelseshistorik_for_indkaldelse(indkaldelseId: UUID, cpr: Cpr, kald: Laes) -> m.Indkaldelseshistorik:
    """One invitation's versions, DFDG's path; the answer is project-defined."""
    return kald.udfoer(lambda k: _historik(domain.get(k, cpr, guid(indkaldelseId))), laesning=True)


@router.get("/v1/indkaldelse/{indkaldelseId}", operation_id="GetIndkaldelse", response_model=m.RegistreretIndkaldelse)
async def get_indkaldelse(indkaldelseId: UUID, cpr: Cpr, kald: Laes) -> m.RegistreretIndkaldelse:
    """One invitation with status and history, a cancelled one too. Path project-defined (DFDG names the operation)."""
    return kald.udfoer(lambda k: _registreret(domain.get(k, cpr, guid(indkaldelseId))), laesning=True)


@router.get("/v1/indkaldelse", operation_id="GetIndkaldelser", response_model=list[m.RegistreretIndkaldelse])
async def get_indkaldelser(cpr: Cpr, kald: Laes) -> list[m.RegistreretIndkaldelse]:
    """Every invitation of the citizen with status and history, earliest meeting first. Path project-defined."""
    return kald.udfoer(lambda k: [_registreret(i) for i in domain.list_for(k, cpr)], laesning=True)
