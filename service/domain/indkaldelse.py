"""Invitations (indkaldelser) with the fields of 003 §§ 20-21; moving and cancelling keep every version."""

from __future__ import annotations

from dataclasses import replace

from service.domain.borger import require_borger
from service.domain.context import Kontekst
from service.domain.model import Indkaldelse, Indkaldelsesdata, Indkaldelsesversion, Kvittering
from service.domain.samtale import paa_dagen
from service.rules.catalogue import regel
from service.rules.registreringspligter import JOBCENTER, liste_for, mangler
from service.rules.samtale import check_kode, check_lovlig
from service.rules.samtaler import akassedeltagelse_typer, samtaletyper
from service.rules.violation import Afvisning, Violation, raise_if

OPRETTET, FLYTTET, AENDRET, AFLYST = "Oprettet", "Flyttet", "Ændret", "Aflyst"


def _vaerdier(d: Indkaldelsesdata) -> dict[str, object]:
    """The invitation's elements by the paths registreringspligter.toml names."""
    return {"Indkaldelse/Sluttidspunkt": d.slut, "Indkaldelse/Samtaleform": d.samtaleform, "Indkaldelse/Sted": d.sted,
            "Indkaldelse/Kontaktmuligheder": d.kontaktmuligheder, "Indkaldelse/Titel": d.titel, "Indkaldelse/Beskrivelse": d.beskrivelse,
            "Indkaldelse/Adresse": d.adresse, "Indkaldelse/Telefonnummer": d.telefonnummer, "Indkaldelse/BorgerRingerOp": d.borger_ringer_op,
            "Indkaldelse/AkasseDeltagelsesstatus": d.akasse_deltagelse}


def check(k: Kontekst, cpr: str, d: Indkaldelsesdata) -> list[Violation]:
    """The rules every invitation meets, and the items of the reporter's own list: the jobcentre's (003 §§ 20-21)
    or the a-kasse's (§ 60), never the other's."""
    assert k.caller is not None
    liste = liste_for(k.caller.rolle, "indkaldelse", d.samtale_type)
    kontaktgruppe, syg = paa_dagen(k, cpr, d.start.date())
    violations = check_lovlig(d.samtale_type, d.start.date(), kontaktgruppe, syg, "Indkaldelse/SamtaleType")
    violations += check_kode("samtaleform", d.samtaleform, "Indkaldelse/Samtaleform")
    violations += check_kode("akassedeltagelse", d.akasse_deltagelse, "Indkaldelse/AkasseDeltagelsesstatus")
    now = k.now()
    tider = [("Indkaldelse/Starttidspunkt", "Indkaldelse/Sluttidspunkt", d.start, d.slut)]
    tider += [(f"Indkaldelse/AlternativtTidspunkt[{i}]/Starttidspunkt", f"Indkaldelse/AlternativtTidspunkt[{i}]/Sluttidspunkt",
               t.start, t.slut) for i, t in enumerate(d.alternative_tidspunkter, 1)]
    for start_felt, slut_felt, start, slut in tider:
        if start < now:
            violations.append(regel("INDKALDELSE_FORTID").violation(felt=start_felt, tidspunkt=start.isoformat(), nu=now.isoformat()))
        if slut is not None and slut <= start:
            violations.append(regel("INDKALDELSE_SLUT_FOER_START").violation(felt=slut_felt, start=start.isoformat(), slut=slut.isoformat()))
    violations += mangler(liste, "indkaldelse", d.samtale_type, d.samtaleform, _vaerdier(d))
    # 003 § 21 stk. 2: jobsamtaler with the a-kasse taking part "som jobcentret har indkaldt til".
    if liste == JOBCENTER and d.samtale_type in akassedeltagelse_typer():
        navn = samtaletyper()[d.samtale_type].navn
        if d.selvbooking_mulig:
            violations.append(regel("INDKALDELSE_AKASSE_SELVBOOKING").violation(felt="Indkaldelse/SelvbookingMulig", navn=navn, type=d.samtale_type))
        if d.alternative_tidspunkter:
            violations.append(regel("INDKALDELSE_AKASSE_SELVBOOKING").violation(felt="Indkaldelse/AlternativtTidspunkt", navn=navn, type=d.samtale_type))
    if (d.ombookingsfrist or d.selvbookingsfrist) and not d.selvbooking_mulig:
        violations.append(regel("INDKALDELSE_FRIST_UDEN_SELVBOOKING").violation())
    return violations


def _med_indberetter(k: Kontekst, data: Indkaldelsesdata) -> Indkaldelsesdata:
    """The version with the reporting organisation (003 § 60 nr. 5: the a-kasse's code) from ActiveOrganisationHeader."""
    assert k.caller is not None
    return replace(data, indberetter=(k.caller.organisation_type, k.caller.organisation_code))


def create(k: Kontekst, cpr: str, data: Indkaldelsesdata, supplied: str | None) -> tuple[str, Kvittering]:
    require_borger(k, cpr)
    raise_if(check(k, cpr, data))
    identifier = k.new_identifier(supplied, "Indkaldelse/IndkaldelseIdentifier")
    kvittering = k.kvittering()
    k.repo.add_indkaldelsesversion(cpr, identifier, False, Indkaldelsesversion(1, OPRETTET, _med_indberetter(k, data), kvittering.event_date))
    return identifier, kvittering


def _aktiv(k: Kontekst, cpr: str, identifier: str) -> Indkaldelse:
    indkaldelse = k.repo.get_indkaldelse(identifier.lower())
    if indkaldelse is None or indkaldelse.cpr != cpr:
        raise Afvisning([regel("INDKALDELSE_UKENDT").violation(identifier=identifier)])
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
    k.repo.add_indkaldelsesversion(cpr, indkaldelse.identifier, False, Indkaldelsesversion(
        len(indkaldelse.historik) + 1, aendring, _med_indberetter(k, data), kvittering.event_date, begrundelse))
    return kvittering


def aflys(k: Kontekst, cpr: str, identifier: str, begrundelse: str | None) -> Kvittering:
    require_borger(k, cpr)
    indkaldelse = _aktiv(k, cpr, identifier)
    kvittering = k.kvittering()
    k.repo.add_indkaldelsesversion(cpr, indkaldelse.identifier, True, Indkaldelsesversion(
        len(indkaldelse.historik) + 1, AFLYST, _med_indberetter(k, indkaldelse.data), kvittering.event_date, begrundelse))
    return kvittering


def list_for(k: Kontekst, cpr: str) -> list[Indkaldelse]:
    require_borger(k, cpr, for_write=False)
    return k.repo.indkaldelser(cpr)
