"""Held conversations (samtaler): legal per contact group and health status (000), 7 days back (003 § 25),
no duplicates, DFDG's resetting-conversation order, a linked invitation, a changed subgroup, and the items of the
reporter's list (003 § 25 jobcentre, § 30 municipality's CV conversations, § 63 a-kasse)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from service.domain.borger import kontaktgruppe_on, require_borger, situation_on
from service.domain.context import Kontekst
from service.domain.fravaer import SYGEMELDING
from service.domain.kontaktgruppe import set_personkategori
from service.domain.model import Deltager, Kontaktgruppe, Kvittering, Samtale
from service.rules.catalogue import regel
from service.rules.kontaktgruppe import check_personkategori
from service.rules.registreringspligter import AKASSE, liste_for, mangler
from service.rules.samtaler import Legalitet, kodeliste, legalitet, samtaletyper
from service.rules.violation import Afvisning, Violation, raise_if

# 003 § 25 stk. 2: "Samtalen kan højst registreres og indberettes 7 dage tilbage i tid."
DAGE_TILBAGE = 7


@dataclass(frozen=True)
class NySamtale:
    samtale_type: int
    afholdt: datetime
    samtaleform: int
    deltagere: tuple[Deltager, ...] = ()
    indkaldelse_identifier: str | None = None
    aftale: str | None = None
    akasse_deltagelse: int | None = None
    personkategori: int | None = None
    identifier: str | None = None
    # 003 § 30 stk. 1 nr. 5-6 and stk. 2, § 63 stk. 1 nr. 6-8, § 25 stk. 1 nr. 5 ("eventuel særlig indsats").
    cv_godkendelse: int | None = None
    konklusion: str | None = None
    aftaler: str | None = None
    saerlig_indsats: str | None = None


def syg_paa(k: Kontekst, cpr: str, dag: date) -> bool:
    """Sick: an open, not deleted "Sygdom – sygemelding" covering the day (000 l. 77-85)."""
    return any(f.fravaer_type == SYGEMELDING and not f.slettet and f.startdato <= dag and (f.slutdato is None or dag <= f.slutdato)
               for f in k.repo.fravaer(cpr))


def check_lovlig(k: Kontekst, cpr: str, samtale_type: int, dag: date, felt: str) -> tuple[list[Violation], Legalitet | None]:
    """The type is known and legal for the citizen's group and health status on `dag`; and the row that says so
    (whether the type resets, and whether only the a-kasse may register it)."""
    if samtale_type not in samtaletyper():
        return [regel("SAMTALE_TYPE_UKENDT").violation(felt=felt, type=samtale_type)], None
    kontaktgruppe, _ = situation_on(k, cpr, dag)
    if kontaktgruppe is None:
        return [regel("SAMTALE_KONTAKTGRUPPE_MANGLER").violation(felt=felt, dato=dag)], None
    syg = syg_paa(k, cpr, dag)
    row = legalitet(kontaktgruppe, syg)
    if row is None or samtale_type not in row.samtaletyper:
        lovlige = ", ".join(f"{t} {samtaletyper()[t].navn}" for t in sorted(row.samtaletyper)) if row else "ingen"
        return [regel("SAMTALE_IKKE_LOVLIG").violation(
            kilde=row.kilde if row else "000", felt=felt, navn=samtaletyper()[samtale_type].navn, type=samtale_type,
            kontaktgruppe=kontaktgruppe, status="syg" if syg else "rask", dato=dag, lovlige=lovlige)], None
    return [], row


def check_kode(liste: str, kode: int | None, felt: str) -> list[Violation]:
    if kode is None or kode in kodeliste(liste):
        return []
    return [regel("KODE_UKENDT").violation(felt=felt, liste=liste, kode=kode)]


def create(k: Kontekst, cpr: str, ny: NySamtale) -> tuple[str, Kvittering]:
    require_borger(k, cpr)
    assert k.caller is not None
    now, dag = k.now(), ny.afholdt.date()
    violations, row = check_lovlig(k, cpr, ny.samtale_type, dag, "Samtale/SamtaleType")
    nulstillende = row is not None and ny.samtale_type in row.nulstillende
    navn = samtaletyper()[ny.samtale_type].navn if ny.samtale_type in samtaletyper() else str(ny.samtale_type)
    # Only where the group's row says so (000's remark stands in KG 1's row alone; other groups' jobcentres
    # register the CV conversations they hold themselves, 003 §§ 28-29).
    if row is not None and ny.samtale_type in row.kun_akasse and k.caller.rolle != "akasse":
        violations.append(regel("SAMTALE_KUN_AKASSE").violation(
            kilde=row.kun_akasse_kilde, navn=navn, type=ny.samtale_type, kontaktgruppe=row.kontaktgruppe))
    violations += check_kode("samtaleform", ny.samtaleform, "Samtale/Samtaleform")
    violations += check_kode("akassedeltagelse", ny.akasse_deltagelse, "Samtale/AkasseDeltagelsesstatus")
    violations += check_kode("cvgodkendelsesstatus", ny.cv_godkendelse, "Samtale/CvGodkendelsesstatus")
    # The items of the reporter's own list: the jobcentre's (§ 25), the municipality's for its CV conversations
    # (§ 30) or the a-kasse's (§ 63).
    liste = liste_for(k.caller.rolle, "samtale", ny.samtale_type)
    violations += mangler(liste, "samtale", ny.samtale_type, ny.samtaleform, _vaerdier(ny), tuple(d.rolle for d in ny.deltagere),
                          "Samtale/")
    for i, d in enumerate(ny.deltagere, 1):
        violations += check_kode("deltagerrolle", d.rolle, f"Samtale/Deltager[{i}]/Rolle")
        violations += check_kode("deltagelsesform", d.deltagelsesform, f"Samtale/Deltager[{i}]/Deltagelsesform")
    if dag < k.today() - timedelta(days=DAGE_TILBAGE):
        violations.append(regel("SAMTALE_TILBAGE").violation(tidspunkt=ny.afholdt.isoformat(), dd=k.today()))
    if ny.afholdt > now:
        violations.append(regel("SAMTALE_FREMTID").violation(tidspunkt=ny.afholdt.isoformat(), nu=now.isoformat()))
    violations += _check_order(k.repo.samtaler(cpr), ny, nulstillende, navn)
    if ny.indkaldelse_identifier is not None:
        indkaldelse = k.repo.get_indkaldelse(ny.indkaldelse_identifier.lower())
        if indkaldelse is None or indkaldelse.cpr != cpr:
            violations.append(regel("SAMTALE_INDKALDELSE_UKENDT").violation(identifier=ny.indkaldelse_identifier))
    kg = kontaktgruppe_on(k.repo.kontaktgrupper(cpr), k.today())
    if ny.personkategori is not None:
        # The match or visitation group is the jobcentre's (003 § 23 stk. 1, § 25 nr. 8-9; not in § 63's list); it
        # takes effect from the registration date (§ 25 stk. 2), so the group open today must allow it.
        if liste == AKASSE:
            violations.append(regel("SAMTALE_PERSONKATEGORI_INDBERETTER").violation())
        elif kg is None:
            violations.append(regel("SAMTALE_PERSONKATEGORI_KONTAKTGRUPPE").violation(dd=k.today()))
        else:
            violations += check_personkategori(kg.kontaktgruppe_type, ny.personkategori)
    raise_if(violations)
    identifier = k.new_identifier(ny.identifier, "Samtale/SamtaleIdentifier")
    kvittering = k.kvittering()
    k.repo.save_samtale(Samtale(identifier, cpr, ny.samtale_type, ny.afholdt, ny.samtaleform, kvittering.event_date,
                                list(ny.deltagere), ny.indkaldelse_identifier, ny.aftale, ny.akasse_deltagelse, nulstillende,
                                cv_godkendelse=ny.cv_godkendelse, konklusion=ny.konklusion, aftaler=ny.aftaler,
                                saerlig_indsats=ny.saerlig_indsats,
                                indberetter=(k.caller.organisation_type, k.caller.organisation_code)))
    if ny.personkategori is not None and kg is not None and ny.personkategori != _gaeldende(kg, k.today()):
        # 003 § 25 stk. 1 nr. 8-9 and stk. 2: a changed visitation or match group takes effect from the registration
        # date; the same group as the one in force is no change ("hvis ... en anden ... end den senest registrerede").
        set_personkategori(k, kg, ny.personkategori)
    return identifier, kvittering


def _vaerdier(ny: NySamtale) -> dict[str, object]:
    """The conversation's elements by the paths registreringspligter.toml names."""
    return {"Samtale/AftaleOmDetVidereForloeb": ny.aftale, "Samtale/AkasseDeltagelsesstatus": ny.akasse_deltagelse,
            "Samtale/Konklusion": ny.konklusion, "Samtale/CvGodkendelsesstatus": ny.cv_godkendelse,
            "Samtale/AftalerPaaBaggrundAfSamtalen": ny.aftaler}


def _gaeldende(kg: Kontaktgruppe, dag: date) -> int | None:
    """The subgroup in force on `dag`."""
    return next((p.personkategori for p in kg.personkategorier
                 if p.startdato <= dag and (p.slutdato is None or dag <= p.slutdato)), None)


def _check_order(samtaler: list[Samtale], ny: NySamtale, nulstillende: bool, navn: str) -> list[Violation]:
    """No duplicate of type and time; nothing before the latest resetting conversation, and a resetting one
    strictly after it (dfdg-interfaces.md § 2.4)."""
    levende = [m for m in samtaler if not m.slettet]
    violations = []
    if any(m.samtale_type == ny.samtale_type and m.afholdt == ny.afholdt for m in levende):
        violations.append(regel("SAMTALE_DUBLET").violation(navn=navn, type=ny.samtale_type, tidspunkt=ny.afholdt.isoformat()))
    seneste = max((m.afholdt for m in levende if m.nulstillende), default=None)
    if seneste is not None:
        if nulstillende and ny.afholdt <= seneste:
            violations.append(regel("SAMTALE_NULSTILLENDE_SAMTIDIG").violation(tidspunkt=ny.afholdt.isoformat(), nulstillende=seneste.isoformat()))
        elif ny.afholdt < seneste:
            violations.append(regel("SAMTALE_FOER_NULSTILLENDE").violation(tidspunkt=ny.afholdt.isoformat(), nulstillende=seneste.isoformat()))
    return violations


def delete(k: Kontekst, cpr: str, identifier: str) -> Kvittering:
    require_borger(k, cpr)
    samtale = k.repo.get_samtale(identifier.lower())
    if samtale is None or samtale.cpr != cpr or samtale.slettet:
        raise Afvisning([regel("SAMTALE_UKENDT").violation(identifier=identifier)])
    kvittering = k.kvittering()
    k.repo.save_samtale(replace(samtale, slettet=True))
    return kvittering


def list_for(k: Kontekst, cpr: str) -> list[Samtale]:
    require_borger(k, cpr, for_write=False)
    return k.repo.samtaler(cpr)


