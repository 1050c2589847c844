"""Komposit.SygemeldingService V1 (dfdg-interfaces.md § 1, § 2.1): CreateSygemelding and Raskmeld at DFDG's paths;
GetSygemelding and the additional information (§ 2.2: not public) at the project's, a sub-resource of the sick
notice keyed by its own guid afterwards, as § 2.2 infers."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter

from service.domain import model
from service.domain import sygemelding as domain
from service.domain.context import Kontekst
from service.domain.fravaer import NytFravaer
from service.rest import models as m
from service.rest.fravaer import fravaer_dto
from service.rest.kald import Cpr, Laes, RestKald, Skriv
from service.rest.mapping import guid, kvittering

router = APIRouter(tags=["Komposit.SygemeldingService V1"])


def _create(kald: RestKald, cpr: str, body: m.CreateSygemeldingRequestDto, identifier: UUID | None) -> UUID:
    s = body.sygemelding
    a = model.Arbejdsgiver(cvr=s.arbejdsgiver.cvrEnhedsid, pnummer=s.arbejdsgiver.pNummer) if s.arbejdsgiver else None
    ny = NytFravaer(
        fravaer_type=domain.SYGEMELDING,
        startdato=s.startdato,
        slutdato=s.slutdato,
        anmeldelsesdato=s.anmeldelsesdato,
        kommentar=s.fravaerskommentar,
        afslutningsaarsag=s.fravaersafslutningsaarsag,
        ledighedsgrad=s.ledighedsgrad,
        arbejdsgiver=a,
        identifier=guid(identifier or s.fravaerIdentifier),
    )
    identifier, _ = kald.udfoer(lambda k: domain.create(k, cpr, ny))
    return UUID(identifier)


@router.post("/v1/Sygemelding", operation_id="CreateSygemelding", response_model=UUID)
async def create_sygemelding(body: m.CreateSygemeldingRequestDto, cpr: Cpr, kald: Skriv) -> UUID:
    """Registers "Sygdom – Sygemelding" (absence type 11) with source 002's rules. Answers the absence's id
    (project-defined: DFDG's response is not public; its sibling methods answer the bare uuid)."""
    return _create(kald, cpr, body, None)


@router.post("/v1/Sygemelding/{fravaerIdentifier}", operation_id="CreateSygemeldingMedIdentifier", response_model=UUID)
async def create_sygemelding_med_identifier(fravaerIdentifier: UUID, body: m.CreateSygemeldingRequestDto, cpr: Cpr, kald: Skriv) -> UUID:
    """CreateSygemelding's path variant, with the caller's own id (4977 if it is taken)."""
    return _create(kald, cpr, body, fravaerIdentifier)


def _raskmeld(fravaerIdentifier: UUID, body: m.RaskmeldRequestDto, cpr: str, kald: RestKald) -> m.Servicekvittering:
    return kvittering(
        kald.udfoer(lambda k: domain.raskmeld(k, cpr, guid(fravaerIdentifier), body.slutdato, body.fravaersafslutningsaarsag))
    )


@router.put("/v1/sygemelding/action/Raskmeld/{fravaerIdentifier}", operation_id="Raskmeld", response_model=m.Servicekvittering)
async def raskmeld(fravaerIdentifier: UUID, body: m.RaskmeldRequestDto, cpr: Cpr, kald: Skriv) -> m.Servicekvittering:
    """Full recovery: slutdato is the last sick day; the sick notice is closed. DFDG prints the path as
    `/V1/sygemelding/action/Raskmeld{fravaerIdentifier}` (no slash, capital V); that form, and `/V1/` with the
    slash, are accepted too (not listed here)."""
    return _raskmeld(fravaerIdentifier, body, cpr, kald)


# DFDG's printed path and its case variant (dfdg-interfaces.md § 2.1): the same operation, not in the document.
for _path in (
    "/V1/sygemelding/action/Raskmeld/{fravaerIdentifier}",
    "/V1/sygemelding/action/Raskmeld{fravaerIdentifier}",
    "/v1/sygemelding/action/Raskmeld{fravaerIdentifier}",
):
    router.add_api_route(
        _path, raskmeld, methods=["PUT"], include_in_schema=False, response_model=m.Servicekvittering, name=f"Raskmeld {_path}"
    )


@router.get("/v1/Sygemelding/{fravaerIdentifier}", operation_id="GetSygemelding", response_model=m.SygemeldingMedInformationDto)
async def get_sygemelding(fravaerIdentifier: UUID, cpr: Cpr, kald: Laes) -> m.SygemeldingMedInformationDto:
    """Project-defined path: the sick notice and its additional information that is not deleted."""

    def work(k: Kontekst) -> m.SygemeldingMedInformationDto:
        fravaer, informationer = domain.get(k, cpr, guid(fravaerIdentifier))
        return m.SygemeldingMedInformationDto(
            sygemelding=fravaer_dto(fravaer, k.today()), yderligereInformation=[yderligere_dto(y) for y in informationer]
        )

    return kald.udfoer(work, laesning=True)


def yderligere_dto(y: model.YderligereInformation) -> m.YderligereInformationDto:
    d = y.delvis_raskmeldt
    return m.YderligereInformationDto(
        yderligereInformationIdentifier=y.identifier,
        fravaerIdentifier=y.fravaer_identifier,
        delvisRaskmeldt=m.DelvisRaskmeldtDto(startdato=d.startdato, slutdato=d.slutdato, timerPrUge=d.timer_pr_uge) if d else None,
        forventetRaskmeldingInden13Uger=y.forventet_raskmelding_inden_13_uger,
        kommentar=y.kommentar,
        registreringstidspunkt=y.registreret,
        slettet=y.slettet,
    )


def _oplysninger(body: m.UpdateYderligereInformationRequestDto | m.YderligereInformationRequestDto) -> domain.Oplysninger:
    d = body.delvisRaskmeldt
    delvis = model.DelvisRaskmeldt(startdato=d.startdato, slutdato=d.slutdato, timer_pr_uge=d.timerPrUge) if d else None
    return domain.Oplysninger(
        delvis_raskmeldt=delvis, forventet_raskmelding_inden_13_uger=body.forventetRaskmeldingInden13Uger, kommentar=body.kommentar
    )


@router.post(
    "/v1/Sygemelding/{fravaerIdentifier}/yderligereInformation",
    operation_id="CreateYderligereInformationOmSygemelding",
    response_model=UUID,
)
async def create_yderligere(fravaerIdentifier: UUID, body: m.YderligereInformationRequestDto, cpr: Cpr, kald: Skriv) -> UUID:
    """Partial recovery (jobafklaring, KG 13) or expected recovery within 13 weeks (KG 24) on an open sick notice.
    Answers the information's id. Project-defined path and body (DFDG's are not public, dfdg-interfaces.md § 2.2)."""
    identifier, _ = kald.udfoer(
        lambda k: domain.create_yderligere(k, cpr, guid(fravaerIdentifier), _oplysninger(body), guid(body.yderligereInformationIdentifier))
    )
    return UUID(identifier)


@router.put(
    "/v1/Sygemelding/yderligereInformation/{yderligereInformationIdentifier}",
    operation_id="UpdateYderligereInformationOmSygemelding",
    response_model=m.Servicekvittering,
)
async def update_yderligere(
    yderligereInformationIdentifier: UUID, body: m.UpdateYderligereInformationRequestDto, cpr: Cpr, kald: Skriv
) -> m.Servicekvittering:
    """Replaces the facts of the additional information; the same rules apply again. Project-defined path and body."""
    return kvittering(kald.udfoer(lambda k: domain.update_yderligere(k, cpr, guid(yderligereInformationIdentifier), _oplysninger(body))))


@router.delete(
    "/v1/Sygemelding/yderligereInformation/{yderligereInformationIdentifier}",
    operation_id="DeleteYderligereInformationOmSygemelding",
    response_model=m.Servicekvittering,
)
async def delete_yderligere(yderligereInformationIdentifier: UUID, cpr: Cpr, kald: Skriv) -> m.Servicekvittering:
    """Deletes the additional information (kept, marked deleted, in GetTilstand). Project-defined path."""
    return kvittering(kald.udfoer(lambda k: domain.delete_yderligere(k, cpr, guid(yderligereInformationIdentifier))))
