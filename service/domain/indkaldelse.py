"""Invitations (indkaldelser) with the fields of 003 §§ 20-21; moving and cancelling keep every version. The rules are
pure checks in service/rules/indkaldelse.py; this module gathers the situation and writes."""

from __future__ import annotations

from dataclasses import replace

from service.domain.borger import require_borger
from service.domain.context import Kontekst
from service.domain.model import Indkaldelse, Indkaldelsesdata, Indkaldelsesversion, Kvittering
from service.domain.samtale import paa_dagen
from service.rules import indkaldelse as regler
from service.rules.catalogue import regel
from service.rules.violation import Afvisning, Violation, raise_if

OPRETTET, FLYTTET, AENDRET, AFLYST = "Oprettet", "Flyttet", "Ændret", "Aflyst"


def _vaerdier(d: Indkaldelsesdata) -> dict[str, object]:
    """The invitation's elements by the paths registreringspligter.toml names."""
    return {
        "Indkaldelse/Sluttidspunkt": d.slut,
        "Indkaldelse/Samtaleform": d.samtaleform,
        "Indkaldelse/Sted": d.sted,
        "Indkaldelse/Kontaktmuligheder": d.kontaktmuligheder,
        "Indkaldelse/Titel": d.titel,
        "Indkaldelse/Beskrivelse": d.beskrivelse,
        "Indkaldelse/Adresse": d.adresse,
        "Indkaldelse/Telefonnummer": d.telefonnummer,
        "Indkaldelse/BorgerRingerOp": d.borger_ringer_op,
        "Indkaldelse/AkasseDeltagelsesstatus": d.akasse_deltagelse,
    }


def check(k: Kontekst, cpr: str, d: Indkaldelsesdata) -> list[Violation]:
    """The situation the rules judge (the caller, the citizen's group and health on the conversation's day), then
    the pure check of service/rules/indkaldelse.py."""
    assert k.caller is not None
    kontaktgruppe, syg = paa_dagen(k, cpr, d.start.date())
    forslag = regler.Forslag(
        samtale_type=d.samtale_type,
        start=d.start,
        slut=d.slut,
        samtaleform=d.samtaleform,
        akasse_deltagelse=d.akasse_deltagelse,
        alternative_tidspunkter=tuple(regler.Tidspunkt(start=t.start, slut=t.slut) for t in d.alternative_tidspunkter),
        selvbooking_mulig=d.selvbooking_mulig,
        ombookingsfrist=d.ombookingsfrist,
        selvbookingsfrist=d.selvbookingsfrist,
        vaerdier=_vaerdier(d),
    )
    return regler.check(forslag, regler.Situation(now=k.now(), rolle=k.caller.rolle, kontaktgruppe=kontaktgruppe, syg=syg))


def _med_indberetter(k: Kontekst, data: Indkaldelsesdata) -> Indkaldelsesdata:
    """The version with the reporting organisation (003 § 60 nr. 5: the a-kasse's code) from ActiveOrganisationHeader."""
    assert k.caller is not None
    return replace(data, indberetter=(k.caller.organisation_type, k.caller.organisation_code))


def create(k: Kontekst, cpr: str, data: Indkaldelsesdata, supplied: str | None) -> tuple[str, Kvittering]:
    require_borger(k, cpr)
    raise_if(check(k, cpr, data))
    identifier = k.new_identifier(supplied, "Indkaldelse/IndkaldelseIdentifier")
    kvittering = k.kvittering()
    k.repo.add_indkaldelsesversion(
        cpr,
        identifier,
        False,
        Indkaldelsesversion(version=1, aendring=OPRETTET, data=_med_indberetter(k, data), registreret=kvittering.event_date),
    )
    return identifier, kvittering


def _eget(k: Kontekst, cpr: str, identifier: str) -> Indkaldelse:
    indkaldelse = k.repo.get_indkaldelse(identifier.lower())
    if indkaldelse is None or indkaldelse.cpr != cpr:
        raise Afvisning([regel("INDKALDELSE_UKENDT").violation(identifier=identifier)])
    return indkaldelse


def _aktiv(k: Kontekst, cpr: str, identifier: str) -> Indkaldelse:
    indkaldelse = _eget(k, cpr, identifier)
    if indkaldelse.aflyst:
        raise Afvisning([regel("INDKALDELSE_AFLYST").violation(identifier=identifier)])
    return indkaldelse


def update(k: Kontekst, cpr: str, identifier: str, data: Indkaldelsesdata, begrundelse: str | None) -> Kvittering:
    """Move or change: a new version, judged by the same rules; the old versions stay (003 § 20 stk. 3)."""
    require_borger(k, cpr)
    indkaldelse = _aktiv(k, cpr, identifier)
    raise_if(check(k, cpr, data))
    old = indkaldelse.data
    aendring = FLYTTET if (old.start, old.slut) != (data.start, data.slut) else AENDRET
    kvittering = k.kvittering()
    k.repo.add_indkaldelsesversion(
        cpr,
        indkaldelse.identifier,
        False,
        Indkaldelsesversion(
            version=len(indkaldelse.historik) + 1,
            aendring=aendring,
            data=_med_indberetter(k, data),
            registreret=kvittering.event_date,
            begrundelse=begrundelse,
        ),
    )
    return kvittering


def aflys(k: Kontekst, cpr: str, identifier: str, begrundelse: str | None) -> Kvittering:
    require_borger(k, cpr)
    indkaldelse = _aktiv(k, cpr, identifier)
    kvittering = k.kvittering()
    k.repo.add_indkaldelsesversion(
        cpr,
        indkaldelse.identifier,
        True,
        Indkaldelsesversion(
            version=len(indkaldelse.historik) + 1,
            aendring=AFLYST,
            data=_med_indberetter(k, indkaldelse.data),
            registreret=kvittering.event_date,
            begrundelse=begrundelse,
        ),
    )
    return kvittering


def get(k: Kontekst, cpr: str, identifier: str) -> Indkaldelse:
    """One invitation of the citizen with its history, a cancelled one too (DFDG's REST GetIndkaldelse and
    GetIndkaldelseshistorik, dfdg-interfaces.md § 1)."""
    require_borger(k, cpr, for_write=False)
    return _eget(k, cpr, identifier)


def list_for(k: Kontekst, cpr: str) -> list[Indkaldelse]:
    require_borger(k, cpr, for_write=False)
    return k.repo.indkaldelser(cpr)
