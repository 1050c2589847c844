"""Komposit.SygemeldingService V1 (dfdg-interfaces.md § 1, § 2.1): CreateSygemelding and Raskmeld."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends

from service.domain import model
from service.domain import sygemelding as domain
from service.domain.fravaer import NytFravaer
from service.rest import models as m
from service.rest.kald import Cpr, RestKald, skriv
from service.rest.mapping import guid, kvittering

router = APIRouter(tags=["Komposit.SygemeldingService V1"])
Skriv = Annotated[RestKald, Depends(skriv)]


def _create(kald: RestKald, cpr: str, body: m.CreateSygemeldingRequestDto, identifier: UUID | None) -> UUID:
    s = body.sygemelding
    a = model.Arbejdsgiver(cvr=s.arbejdsgiver.cvrEnhedsid, pnummer=s.arbejdsgiver.pNummer) if s.arbejdsgiver else None
    ny = NytFravaer(fravaer_type=domain.SYGEMELDING, startdato=s.startdato, slutdato=s.slutdato, anmeldelsesdato=s.anmeldelsesdato,
                    kommentar=s.fravaerskommentar, afslutningsaarsag=s.fravaersafslutningsaarsag, ledighedsgrad=s.ledighedsgrad,
                    arbejdsgiver=a, identifier=guid(identifier or s.fravaerIdentifier))
    identifier, _ = kald.udfoer(lambda k: domain.create(k, cpr, ny))
    return UUID(identifier)


@router.post("/v1/Sygemelding", operation_id="CreateSygemelding", response_model=UUID)
def create_sygemelding(body: m.CreateSygemeldingRequestDto, cpr: Cpr, kald: Skriv) -> UUID:
    """Registers "Sygdom – Sygemelding" (absence type 11) with source 002's rules. Answers the absence's id
    (project-defined: DFDG's response is not public; its sibling methods answer the bare uuid)."""
    return _create(kald, cpr, body, None)


@router.post("/v1/Sygemelding/{fravaerIdentifier}", operation_id="CreateSygemeldingMedIdentifier", response_model=UUID)
def create_sygemelding_med_identifier(fravaerIdentifier: UUID, body: m.CreateSygemeldingRequestDto, cpr: Cpr, kald: Skriv) -> UUID:
    """CreateSygemelding's path variant, with the caller's own id (4977 if it is taken)."""
    return _create(kald, cpr, body, fravaerIdentifier)


def _raskmeld(fravaerIdentifier: UUID, body: m.RaskmeldRequestDto, cpr: str, kald: RestKald) -> m.Servicekvittering:
    return kvittering(kald.udfoer(lambda k: domain.raskmeld(k, cpr, guid(fravaerIdentifier), body.slutdato, body.fravaersafslutningsaarsag)))


@router.put("/v1/sygemelding/action/Raskmeld/{fravaerIdentifier}", operation_id="Raskmeld", response_model=m.Servicekvittering)
def raskmeld(fravaerIdentifier: UUID, body: m.RaskmeldRequestDto, cpr: Cpr, kald: Skriv) -> m.Servicekvittering:
    """Full recovery: slutdato is the last sick day; the sick notice is closed. DFDG prints the path as
    `/V1/sygemelding/action/Raskmeld{fravaerIdentifier}` (no slash, capital V); that form, and `/V1/` with the
    slash, are accepted too (not listed here)."""
    return _raskmeld(fravaerIdentifier, body, cpr, kald)


# DFDG's printed path and its case variant (dfdg-interfaces.md § 2.1): the same operation, not in the document.
for _path in ("/V1/sygemelding/action/Raskmeld/{fravaerIdentifier}", "/V1/sygemelding/action/Raskmeld{fravaerIdentifier}",
              "/v1/sygemelding/action/Raskmeld{fravaerIdentifier}"):
    router.add_api_route(_path, raskmeld, methods=["PUT"], include_in_schema=False, response_model=m.Servicekvittering,
                         name=f"Raskmeld {_path}")
