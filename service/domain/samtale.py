"""Held conversations (samtaler): this module gathers the situation (the citizen's group and health on the day, its
conversations, the linked invitation, the group open today) and writes; the rules are pure checks in
service/rules/samtale.py."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from service.domain.borger import kontaktgruppe_on, require_borger, situation_on
from service.domain.context import Kontekst
from service.domain.fravaer import SYGEMELDING
from service.domain.kontaktgruppe import set_personkategori
from service.domain.model import Deltager, Kontaktgruppe, Kvittering, Samtale
from service.rules import samtale as regler
from service.rules.catalogue import regel
from service.rules.violation import Afvisning, raise_if


@dataclass(frozen=True, kw_only=True)
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
    return any(
        f.fravaer_type == SYGEMELDING and not f.slettet and f.startdato <= dag and (f.slutdato is None or dag <= f.slutdato)
        for f in k.repo.fravaer(cpr)
    )


def paa_dagen(k: Kontekst, cpr: str, dag: date) -> tuple[int | None, bool]:
    """The citizen's contact group on `dag` and whether sick then: what legality is judged by (000)."""
    kontaktgruppe, _ = situation_on(k, cpr, dag)
    return kontaktgruppe, kontaktgruppe is not None and syg_paa(k, cpr, dag)


def create(k: Kontekst, cpr: str, ny: NySamtale) -> tuple[str, Kvittering]:
    require_borger(k, cpr)
    assert k.caller is not None
    dag = ny.afholdt.date()
    kontaktgruppe, syg = paa_dagen(k, cpr, dag)
    indkaldelse = k.repo.get_indkaldelse(ny.indkaldelse_identifier.lower()) if ny.indkaldelse_identifier is not None else None
    kg = kontaktgruppe_on(k.repo.kontaktgrupper(cpr), k.today())
    situation = regler.Situation(
        now=k.now(),
        today=k.today(),
        rolle=k.caller.rolle,
        kontaktgruppe=kontaktgruppe,
        syg=syg,
        samtaler=tuple(
            regler.TidligereSamtale(samtale_type=m.samtale_type, afholdt=m.afholdt, nulstillende=m.nulstillende)
            for m in k.repo.samtaler(cpr)
            if not m.slettet
        ),
        indkaldelse_kendt=indkaldelse is not None and indkaldelse.cpr == cpr,
        kontaktgruppe_i_dag=kg.kontaktgruppe_type if kg is not None else None,
    )
    raise_if(regler.check(_forslag(ny), situation))
    nulstillende = regler.nulstillende(ny.samtale_type, kontaktgruppe, syg)
    identifier = k.new_identifier(ny.identifier, "Samtale/SamtaleIdentifier")
    kvittering = k.kvittering()
    k.repo.save_samtale(
        Samtale(
            identifier=identifier,
            cpr=cpr,
            samtale_type=ny.samtale_type,
            afholdt=ny.afholdt,
            samtaleform=ny.samtaleform,
            registreret=kvittering.event_date,
            deltagere=list(ny.deltagere),
            indkaldelse_identifier=ny.indkaldelse_identifier,
            aftale=ny.aftale,
            akasse_deltagelse=ny.akasse_deltagelse,
            nulstillende=nulstillende,
            cv_godkendelse=ny.cv_godkendelse,
            konklusion=ny.konklusion,
            aftaler=ny.aftaler,
            saerlig_indsats=ny.saerlig_indsats,
            indberetter=(k.caller.organisation_type, k.caller.organisation_code),
        )
    )
    if ny.personkategori is not None and kg is not None and ny.personkategori != _gaeldende(kg, k.today()):
        # 003 § 25 stk. 1 nr. 8-9 and stk. 2: a changed visitation or match group takes effect from the registration
        # date; the same group as the one in force is no change ("hvis ... en anden ... end den senest registrerede").
        set_personkategori(k, kg, ny.personkategori)
    return identifier, kvittering


def _forslag(ny: NySamtale) -> regler.Forslag:
    return regler.Forslag(
        samtale_type=ny.samtale_type,
        afholdt=ny.afholdt,
        samtaleform=ny.samtaleform,
        akasse_deltagelse=ny.akasse_deltagelse,
        cv_godkendelse=ny.cv_godkendelse,
        personkategori=ny.personkategori,
        indkaldelse_identifier=ny.indkaldelse_identifier,
        deltagere=tuple(regler.Deltagelse(rolle=d.rolle, deltagelsesform=d.deltagelsesform) for d in ny.deltagere),
        vaerdier=_vaerdier(ny),
    )


def _vaerdier(ny: NySamtale) -> dict[str, object]:
    """The conversation's elements by the paths registreringspligter.toml names."""
    return {
        "Samtale/AftaleOmDetVidereForloeb": ny.aftale,
        "Samtale/AkasseDeltagelsesstatus": ny.akasse_deltagelse,
        "Samtale/Konklusion": ny.konklusion,
        "Samtale/CvGodkendelsesstatus": ny.cv_godkendelse,
        "Samtale/AftalerPaaBaggrundAfSamtalen": ny.aftaler,
    }


def _gaeldende(kg: Kontaktgruppe, dag: date) -> int | None:
    """The subgroup in force on `dag`."""
    return next((p.personkategori for p in kg.personkategorier if p.startdato <= dag and (p.slutdato is None or dag <= p.slutdato)), None)


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
