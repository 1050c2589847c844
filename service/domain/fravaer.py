"""Absences and exemptions (source 002): registration through the rule engine, changes, and exemptions on a date."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from service.domain import cpr as cprs
from service.domain.borger import require_borger, situation_on, tilmeldt_on
from service.domain.context import Kontekst
from service.domain.fritagelsesperioder import raekke_paa
from service.domain.model import Arbejdsgiver, Fravaer, Kvittering, Tilmeldingshaendelse
from service.rules import engine
from service.rules.catalogue import regel
from service.rules.fravaertyper import Raekke, fravaertyper, pligter_for_tekst
from service.rules.samtaler import sidste_samtale_typer
from service.rules.violation import Afvisning, raise_if

SYGEMELDING = 11
FELTER = engine.Felter(
    fravaer_type="Fravaer/FravaerType", startdato="Fravaer/Startdato", slutdato="Fravaer/Slutdato", kommentar="Fravaer/Kommentar"
)


@dataclass(frozen=True, kw_only=True)
class NytFravaer:
    fravaer_type: int
    startdato: date
    anmeldelsesdato: date
    slutdato: date | None = None
    kommentar: str | None = None
    afslutningsaarsag: int | None = None
    ledighedsgrad: int | None = None
    arbejdsgiver: Arbejdsgiver | None = None
    identifier: str | None = None


@dataclass(frozen=True)
class Aarsag:
    """One absence that exempts from a duty on the asked date, with the table cell and row behind it: the legal
    basis (hjemmel) and whether the row deregisters the citizen, with its note."""

    fravaer: Fravaer
    navn: str
    tekst: str
    kilde: str
    hjemmel: str = ""
    afmeldes: str = "nej"
    afmeldes_note: str = ""


@dataclass(frozen=True)
class Fritagelser:
    dato: date
    tilmeldt: bool
    kontaktgruppe: int | None
    personkategori: str | None
    pligter: dict[str, list[Aarsag]]


def situation(k: Kontekst, cpr: str, day: date, uden: str | None = None) -> engine.Situation:
    """The citizen as the rules see it on `day`: group and subgroup, other absences, birth date."""
    assert k.caller is not None
    kontaktgruppe, personkategori = situation_on(k, cpr, day)
    # Only what the rules read of the others (not deleted ones: type, period, time), not whole rows.
    andre = tuple(
        engine.AndetFravaer(fravaer_type=f.fravaer_type, startdato=f.startdato, slutdato=f.slutdato)
        for f in k.repo.fravaersperioder(cpr)
        if f.identifier != uden
    )
    typer, today = sidste_samtale_typer(), k.today()
    samtaler = [m.afholdt.date() for m in k.repo.afholdte_samtaler(cpr) if m.samtale_type in typer and m.afholdt.date() <= today]
    return engine.Situation(
        today=today,
        indberetter=k.caller.rolle,
        kontaktgruppe=kontaktgruppe,
        personkategori=personkategori,
        andre_fravaer=andre,
        foedselsdato=cprs.birth_date(cpr),
        sidste_samtale=max(samtaler, default=None),
    )


def opret(k: Kontekst, cpr: str, ny: NytFravaer, felter: engine.Felter) -> tuple[str, Kvittering]:
    """Register an absence of any type with its table's rules: the one path for CreateFravaer and CreateSygemelding."""
    require_borger(k, cpr)
    paa_startdato = situation(k, cpr, ny.startdato)
    violations, raekke = engine.check_fravaer(_forslag(ny), paa_startdato, felter)
    raise_if(engine.check_anmeldelsesdato(ny.anmeldelsesdato, k.today(), felter) + violations)
    assert raekke is not None
    identifier = k.new_identifier(ny.identifier, felter.fravaer_type + "/FravaerIdentifier")
    kvittering = k.kvittering()
    fravaer = Fravaer(
        identifier=identifier,
        cpr=cpr,
        fravaer_type=ny.fravaer_type,
        startdato=ny.startdato,
        anmeldelsesdato=ny.anmeldelsesdato,
        registreret=kvittering.event_date,
        slutdato=ny.slutdato,
        kommentar=ny.kommentar,
        afslutningsaarsag=ny.afslutningsaarsag,
        ledighedsgrad=ny.ledighedsgrad,
        arbejdsgiver=ny.arbejdsgiver,
        kontaktgruppe=paa_startdato.kontaktgruppe,
        personkategori=paa_startdato.personkategori,
    )
    k.repo.save_fravaer(fravaer)
    _afmeld(k, raekke, fravaer)
    return identifier, kvittering


def _forslag(ny: NytFravaer | Fravaer) -> engine.Forslag:
    return engine.Forslag(fravaer_type=ny.fravaer_type, startdato=ny.startdato, slutdato=ny.slutdato, kommentar=ny.kommentar)


def _afmeld(k: Kontekst, raekke: Raekke, fravaer: Fravaer) -> None:
    """Deregister the citizen from the start date where the row says "Afmeldes" (002's tables)."""
    if raekke.afmeldes in ("ja", "hvis_tilmeldt") and tilmeldt_on(k.repo.tilmeldinger(fravaer.cpr), fravaer.startdato):
        navn = fravaertyper()[fravaer.fravaer_type].navn
        k.repo.add_tilmelding(
            Tilmeldingshaendelse(
                cpr=fravaer.cpr,
                tilmeldt=False,
                fra=fravaer.startdato,
                aarsag=f"Afmeldes: {navn} {fravaer.identifier} ({raekke.kilde})",
                registreret=fravaer.registreret,
            )
        )


def create(k: Kontekst, cpr: str, ny: NytFravaer) -> tuple[str, Kvittering]:
    if ny.fravaer_type == SYGEMELDING:
        raise Afvisning([regel("FRAVAER_SYGEMELDING_SERVICE").violation()])
    return opret(k, cpr, ny, FELTER)


def eget(k: Kontekst, cpr: str, identifier: str, slettet_ok: bool = False) -> Fravaer:
    """The citizen's absence with this id (4632 if there is none, or it is deleted and must not be)."""
    fravaer = k.repo.get_fravaer(identifier.lower())
    if fravaer is None or fravaer.cpr != cpr or (fravaer.slettet and not slettet_ok):
        raise Afvisning([regel("FRAVAER_UKENDT").violation(identifier=identifier)])
    return fravaer


def update(
    k: Kontekst, cpr: str, identifier: str, slutdato: date | None, kommentar: str | None, afslutningsaarsag: int | None
) -> Kvittering:
    """Set the end date, comment or end reason; the period and comment rules are judged again."""
    require_borger(k, cpr)
    fravaer = eget(k, cpr, identifier)
    if fravaer.fravaer_type == SYGEMELDING:
        raise Afvisning([regel("FRAVAER_SYGEMELDING_SERVICE").violation()])
    ny = replace(
        fravaer,
        slutdato=slutdato if slutdato is not None else fravaer.slutdato,
        kommentar=kommentar if kommentar is not None else fravaer.kommentar,
        afslutningsaarsag=afslutningsaarsag if afslutningsaarsag is not None else fravaer.afslutningsaarsag,
    )
    raise_if(engine.check_aendring(_forslag(ny), situation(k, cpr, ny.startdato, uden=ny.identifier), FELTER))
    kvittering = k.kvittering()
    k.repo.save_fravaer(replace(ny, registreret=kvittering.event_date))
    return kvittering


def delete(k: Kontekst, cpr: str, identifier: str, berigtigelseskommentar: str) -> Kvittering:
    """A correction ("berigtigelse"): the absence is kept, marked deleted, with the comment."""
    require_borger(k, cpr)
    fravaer = eget(k, cpr, identifier)
    kvittering = k.kvittering()
    k.repo.save_fravaer(replace(fravaer, slettet=True, berigtigelseskommentar=berigtigelseskommentar, registreret=kvittering.event_date))
    return kvittering


def get(k: Kontekst, cpr: str, identifier: str) -> Fravaer:
    require_borger(k, cpr, for_write=False)
    return eget(k, cpr, identifier, slettet_ok=True)


def alle(k: Kontekst, cpr: str) -> list[Fravaer]:
    require_borger(k, cpr, for_write=False)
    return k.repo.fravaer(cpr)


def fritagelser(k: Kontekst, cpr: str, dato: date) -> Fritagelser:
    """Every duty the citizen is exempt from on `dato`, and the absences causing each.

    The row is the one for the citizen's contact group on `dato`; where the group has changed to one
    the type has no row for, the row the registration was judged against still applies (it survives
    the change, as 002 l. 878-886 says of Sorgorlov).
    """
    require_borger(k, cpr, for_write=False)
    kontaktgruppe, personkategori = situation_on(k, cpr, dato)
    pligter = _pligter_paa(k.repo.fravaer(cpr), kontaktgruppe, personkategori, dato)
    return Fritagelser(dato, tilmeldt_on(k.repo.tilmeldinger(cpr), dato), kontaktgruppe, personkategori, pligter)


def _pligter_paa(alle: list[Fravaer], kontaktgruppe: int | None, personkategori: str | None, dato: date) -> dict[str, list[Aarsag]]:
    pligter: dict[str, list[Aarsag]] = {}
    for fravaer in alle:
        if fravaer.slettet or fravaer.startdato > dato or (fravaer.slutdato is not None and fravaer.slutdato < dato):
            continue
        fravaertype = fravaertyper()[fravaer.fravaer_type]
        raekke = raekke_paa(fravaer, kontaktgruppe, personkategori)
        if raekke is None:
            continue
        for tekst in raekke.fritager_for:
            for pligt in pligter_for_tekst()[tekst]:
                pligter.setdefault(pligt.navn, []).append(
                    Aarsag(fravaer, fravaertype.navn, tekst, raekke.kilde, raekke.hjemmel, raekke.afmeldes, raekke.afmeldes_note)
                )
    return pligter
