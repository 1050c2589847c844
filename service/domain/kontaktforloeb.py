"""The contact course a citizen is owed (sources 001, 004, 000): requirements, deadlines and their status,
and the measurement across a municipality's or jobcentre's citizens."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from service.domain.borger import kontaktgruppe_on, require_borger
from service.domain.caller import organisationstyper
from service.domain.context import Kontekst
from service.domain.fravaer import SYGEMELDING, fritagne_dage
from service.domain.model import Kontaktgruppe, Samtale
from service.rules.catalogue import regel
from service.rules.kontaktforloeb import Krav, Ydelse, indstillinger, krav, krav_for, samtaletyper, ydelse_for
from service.rules.periode import Periode
from service.rules.violation import Afvisning

OPFYLDT, KOMMENDE, OVERSKREDET, FRITAGET = "opfyldt", "kommende", "overskredet", "fritaget"


@dataclass(frozen=True)
class Forloeb:
    """A benefit course: a run of contact groups with the same benefit (001 l. 44-47)."""

    ydelse: Ydelse
    start: date
    kontaktgruppe: int
    foerste_sygedag: date | None


@dataclass
class KravStatus:
    krav: Krav
    status: str
    frist: date | None = None
    oprindelig_frist: date | None = None
    fritagne_dage: int = 0
    samtaler: list[Samtale] = field(default_factory=list)


@dataclass
class Kontaktforloeb:
    dato: date
    forloeb: Forloeb | None
    krav: list[KravStatus]
    efter_behov: bool
    fritaget: bool

    @property
    def naeste_frist(self) -> date | None:
        return min((k.frist for k in self.krav if k.status in (KOMMENDE, FRITAGET) and k.frist), default=None)


def forloeb_paa(k: Kontekst, cpr: str, grupper: list[Kontaktgruppe], dato: date) -> Forloeb | None:
    kg = kontaktgruppe_on(grupper, dato)
    ydelse = ydelse_for(kg.kontaktgruppe_type) if kg else None
    if kg is None or ydelse is None:
        return None
    start = kg.startdato
    for tidligere in sorted((g for g in grupper if g.startdato < kg.startdato), key=lambda g: g.startdato, reverse=True):
        # The course goes back through groups of the same benefit that end the day before (or later).
        if ydelse_for(tidligere.kontaktgruppe_type) != ydelse or tidligere.slutdato is None or tidligere.slutdato < start - timedelta(days=1):
            break
        start = tidligere.startdato
    return Forloeb(ydelse, start, kg.kontaktgruppe_type, _foerste_sygedag(k, cpr, start) if "foerste_sygedag" in
                   {kr.anker for kr in krav_for(ydelse.noegle)} else None)


def _foerste_sygedag(k: Kontekst, cpr: str, start: date) -> date:
    """The first day of the sick notice open at the course start, else of the first one after it, else the start."""
    syge = [f for f in k.repo.fravaer(cpr) if f.fravaer_type == SYGEMELDING and not f.slettet]
    aaben = [f.startdato for f in syge if f.startdato <= start and (f.slutdato is None or f.slutdato >= start)]
    senere = [f.startdato for f in syge if f.startdato > start]
    return min(aaben) if aaben else min(senere, default=start)


def kontaktforloeb(k: Kontekst, cpr: str, dato: date) -> Kontaktforloeb:
    require_borger(k, cpr, for_write=False)
    forloeb = forloeb_paa(k, cpr, k.repo.kontaktgrupper(cpr), dato)
    pligt = indstillinger()["fritagelse_pligt"]
    fritaget_i_dag = bool(fritagne_dage(k, cpr, pligt, dato, dato))
    if forloeb is None:
        return Kontaktforloeb(dato, None, [], False, fritaget_i_dag)
    samtaler = [m for m in k.repo.samtaler(cpr) if not m.slettet and forloeb.start <= m.afholdt.date() <= dato]
    status = [_status(k, cpr, kr, forloeb, samtaler, dato, pligt, fritaget_i_dag) for kr in krav_for(forloeb.ydelse.noegle)]
    efter_behov = dato > Periode.parse("6 mdr").after(forloeb.start) - timedelta(days=1)
    return Kontaktforloeb(dato, forloeb, status, efter_behov, fritaget_i_dag)


def _anker(kr: Krav, forloeb: Forloeb) -> date:
    return forloeb.foerste_sygedag if kr.anker == "foerste_sygedag" and forloeb.foerste_sygedag else forloeb.start


def _udvidet_frist(k: Kontekst, cpr: str, anker: date, frist: date, pligt: str) -> tuple[date, int]:
    """Move the deadline by the exempt days inside the window, until the window holds them all."""
    dage = fritagne_dage(k, cpr, pligt, anker, frist)
    while True:
        ny = frist + timedelta(days=len(dage))
        flere = fritagne_dage(k, cpr, pligt, anker, ny)
        if len(flere) == len(dage):
            return ny, len(dage)
        dage = flere


def taellende(samtaler: list[Samtale], ydelse: str) -> list[Samtale]:
    """The conversations that count toward the course (the named switch decides dagpenge's joint ones)."""
    typer = samtaletyper("taeller")
    s = indstillinger()
    if ydelse in s["faellessamtaler_ydelser"] and not s["faellessamtaler_taeller_med_i_de_4"]:
        typer = typer - samtaletyper("faellessamtale")
    return sorted((m for m in samtaler if m.samtale_type in typer), key=lambda m: m.afholdt)


def _status(k: Kontekst, cpr: str, kr: Krav, forloeb: Forloeb, samtaler: list[Samtale], dato: date, pligt: str,
            fritaget_i_dag: bool) -> KravStatus:
    if kr.art == "efter_cv":
        return _efter_cv(kr, forloeb, samtaler)
    anker = _anker(kr, forloeb)
    oprindelig = kr.frist_fra(anker)
    assert oprindelig is not None
    # Only exemptions inside the course suspend it (the first sick day may lie before the course started).
    frist, fritagne = _udvidet_frist(k, cpr, max(anker, forloeb.start), oprindelig, pligt)
    kandidater = ([m for m in samtaler if m.samtale_type in samtaletyper("faellessamtale")] if kr.art == "faelles"
                  else taellende(samtaler, forloeb.ydelse.noegle))
    inden = [m for m in kandidater if anker <= m.afholdt.date() <= frist]
    if len(inden) >= kr.antal:
        status = OPFYLDT
    elif frist < dato:
        status = OVERSKREDET
    else:
        status = FRITAGET if fritaget_i_dag else KOMMENDE
    return KravStatus(kr, status, frist, oprindelig, fritagne, inden[:kr.antal])


def _efter_cv(kr: Krav, forloeb: Forloeb, samtaler: list[Samtale]) -> KravStatus:
    foerste = next(iter(taellende(samtaler, forloeb.ydelse.noegle)), None)
    if foerste is None:
        return KravStatus(kr, KOMMENDE)
    cv = [m for m in samtaler if m.samtale_type in samtaletyper("cv_samtale") and m.afholdt < foerste.afholdt]
    return KravStatus(kr, OPFYLDT, samtaler=[cv[0], foerste]) if cv else KravStatus(kr, OVERSKREDET, samtaler=[foerste])


@dataclass
class Maalgruppe:
    ydelse: Ydelse
    borgere: int = 0
    opfyldt: int = 0
    udeladt: int = 0
    samtaler: int = 0

    @property
    def andel(self) -> float:
        return self.opfyldt / self.borgere if self.borgere else 0.0

    @property
    def gennemsnit(self) -> float:
        return self.samtaler / self.borgere if self.borgere else 0.0


def opfoelgningsstatus(k: Kontekst, kommunekode: str | None, jobcenterkode: str | None, dato: date) -> list[Maalgruppe]:
    """004's measurement for the simplified rules: per benefit, the citizens whose course has lasted 6 to 9
    months on `dato`, how many had 4 conversations in its first 6 months, the share and the average;
    citizens exempt from the course at least 50 % of those 6 months are left out (002 l. 914-921)."""
    _check_enhed(k, kommunekode, jobcenterkode)
    s = indstillinger()
    fire = next(kr for kr in krav() if kr.id == s["maaling_krav"])
    grupper: dict[str, Maalgruppe] = {}
    for borger in k.repo.borgere(kommunekode, jobcenterkode):
        forloeb = forloeb_paa(k, borger.cpr, k.repo.kontaktgrupper(borger.cpr), dato)
        if forloeb is None or forloeb.ydelse.noegle not in fire.ydelser or not (Periode.parse(s["maalevindue_fra"]).after(forloeb.start) <= dato
                                   < Periode.parse(s["maalevindue_til"]).after(forloeb.start)):
            continue
        gruppe = grupper.setdefault(forloeb.ydelse.noegle, Maalgruppe(forloeb.ydelse))
        slut = fire.frist_fra(forloeb.start)
        assert slut is not None
        fritagne = fritagne_dage(k, borger.cpr, s["fritagelse_pligt"], forloeb.start, slut)
        if len(fritagne) >= s["udeladt_ved_fritagelse_andel"] * ((slut - forloeb.start).days + 1):
            gruppe.udeladt += 1
            continue
        held = [m for m in taellende([m for m in k.repo.samtaler(borger.cpr) if not m.slettet], forloeb.ydelse.noegle)
                if forloeb.start <= m.afholdt.date() <= slut]
        gruppe.borgere += 1
        gruppe.samtaler += len(held)
        gruppe.opfyldt += len(held) >= fire.antal
    return sorted(grupper.values(), key=lambda g: g.ydelse.noegle)


def _check_enhed(k: Kontekst, kommunekode: str | None, jobcenterkode: str | None) -> None:
    """The caller measures its own municipality or jobcentre (STAR: any); exactly one of the two is given."""
    assert k.caller is not None
    if (kommunekode is None) == (jobcenterkode is None):
        raise Afvisning([regel("OPFOELGNING_ENHED").violation()])
    scope = organisationstyper()[k.caller.organisation_type]["adgang"]
    egen = {"kommune": kommunekode, "jobcenter": jobcenterkode}
    if scope != "alle" and (scope not in egen or egen[str(scope)] != k.caller.organisation_code):
        enhed = f"kommune {kommunekode}" if kommunekode else f"jobcenter {jobcenterkode}"
        raise Afvisning([regel("ADGANG").violation(organisation=k.caller.organisation, grund=f"målingen gælder {enhed}")])
