"""The contact course a citizen is owed (sources 001, 004, 000): requirements, deadlines and their status,
and the measurement across a municipality's or jobcentre's citizens."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property

from service.domain.borger import kontaktgruppe_on, require_borger
from service.domain.caller import organisationstyper
from service.domain.context import Kontekst
from service.domain.fravaer import SYGEMELDING
from service.domain.fritagelsesperioder import (
    Fritagelsesperioder,
    FritagendeFravaer,
    Gruppeafsnit,
    fritagelsesperioder,
    gruppeafsnit,
)
from service.domain.model import AfholdtSamtale, Fravaersperiode, Kontaktgruppe, Samtale
from service.rules.catalogue import regel
from service.rules.kontaktforloeb import Krav, Ydelse, indstillinger, krav, krav_for, samtaletyper, ydelse_for
from service.rules.periode import Periode
from service.rules.violation import Afvisning

OPFYLDT, KOMMENDE, OVERSKREDET, FRITAGET = "opfyldt", "kommende", "overskredet", "fritaget"
# A held conversation, in full (one citizen) or as the measurement loads it (type and time).
Held = Samtale | AfholdtSamtale


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
    samtaler: list[Held] = field(default_factory=list)
    fritagende: tuple[FritagendeFravaer, ...] = ()


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


@dataclass(frozen=True)
class Historik:
    """What the contact course of one citizen is computed from, loaded once (store's set-based reads)."""

    kontaktgrupper: list[Kontaktgruppe]
    fravaer: list[Fravaersperiode]
    samtaler: list[Held]

    @cached_property
    def afsnit(self) -> list[Gruppeafsnit]:
        return gruppeafsnit(self.kontaktgrupper)

    @cached_property
    def fritagelser(self) -> Fritagelsesperioder:
        """The periods exempt from the duty that suspends the course (table setting `fritagelse_pligt`)."""
        if not self.fravaer:
            return Fritagelsesperioder([])
        return fritagelsesperioder(indstillinger()["fritagelse_pligt"], self.fravaer, self.afsnit)


def forloeb_paa(h: Historik, dato: date) -> Forloeb | None:
    grupper = h.kontaktgrupper
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
    return Forloeb(ydelse, start, kg.kontaktgruppe_type, _foerste_sygedag(h, start) if "foerste_sygedag" in
                   {kr.anker for kr in krav_for(ydelse.noegle)} else None)


def _foerste_sygedag(h: Historik, start: date) -> date:
    """The first day of the sick notice open at the course start, else of the first one after it, else the start."""
    syge = [f for f in h.fravaer if f.fravaer_type == SYGEMELDING and not f.slettet]
    aaben = [f.startdato for f in syge if f.startdato <= start and (f.slutdato is None or f.slutdato >= start)]
    senere = [f.startdato for f in syge if f.startdato > start]
    return min(aaben) if aaben else min(senere, default=start)


def historik(k: Kontekst, cpr: str) -> Historik:
    """One citizen's history in three set-based reads."""
    return Historik(k.repo.kontaktgrupper_for(cpr=cpr).get(cpr, []), k.repo.fravaersperioder_for(cpr=cpr).get(cpr, []),
                    k.repo.samtaler_for(cpr))


def kontaktforloeb(k: Kontekst, cpr: str, dato: date) -> Kontaktforloeb:
    require_borger(k, cpr, for_write=False)
    return beregn(historik(k, cpr), dato)


def beregn(h: Historik, dato: date) -> Kontaktforloeb:
    """The course on `dato` from the citizen's history (no store access: linear in the history's size)."""
    forloeb = forloeb_paa(h, dato)
    fritaget_i_dag = h.fritagelser.fritaget_paa(dato)
    if forloeb is None:
        return Kontaktforloeb(dato, None, [], False, fritaget_i_dag)
    samtaler = [m for m in h.samtaler if not m.slettet and forloeb.start <= m.afholdt.date() <= dato]
    status = [_status(h, kr, forloeb, samtaler, dato, fritaget_i_dag) for kr in krav_for(forloeb.ydelse.noegle)]
    seks = Periode.parse("6 mdr").after_or_none(forloeb.start)
    efter_behov = seks is not None and dato >= seks
    return Kontaktforloeb(dato, forloeb, status, efter_behov, fritaget_i_dag)


def _anker(kr: Krav, forloeb: Forloeb) -> date:
    return forloeb.foerste_sygedag if kr.anker == "foerste_sygedag" and forloeb.foerste_sygedag else forloeb.start


def taellende(samtaler: list[Held], ydelse: str) -> list[Held]:
    """The conversations that count toward the course (the named switch decides dagpenge's joint ones)."""
    typer = samtaletyper("taeller")
    s = indstillinger()
    if ydelse in s["faellessamtaler_ydelser"] and not s["faellessamtaler_taeller_med_i_de_4"]:
        typer = typer - samtaletyper("faellessamtale")
    return sorted((m for m in samtaler if m.samtale_type in typer), key=lambda m: m.afholdt)


def _status(h: Historik, kr: Krav, forloeb: Forloeb, samtaler: list[Held], dato: date, fritaget_i_dag: bool) -> KravStatus:
    if kr.art == "efter_cv":
        return _efter_cv(kr, forloeb, samtaler)
    anker = _anker(kr, forloeb)
    oprindelig = kr.frist_fra(anker)
    if oprindelig is None:  # beyond the calendar: nothing can be late yet
        return KravStatus(kr, FRITAGET if fritaget_i_dag else KOMMENDE)
    # Every exempt day inside the course moves the deadline one day (the first sick day may lie before the
    # course started; only exemptions from the course start on count).
    flytning = h.fritagelser.flyt_frist(max(anker, forloeb.start), oprindelig, dato)
    frist = flytning.frist
    kandidater = ([m for m in samtaler if m.samtale_type in samtaletyper("faellessamtale")] if kr.art == "faelles"
                  else taellende(samtaler, forloeb.ydelse.noegle))
    inden = [m for m in kandidater if anker <= m.afholdt.date() and (frist is None or m.afholdt.date() <= frist)]
    if len(inden) >= kr.antal:
        status = OPFYLDT
    elif frist is not None and frist < dato:
        status = OVERSKREDET
    else:
        status = FRITAGET if fritaget_i_dag or frist is None else KOMMENDE
    return KravStatus(kr, status, frist, oprindelig, flytning.fritagne_dage, inden[:kr.antal], flytning.fravaer)


def _efter_cv(kr: Krav, forloeb: Forloeb, samtaler: list[Held]) -> KravStatus:
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
    citizens exempt from the course at least 50 % of those 6 months are left out (002 l. 914-921).

    The unit's data comes in a few set-based reads, bounded to what can matter: a measured course started
    at most 9 months before `dato`, so older groups, absences and conversations are not loaded."""
    _check_enhed(k, kommunekode, jobcenterkode)
    s = indstillinger()
    fire = next(kr for kr in krav() if kr.id == s["maaling_krav"])
    fra, til = Periode.parse(s["maalevindue_fra"]), Periode.parse(s["maalevindue_til"])
    # A few days of margin: month arithmetic is not exactly invertible at month ends.
    try:
        tidligst = til.before(dato) - timedelta(days=7)
    except (OverflowError, ValueError):
        tidligst = date.min
    # Candidates: a group covering `dato` that started within the window (a course is never younger than its
    # current group), so the rest of the unit is never loaded.
    enhed = {"kommunekode": kommunekode, "jobcenterkode": jobcenterkode, "gruppe_paa": dato, "gruppe_startet_fra": tidligst}
    grupper = k.repo.kontaktgrupper_for(**enhed, fra=tidligst, til=dato)
    fravaer = k.repo.fravaersperioder_for(**enhed, fra=tidligst, til=dato)
    samtaler = k.repo.afholdte_samtaler_for(**enhed, fra=tidligst, til=dato, typer=samtaletyper("taeller"))
    resultat: dict[str, Maalgruppe] = {}
    for cpr, kg in grupper.items():
        h = Historik(kg, fravaer.get(cpr, []), samtaler.get(cpr, []))
        forloeb = forloeb_paa(h, dato)
        if forloeb is None or forloeb.ydelse.noegle not in fire.ydelser:
            continue
        vindue_fra, vindue_til = fra.after_or_none(forloeb.start), til.after_or_none(forloeb.start)
        if vindue_fra is None or vindue_til is None or not (vindue_fra <= dato < vindue_til):
            continue
        gruppe = resultat.setdefault(forloeb.ydelse.noegle, Maalgruppe(forloeb.ydelse))
        slut = fire.frist_fra(forloeb.start)
        assert slut is not None
        if h.fritagelser.antal_dage(forloeb.start, slut) >= s["udeladt_ved_fritagelse_andel"] * ((slut - forloeb.start).days + 1):
            gruppe.udeladt += 1
            continue
        held = [m for m in taellende(h.samtaler, forloeb.ydelse.noegle) if forloeb.start <= m.afholdt.date() <= slut]
        gruppe.borgere += 1
        gruppe.samtaler += len(held)
        gruppe.opfyldt += len(held) >= fire.antal
    return sorted(resultat.values(), key=lambda g: g.ydelse.noegle)


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
