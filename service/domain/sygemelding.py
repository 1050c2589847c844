"""Sick notices (absence type 11) and the additional information on them (source 002, interface.md § 4). The rules are
pure checks in service/rules/sygemelding.py (and rules/engine.py for the notice itself); this module gathers and writes."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from service.domain.borger import require_borger, situation_on
from service.domain.context import Kontekst
from service.domain.fravaer import SYGEMELDING, NytFravaer, eget, opret
from service.domain.model import DelvisRaskmeldt, Fravaer, Kvittering, YderligereInformation
from service.rules import engine
from service.rules import sygemelding as regler
from service.rules.catalogue import regel
from service.rules.violation import Afvisning, Violation, raise_if

FELTER = engine.Felter(
    fravaer_type="Sygemelding",
    startdato="Sygemelding/Startdato",
    slutdato="Sygemelding/Slutdato",
    kommentar="Sygemelding/Kommentar",
)


@dataclass(frozen=True, kw_only=True)
class Oplysninger:
    """The facts of a YderligereInformationOmSygemelding (project-defined shape, interface.md § 4)."""

    delvis_raskmeldt: DelvisRaskmeldt | None
    forventet_raskmelding_inden_13_uger: bool | None
    kommentar: str | None


def create(k: Kontekst, cpr: str, ny: NytFravaer) -> tuple[str, Kvittering]:
    """Type 11 through the same path and rule table as every other absence."""
    return opret(k, cpr, replace(ny, fravaer_type=SYGEMELDING), FELTER)


def _sygemelding(k: Kontekst, cpr: str, identifier: str) -> Fravaer:
    sygemelding = eget(k, cpr, identifier)
    raise_if(regler.check_sygemelding(identifier, sygemelding.fravaer_type, SYGEMELDING))
    return sygemelding


def _open_sygemelding(k: Kontekst, cpr: str, identifier: str) -> Fravaer:
    fravaer = _sygemelding(k, cpr, identifier)
    raise_if(regler.check_aaben(identifier, fravaer.aaben, fravaer.slutdato))
    return fravaer


def raskmeld(k: Kontekst, cpr: str, identifier: str, slutdato: date, afslutningsaarsag: int | None) -> Kvittering:
    """Full recovery: `slutdato` is the last sick day (003 § 83 nr. 2); the notice is closed."""
    require_borger(k, cpr)
    fravaer = _open_sygemelding(k, cpr, identifier)
    raise_if(regler.check_raskmelding(slutdato, fravaer.startdato, k.today()))
    fravaer.slutdato, fravaer.afslutningsaarsag = slutdato, afslutningsaarsag
    k.repo.save_fravaer(fravaer)
    return k.kvittering()


def get(k: Kontekst, cpr: str, identifier: str) -> tuple[Fravaer, list[YderligereInformation]]:
    require_borger(k, cpr, for_write=False)
    fravaer = _sygemelding(k, cpr, identifier)
    return fravaer, [y for y in k.repo.yderligere_information(fravaer.identifier) if not y.slettet]


def _indberetter(k: Kontekst) -> tuple[str, str]:
    assert k.caller is not None
    return k.caller.rolle, k.caller.organisation


def _check_oplysninger(k: Kontekst, cpr: str, fravaer: Fravaer, o: Oplysninger) -> list[Violation]:
    """The situation the rules judge: the reporter, the citizen's group on the registration date (d.d.), the employer."""
    rolle, organisation = _indberetter(k)
    kontaktgruppe, _ = situation_on(k, cpr, k.today())
    d = o.delvis_raskmeldt
    forslag = regler.Oplysninger(
        delvis_raskmeldt=None if d is None else regler.DelvisRaskmelding(startdato=d.startdato, slutdato=d.slutdato),
        forventet_raskmelding_inden_13_uger=o.forventet_raskmelding_inden_13_uger,
    )
    return regler.check(
        forslag,
        regler.Situation(
            rolle=rolle, organisation=organisation, kontaktgruppe=kontaktgruppe, arbejdsgiver=fravaer.arbejdsgiver is not None
        ),
    )


def create_yderligere(k: Kontekst, cpr: str, fravaer_identifier: str, o: Oplysninger, supplied: str | None) -> tuple[str, Kvittering]:
    require_borger(k, cpr)
    fravaer = _open_sygemelding(k, cpr, fravaer_identifier)
    raise_if(_check_oplysninger(k, cpr, fravaer, o))
    identifier = k.new_identifier(supplied, "YderligereInformationOmSygemelding/YderligereInformationIdentifier")
    kvittering = k.kvittering()
    k.repo.save_yderligere_information(
        YderligereInformation(
            identifier=identifier,
            fravaer_identifier=fravaer.identifier,
            registreret=kvittering.event_date,
            delvis_raskmeldt=o.delvis_raskmeldt,
            forventet_raskmelding_inden_13_uger=o.forventet_raskmelding_inden_13_uger,
            kommentar=o.kommentar,
        )
    )
    return identifier, kvittering


def _yderligere(k: Kontekst, cpr: str, identifier: str) -> tuple[YderligereInformation, Fravaer]:
    y = k.repo.get_yderligere_information(identifier.lower())
    fravaer = k.repo.get_fravaer(y.fravaer_identifier) if y else None
    if y is None or y.slettet or fravaer is None or fravaer.cpr != cpr:
        raise Afvisning([regel("YDERLIGERE_UKENDT").violation(identifier=identifier)])
    return y, fravaer


def update_yderligere(k: Kontekst, cpr: str, identifier: str, o: Oplysninger) -> Kvittering:
    require_borger(k, cpr)
    y, fravaer = _yderligere(k, cpr, identifier)
    raise_if(regler.check_aaben(fravaer.identifier, fravaer.aaben, fravaer.slutdato))
    raise_if(_check_oplysninger(k, cpr, fravaer, o))
    kvittering = k.kvittering()
    y.delvis_raskmeldt, y.forventet_raskmelding_inden_13_uger = o.delvis_raskmeldt, o.forventet_raskmelding_inden_13_uger
    y.kommentar, y.registreret = o.kommentar, kvittering.event_date
    k.repo.save_yderligere_information(y)
    return kvittering


def delete_yderligere(k: Kontekst, cpr: str, identifier: str) -> Kvittering:
    require_borger(k, cpr)
    y, _ = _yderligere(k, cpr, identifier)
    raise_if(regler.check_indberetter(*_indberetter(k)))
    kvittering = k.kvittering()
    y.slettet, y.registreret = True, kvittering.event_date
    k.repo.save_yderligere_information(y)
    return kvittering
