"""KontaktforloebService: the contact course a citizen is owed and the measurement across citizens (001, 004, 000).
Projekt-defineret as a whole: the emulator's own read services (DFDG publishes no such REST service), at the
project's paths, with the SOAP face's answers in lowerCamelCase."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query

from service.domain import kontaktforloeb as domain
from service.rest import models as m
from service.rest.kald import Cpr, Laes

router = APIRouter(tags=["KontaktforloebService (projekt-defineret)"])
Dato = Annotated[date, Query(description="The date the course or measurement is computed on")]


def _krav(k: Any) -> m.Krav:
    return m.Krav(
        kravIdentifier=k.krav.id,
        beskrivelse=k.krav.beskrivelse,
        status=k.status,
        frist=k.frist,
        oprindeligFrist=k.oprindelig_frist,
        fritagneDage=k.fritagne_dage,
        antal=k.krav.antal,
        samtale=[
            m.KontaktforloebSamtale(samtaleIdentifier=s.identifier, samtaleType=s.samtale_type, afholdelsestidspunkt=s.afholdt)
            for s in k.samtaler
        ],
        kilde=k.krav.kilde,
        anker=k.anker,
        ankerdato=k.ankerdato,
        manglendeSamtaler=k.mangler,
        fritagetTil=k.fritaget_til,
        fritagendeFravaer=[
            m.FritagendeFravaer(fravaerIdentifier=f.fravaer.identifier, fravaerType=f.fravaer.fravaer_type, dage=f.dage)
            for f in k.fritagende
        ],
        statusforklaring=k.forklaring,
    )


def kontaktforloeb_dto(f: domain.Kontaktforloeb) -> m.KontaktforloebDto:
    forloeb, naeste, erstatter = f.forloeb, f.naeste, f.erstatter
    return m.KontaktforloebDto(
        dato=f.dato,
        ydelse=forloeb.ydelse.noegle if forloeb else None,
        ydelsesnavn=forloeb.ydelse.navn if forloeb else None,
        kontaktgruppeType=forloeb.kontaktgruppe if forloeb else None,
        startdato=forloeb.start if forloeb else None,
        samtalerEfterBehov=f.efter_behov,
        fritagetForKontaktforloeb=f.fritaget,
        krav=[_krav(k) for k in f.krav],
        naesteFrist=f.naeste_frist,
        naesteFristKravIdentifier=naeste.krav.id if naeste else None,
        naesteFristManglendeSamtaler=naeste.mangler if naeste else None,
        udestaaende=[
            m.UdestaaendeKrav(kravIdentifier=k.krav.id, manglendeSamtaler=k.mangler, frist=k.frist, status=k.status) for k in f.udestaaende
        ],
        fritagetTil=f.fritaget_til,
        intetForloebAarsag=f.intet_forloeb,
        forklaring=f.forklaring,
        erstatterForloeb=m.ErstattetForloeb(
            ydelse=erstatter.ydelse.noegle,
            ydelsesnavn=erstatter.ydelse.navn,
            kontaktgruppeType=erstatter.kontaktgruppe,
            startdato=erstatter.start,
            slutdato=erstatter.slut,
        )
        if erstatter
        else None,
    )


def maalgruppe_dto(g: domain.Maalgruppe) -> m.Maalgruppe:
    return m.Maalgruppe(
        ydelse=g.ydelse.noegle,
        ydelsesnavn=g.ydelse.navn,
        antalBorgere=g.borgere,
        antalOpfyldt=g.opfyldt,
        andel=round(g.andel, 4),
        gennemsnitSamtaler=round(g.gennemsnit, 2),
        antalUdeladt=g.udeladt,
        personkategori=g.personkategori,
        maal=g.maal,
        maalAntalSamtaler=g.maal_antal,
        periode=g.periode,
        vindue=g.vindue,
        forloebsstartFra=g.start_fra,
        forloebsstartTil=g.start_til,
        kilde=g.kilde,
        borger=[
            m.MaaltBorger(
                personCivilRegistrationIdentifier=b.cpr,
                startdato=b.start,
                periodeSlutdato=b.periode_slut,
                samtalerIPerioden=b.samtaler_i_perioden,
                samtalerIForloebet=b.samtaler_i_forloebet,
                fritagneDage=b.fritagne_dage,
                status=b.status,
                aarsag=b.aarsag,
            )
            for b in g.borger
        ],
    )


@router.get("/v1/Kontaktforloeb", operation_id="GetKontaktforloeb", response_model=m.KontaktforloebDto)
async def get_kontaktforloeb(cpr: Cpr, dato: Dato, kald: Laes) -> m.KontaktforloebDto:
    """The current benefit course on `dato`, every requirement with deadline and status, and the next deadline;
    each requirement's anchor, what is still owed, the absences that moved it, and, if empty, why."""
    return kald.udfoer(lambda k: kontaktforloeb_dto(domain.kontaktforloeb(k, cpr, dato)), laesning=True)


@router.get("/v1/Opfoelgningsstatus", operation_id="GetOpfoelgningsstatus", response_model=list[m.Maalgruppe])
async def get_opfoelgningsstatus(
    dato: Dato,
    kald: Laes,
    kommunekode: Annotated[str | None, Query(pattern=r"^[0-9]{3}$")] = None,
    jobcenterKode: Annotated[str | None, Query(pattern=r"^[0-9]{1,8}$")] = None,
) -> list[m.Maalgruppe]:
    """004's measurement for the simplified rules, for one municipality or jobcentre: every measured benefit
    (kontanthjælp per subgroup), its target, window and period, and the citizens counted and left out."""
    return kald.udfoer(lambda k: [maalgruppe_dto(g) for g in domain.opfoelgningsstatus(k, kommunekode, jobcenterKode, dato)], laesning=True)
