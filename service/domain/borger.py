"""The citizen: lookup with DFDG's CPR and access checks, and registration status over time."""

from __future__ import annotations

from datetime import date

from service.domain import cpr as cprs
from service.domain.caller import check_access
from service.domain.context import Kontekst
from service.domain.model import Borger, Kontaktgruppe, Tilmeldingshaendelse
from service.rules.catalogue import regel
from service.rules.fravaertyper import personkategori_noegle
from service.rules.violation import Afvisning, raise_if


def require_borger(k: Kontekst, cpr: str, for_write: bool = True) -> Borger:
    """The citizen the caller may act on: 1001 invalid, 1010 unknown, 4575 not the caller's.

    For a write the citizen is locked, so concurrent writes on one citizen take turns and every rule
    judged after this sees what the previous write committed (README, "Concurrency")."""
    raise_if(cprs.check(cpr, for_write))
    borger = k.repo.get_borger(cpr, lock=for_write)
    if borger is None:
        raise Afvisning([regel("CPR_UKENDT").violation(cpr=cpr)])
    if k.caller is not None:
        check_access(k.caller, borger)
    return borger


def tilmeldt_on(haendelser: list[Tilmeldingshaendelse], day: date) -> bool:
    """Registered as job seeker on `day`: the latest change on or before it decides."""
    current = [h for h in haendelser if h.fra <= day]
    return max(current, key=lambda h: h.fra).tilmeldt if current else False


def kontaktgruppe_on(kontaktgrupper: list[Kontaktgruppe], day: date) -> Kontaktgruppe | None:
    """The contact group on `day`; when two cover it (a change that day), the later one."""
    covering = [kg for kg in kontaktgrupper if kg.covers(day)]
    return covering[-1] if covering else None


def situation_on(k: Kontekst, cpr: str, day: date) -> tuple[int | None, str | None]:
    """The contact group and subgroup key (as the rule tables name it) on `day`."""
    kg = kontaktgruppe_on(k.repo.kontaktgrupper(cpr), day)
    if kg is None:
        return None, None
    return kg.kontaktgruppe_type, personkategori_noegle(kg.personkategori_on(day))
