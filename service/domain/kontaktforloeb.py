"""The contact course a citizen is owed (sources 001, 004, 000): requirements, deadlines and their status,
and the measurement across a municipality's or jobcentre's citizens. Every answer says why: the anchor of
each deadline, the absences that moved it, what is still owed, and, for an empty answer, the reason."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache, cached_property

from service.domain.borger import kontaktgruppe_on, require_borger
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
from service.rules.fravaertyper import fravaertyper, kontaktgruppetyper, personkategori_noegle
from service.rules.kontaktforloeb import Krav, Ydelse, indstillinger, krav, krav_for, samtalearter, ydelse_for, ydelser
from service.rules.organisationer import organisationstyper
from service.rules.periode import Periode
from service.rules.violation import Afvisning

OPFYLDT, KOMMENDE, OVERSKREDET, FRITAGET, FORKERT_RAEKKEFOELGE = ("opfyldt", "kommende", "overskredet", "fritaget", "forkert_raekkefoelge")
# Why there is no course on the date.
INGEN_KONTAKTGRUPPE, GRUPPE_UDEN_FORLOEB = "ingen_kontaktgruppe", "kontaktgruppe_uden_kontaktforloeb"
# Where a deadline counts from (the table's `anker`); a sick-benefit course with no sick notice counts from its start.
FORLOEBSSTART = "forloebsstart"
# A held conversation, in full (one citizen) or as the measurement loads it (type and time).
Held = Samtale | AfholdtSamtale


@dataclass(frozen=True)
class Forloeb:
    """A benefit course: a run of contact groups with the same benefit (001 l. 44-47)."""

    ydelse: Ydelse
    start: date
    kontaktgruppe: int
    foerste_sygedag: date | None
    personkategori: str | None = None  # the subgroup on the asked date


@dataclass(frozen=True)
class ForrigeForloeb:
    """The course a new one replaced: the benefit course that ran up to the day before it started."""

    ydelse: Ydelse
    start: date
    slut: date
    kontaktgruppe: int


@dataclass
class KravStatus:
    krav: Krav
    status: str
    anker: str
    ankerdato: date | None
    mangler: int
    frist: date | None = None
    oprindelig_frist: date | None = None
    fritagne_dage: int = 0
    samtaler: list[Held] = field(default_factory=list)
    fritagende: tuple[FritagendeFravaer, ...] = ()
    fritaget_til: date | None = None
    forklaring: str = ""

    @property
    def udestaaende(self) -> bool:
        """Still owed and still possible: not met, not overdue, not broken by the order."""
        return self.status in (KOMMENDE, FRITAGET)


@dataclass
class Kontaktforloeb:
    dato: date
    forloeb: Forloeb | None
    krav: list[KravStatus]
    efter_behov: bool
    fritaget: bool
    fritaget_til: date | None = None
    intet_forloeb: str | None = None
    forklaring: str = ""
    erstatter: ForrigeForloeb | None = None

    @property
    def naeste(self) -> KravStatus | None:
        """The owed requirement with the earliest deadline."""
        med_frist = [k for k in self.krav if k.udestaaende and k.frist]
        return min(med_frist, key=lambda k: (k.frist, k.krav.id)) if med_frist else None

    @property
    def naeste_frist(self) -> date | None:
        naeste = self.naeste
        return naeste.frist if naeste else None

    @property
    def udestaaende(self) -> list[KravStatus]:
        return [k for k in self.krav if k.udestaaende]


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
        return fritagelsesperioder(indstillinger().fritagelse_pligt, self.fravaer, self.afsnit)


@cache
def _sygedag_anker(ydelse: str) -> bool:
    return any(kr.anker == "foerste_sygedag" for kr in krav_for(ydelse))


def forloeb_paa(h: Historik, dato: date) -> Forloeb | None:
    grupper = h.kontaktgrupper
    kg = kontaktgruppe_on(grupper, dato)
    ydelse = ydelse_for(kg.kontaktgruppe_type) if kg else None
    if kg is None or ydelse is None:
        return None
    start = kg.startdato
    if len(grupper) > 1:
        for tidligere in sorted((g for g in grupper if g.startdato < kg.startdato), key=lambda g: g.startdato, reverse=True):
            # The course goes back through groups of the same benefit that end the day before (or later).
            if (
                ydelse_for(tidligere.kontaktgruppe_type) != ydelse
                or tidligere.slutdato is None
                or tidligere.slutdato < start - timedelta(days=1)
            ):
                break
            start = tidligere.startdato
    return Forloeb(
        ydelse,
        start,
        kg.kontaktgruppe_type,
        _foerste_sygedag(h, start) if _sygedag_anker(ydelse.noegle) else None,
        personkategori_noegle(kg.personkategori_on(dato)),
    )


def _foerste_sygedag(h: Historik, start: date) -> date | None:
    """The first day of the sick notice open at the course start, else of the first one after it (None: no sick notice)."""
    syge = [f for f in h.fravaer if f.fravaer_type == SYGEMELDING and not f.slettet]
    aaben = [f.startdato for f in syge if f.startdato <= start and (f.slutdato is None or f.slutdato >= start)]
    senere = [f.startdato for f in syge if f.startdato > start]
    return min(aaben) if aaben else min(senere, default=None)


def historik(k: Kontekst, cpr: str) -> Historik:
    """One citizen's history in three reads, the statements a write reads the citizen by (built once)."""
    return Historik(k.repo.kontaktgrupper(cpr), k.repo.fravaersperioder(cpr), list[Held](k.repo.samtaler(cpr)))


def kontaktforloeb(k: Kontekst, cpr: str, dato: date) -> Kontaktforloeb:
    require_borger(k, cpr, for_write=False)
    return beregn(historik(k, cpr), dato)


def _fritaget_tekst(til: date | None) -> str:
    return f"fritaget for kontaktforløb til og med {til.isoformat()}" if til else "fritaget for kontaktforløb indtil videre"


def beregn(h: Historik, dato: date) -> Kontaktforloeb:
    """The course on `dato` from the citizen's history (no store access: linear in the history's size)."""
    forloeb = forloeb_paa(h, dato)
    fritaget_i_dag = h.fritagelser.fritaget_paa(dato)
    fritaget_til = h.fritagelser.fritaget_til(dato) if fritaget_i_dag else None
    fritaget = f" Borgeren er {_fritaget_tekst(fritaget_til)}." if fritaget_i_dag else ""
    if forloeb is None:
        kg = kontaktgruppe_on(h.kontaktgrupper, dato)
        if kg is None:
            return Kontaktforloeb(
                dato,
                None,
                [],
                False,
                fritaget_i_dag,
                fritaget_til,
                INGEN_KONTAKTGRUPPE,
                f"Ingen kontaktgruppe den {dato.isoformat()}: intet kontaktforløb.{fritaget}",
            )
        navn = kontaktgruppetyper()[kg.kontaktgruppe_type].navn if kg.kontaktgruppe_type in kontaktgruppetyper() else ""
        return Kontaktforloeb(
            dato,
            None,
            [],
            False,
            fritaget_i_dag,
            fritaget_til,
            GRUPPE_UDEN_FORLOEB,
            f"Kontaktgruppe {kg.kontaktgruppe_type} ({navn}) har intet kontaktforløb efter det forenklede "
            f"kontaktforløb ({indstillinger().uden_forloeb_kilde}).{fritaget}",
        )
    samtaler = [m for m in h.samtaler if not m.slettet and forloeb.start <= m.afholdt.date() <= dato]
    status = [
        _status(h, kr, forloeb, samtaler, dato, fritaget_til if fritaget_i_dag else None, fritaget_i_dag)
        for kr in krav_for(forloeb.ydelse.noegle)
    ]
    s = indstillinger()
    seks = s.efter_behov_efter.after_or_none(forloeb.start)
    efter_behov = seks is not None and dato >= seks
    forrige = forloeb_paa(h, forloeb.start - timedelta(days=1)) if forloeb.start > date.min else None
    erstatter = ForrigeForloeb(forrige.ydelse, forrige.start, forloeb.start - timedelta(days=1), forrige.kontaktgruppe) if forrige else None
    udestaaende = [k for k in status if k.udestaaende]
    tekst = (
        f"{forloeb.ydelse.navn}: kontaktforløb fra {forloeb.start.isoformat()} (kontaktgruppe {forloeb.kontaktgruppe}); "
        f"{len(udestaaende)} af {len(status)} krav udestår."
    )
    if erstatter:
        tekst += (
            f" Et nyt forløb, fordi ydelsen skiftede ({s.ydelsesskift_kilde}): erstatter {erstatter.ydelse.navn} fra "
            f"{erstatter.start.isoformat()} til {erstatter.slut.isoformat()}."
        )
    if efter_behov:
        tekst += f" Efter de første {s.efter_behov_efter.tekst} holdes samtaler efter behov ({s.efter_behov_kilde})."
    return Kontaktforloeb(dato, forloeb, status, efter_behov, fritaget_i_dag, fritaget_til, None, tekst + fritaget, erstatter)


def _anker(kr: Krav, forloeb: Forloeb) -> tuple[str, date]:
    """Where the deadline counts from, by name and date; a sick-benefit course with no sick notice: its start."""
    if kr.anker == "foerste_sygedag":
        return (kr.anker, forloeb.foerste_sygedag) if forloeb.foerste_sygedag else (FORLOEBSSTART, forloeb.start)
    return kr.anker, forloeb.start


def taellende(samtaler: list[Held], ydelse: str) -> list[Held]:
    """The conversations that count toward the course (the named switch decides dagpenge's joint ones)."""
    typer = samtalearter().taeller
    s = indstillinger()
    if ydelse in s.faellessamtaler_ydelser and not s.faellessamtaler_taeller_med_i_de_4:
        typer = typer - samtalearter().faellessamtale
    return sorted((m for m in samtaler if m.samtale_type in typer), key=lambda m: m.afholdt)


def _flyttet_tekst(oprindelig: date, frist: date | None, dage: int, fritagende: tuple[FritagendeFravaer, ...], talt_til: date) -> str:
    if not fritagende:
        return ""
    # The ids are in FritagendeFravaer; the text names type and days.
    fravaer = ", ".join(f"{f.fravaer.fravaer_type} {fravaertyper()[f.fravaer.fravaer_type].navn} ({f.dage} dage)" for f in fritagende)
    if frist is None:
        return (
            f" Ingen frist, så længe fritagelsen varer (oprindelig frist {oprindelig.isoformat()}); {dage} fritagne dage "
            f"til og med {talt_til.isoformat()}; fravær: {fravaer}."
        )
    return f" Fristen er flyttet fra {oprindelig.isoformat()} til {frist.isoformat()} af {dage} fritagne dage; fravær: {fravaer}."


def _status(
    h: Historik, kr: Krav, forloeb: Forloeb, samtaler: list[Held], dato: date, fritaget_til: date | None, fritaget_i_dag: bool
) -> KravStatus:
    if kr.art == "efter_cv":
        return _efter_cv(kr, forloeb, samtaler)
    anker, ankerdato = _anker(kr, forloeb)
    oprindelig = kr.frist_fra(ankerdato)
    fra = kr.taeller_fra_dato(ankerdato)
    kandidater = (
        [m for m in samtaler if m.samtale_type in samtalearter().faellessamtale]
        if kr.art == "faelles"
        else taellende(samtaler, forloeb.ydelse.noegle)
    )
    if oprindelig is None:  # beyond the calendar: nothing can be late yet
        inden = [m for m in kandidater if fra <= m.afholdt.date()]
        mangler = max(kr.antal - len(inden), 0)
        status = OPFYLDT if not mangler else FRITAGET if fritaget_i_dag else KOMMENDE
        return KravStatus(
            kr,
            status,
            anker,
            ankerdato,
            mangler,
            samtaler=inden[: kr.antal],
            fritaget_til=fritaget_til if status == FRITAGET else None,
            forklaring=(
                f"{status.capitalize()}: fristen ligger efter 9999-12-31; {mangler} af {kr.antal} samtaler mangler ({kr.id}; {kr.kilde})."
            ),
        )
    # Every exempt day inside the course moves the deadline one day (the first sick day may lie before the
    # course started; only exemptions from the course start on count).
    flytning = h.fritagelser.flyt_frist(max(ankerdato, forloeb.start), oprindelig, dato)
    frist = flytning.frist
    inden = [m for m in kandidater if fra <= m.afholdt.date() and (frist is None or m.afholdt.date() <= frist)]
    mangler = max(kr.antal - len(inden), 0)
    if not mangler:
        status, tekst = OPFYLDT, f"Opfyldt: {kr.antal} af {kr.antal} samtaler holdt inden fristen"
    elif frist is not None and frist < dato:
        status, tekst = OVERSKREDET, f"Overskredet: fristen {frist.isoformat()} er passeret, og {mangler} af {kr.antal} samtaler mangler"
    elif fritaget_i_dag:
        status = FRITAGET
        tekst = f"Fritaget: borgeren er {_fritaget_tekst(fritaget_til)}; {mangler} af {kr.antal} samtaler mangler"
    elif frist is None:  # an open-ended exemption starts later: no deadline, but not exempt today
        status, tekst = KOMMENDE, f"Kommende: {mangler} af {kr.antal} samtaler mangler; ingen frist"
    else:
        status, tekst = KOMMENDE, f"Kommende: {mangler} af {kr.antal} samtaler mangler senest {frist.isoformat()}"
    if fra != ankerdato:
        tekst += f" (tæller fra {fra.isoformat()})"
    tekst += f" ({kr.id}; {kr.kilde}).{_flyttet_tekst(oprindelig, frist, flytning.fritagne_dage, flytning.fravaer, flytning.talt_til)}"
    return KravStatus(
        kr,
        status,
        anker,
        ankerdato,
        mangler,
        frist,
        oprindelig,
        flytning.fritagne_dage,
        inden[: kr.antal],
        flytning.fravaer,
        fritaget_til if status == FRITAGET else None,
        tekst,
    )


def _efter_cv(kr: Krav, forloeb: Forloeb, samtaler: list[Held]) -> KravStatus:
    foerste = next(iter(taellende(samtaler, forloeb.ydelse.noegle)), None)
    if foerste is None:
        return KravStatus(
            kr,
            KOMMENDE,
            kr.anker,
            forloeb.start,
            1,
            forklaring=(
                f"Kommende: den første samtale skal holdes efter a-kassens CV-samtale; kravet har ingen frist ({kr.id}; {kr.kilde})."
            ),
        )
    cv = [m for m in samtaler if m.samtale_type in samtalearter().cv_samtale and m.afholdt < foerste.afholdt]
    if cv:
        return KravStatus(
            kr,
            OPFYLDT,
            kr.anker,
            forloeb.start,
            0,
            samtaler=[cv[0], foerste],
            forklaring=(
                f"Opfyldt: CV-samtalen {cv[0].afholdt.isoformat()} kom før den første samtale {foerste.afholdt.isoformat()} "
                f"({kr.id}; {kr.kilde})."
            ),
        )
    return KravStatus(
        kr,
        FORKERT_RAEKKEFOELGE,
        kr.anker,
        forloeb.start,
        0,
        samtaler=[foerste],
        forklaring=(
            f"Forkert rækkefølge: den første samtale {foerste.afholdt.isoformat()} blev holdt uden en CV-samtale i a-kassen "
            f"før den ({kr.id}; {kr.kilde})."
        ),
    )


# --- 004's measurement ---

MAALT_OPFYLDT, MAALT_IKKE_OPFYLDT, MAALT_UDELADT = "opfyldt", "ikke_opfyldt", "udeladt"


@dataclass(frozen=True)
class MaaltBorger:
    """One citizen in the measurement: counted (met or not) or left out, and why."""

    cpr: str
    start: date
    periode_slut: date
    samtaler_i_perioden: int
    samtaler_i_forloebet: int
    fritagne_dage: int
    status: str
    aarsag: str


@dataclass
class Maalgruppe:
    """One benefit (or one subgroup of it) in the measurement: the target, window and period it was measured
    by, and every citizen counted or left out."""

    ydelse: Ydelse
    personkategori: str | None
    maal: str
    maal_antal: int
    periode: str
    vindue: str
    start_fra: date | None
    start_til: date | None
    kilde: str
    borger: list[MaaltBorger] = field(default_factory=list)

    @property
    def talte(self) -> list[MaaltBorger]:
        return [b for b in self.borger if b.status != MAALT_UDELADT]

    @property
    def borgere(self) -> int:
        return len(self.talte)

    @property
    def opfyldt(self) -> int:
        return sum(b.status == MAALT_OPFYLDT for b in self.borger)

    @property
    def udeladt(self) -> int:
        return sum(b.status == MAALT_UDELADT for b in self.borger)

    @property
    def samtaler(self) -> int:
        """Conversations of the counted citizens over their whole course up to the date (004 l. 163-166)."""
        return sum(b.samtaler_i_forloebet for b in self.talte)

    @property
    def andel(self) -> float:
        return self.opfyldt / self.borgere if self.borgere else 0.0

    @property
    def gennemsnit(self) -> float:
        return self.samtaler / self.borgere if self.borgere else 0.0


def _startgraense(periode: Periode, dato: date, seneste: bool) -> date | None:
    """The latest course start with start + periode <= dato (`seneste`), or the earliest with start + periode >= dato.
    Month arithmetic clamps at month ends, so the first guess is adjusted by at most a few days (bounded)."""
    try:
        gaet = periode.before(dato)
    except (OverflowError, ValueError):
        return None

    def ok(d: date) -> bool:
        slut = periode.after_or_none(d)
        return slut is not None and (slut <= dato if seneste else slut >= dato)

    skridt = timedelta(days=1 if seneste else -1)
    for _ in range(4):  # at most 3 days of clamping at a month end
        try:
            if not ok(gaet + skridt):
                break
            gaet += skridt
        except OverflowError:
            break
    return gaet if ok(gaet) else None


def opfoelgningsstatus(k: Kontekst, kommunekode: str | None, jobcenterkode: str | None, dato: date) -> list[Maalgruppe]:
    """004's measurement for the simplified rules: per benefit (kontanthjælp per subgroup, 004 l. 148-152), the
    citizens whose course has lasted at least 6 and at most 9 months on `dato` (004 l. 88-100), whether they
    had 4 conversations in its first 6 months, the share, and the average number of conversations over the
    course up to `dato` (004 l. 163-166); citizens exempt from the course at least 50 % of those 6 months are
    left out (002 l. 912-924). Every measured benefit is listed, with or without citizens.

    The unit's data comes in a few set-based reads, bounded to what can matter: a measured course started
    at most 9 months before `dato`, so older groups, absences and conversations are not loaded."""
    _check_enhed(k, kommunekode, jobcenterkode)
    s = indstillinger()
    fire = next(kr for kr in krav() if kr.id == s.maaling_krav)
    fra, til = s.maalevindue_fra, s.maalevindue_til
    start_fra, start_til = _startgraense(til, dato, seneste=False), _startgraense(fra, dato, seneste=True)
    resultat: dict[tuple[str, str | None], Maalgruppe] = {}
    delgrupper = s.maaling_delgrupper

    def gruppe(ydelse: Ydelse, personkategori: str | None) -> Maalgruppe:
        noegle = (ydelse.noegle, personkategori)
        if noegle not in resultat:
            kilde = f"{fire.kilde}; {s.maalevindue_kilde}; {s.udeladt_kilde}; {s.gennemsnit_kilde}"
            if ydelse.noegle in delgrupper:
                kilde += f"; {s.maaling_delgrupper_kilde}"
            resultat[noegle] = Maalgruppe(
                ydelse,
                personkategori,
                f"{fire.beskrivelse} ({fire.id})",
                fire.antal,
                f"de første {fire.frist.tekst if fire.frist else ''} af forløbet",
                f"forløbet har varet mindst {fra.tekst} og højst {til.tekst} på måledatoen",
                start_fra,
                start_til,
                kilde,
            )
        return resultat[noegle]

    for y in fire.ydelser:
        for kategori in delgrupper.get(y, (None,)):
            gruppe(ydelser()[y], kategori)
    if start_fra is None or start_til is None or start_fra > start_til:
        return list(resultat.values())
    tidligst = start_fra - timedelta(days=1)
    # Candidates: a group covering `dato` that started within the window (a course is never younger than its
    # current group), so the rest of the unit is never loaded; then absences and conversations of the citizens
    # whose course is in the window only.
    grupper = k.repo.kontaktgrupper_for(
        kommunekode=kommunekode, jobcenterkode=jobcenterkode, fra=tidligst, til=dato, gruppe_paa=dato, gruppe_startet_fra=tidligst
    )
    maalte: dict[str, Forloeb] = {}
    for cpr, kg in grupper.items():
        forloeb = forloeb_paa(Historik(kg, [], []), dato)
        if forloeb is not None and forloeb.ydelse.noegle in fire.ydelser and start_fra <= forloeb.start <= start_til:
            maalte[cpr] = forloeb
    fravaer = k.repo.fravaersperioder_for(cprs=list(maalte), fra=tidligst, til=dato)
    samtaler = k.repo.afholdte_samtaler_for(list(maalte), fra=tidligst, til=dato, typer=samtalearter().taeller)
    andel = s.udeladt_ved_fritagelse_andel
    for cpr, forloeb in maalte.items():
        h = Historik(grupper[cpr], fravaer.get(cpr, []), list[Held](samtaler.get(cpr, [])))
        kategorier = delgrupper.get(forloeb.ydelse.noegle)
        g = gruppe(
            forloeb.ydelse, None if kategorier is None else forloeb.personkategori if forloeb.personkategori in kategorier else "oevrige"
        )
        slut = fire.frist_fra(forloeb.start)
        assert slut is not None
        dage = (slut - forloeb.start).days + 1
        fritagne = h.fritagelser.antal_dage(forloeb.start, slut)
        held = taellende(h.samtaler, forloeb.ydelse.noegle)
        i_perioden = sum(forloeb.start <= m.afholdt.date() <= slut for m in held)
        i_forloebet = sum(forloeb.start <= m.afholdt.date() for m in held)
        if fritagne >= andel * dage:
            status = MAALT_UDELADT
            aarsag = f"Udeladt: fritaget for kontaktforløb {fritagne} af {dage} dage i perioden (mindst {andel:.0%}; {s.udeladt_kilde})"
        elif i_perioden >= fire.antal:
            status, aarsag = MAALT_OPFYLDT, f"Opfyldt: {i_perioden} samtaler i perioden (mål: {fire.antal})"
        else:
            status, aarsag = MAALT_IKKE_OPFYLDT, f"Ikke opfyldt: {i_perioden} af {fire.antal} samtaler i perioden"
        g.borger.append(MaaltBorger(cpr, forloeb.start, slut, i_perioden, i_forloebet, fritagne, status, aarsag))
    return list(resultat.values())


def _check_enhed(k: Kontekst, kommunekode: str | None, jobcenterkode: str | None) -> None:
    """The caller measures its own municipality or jobcentre (STAR: any); exactly one of the two is given."""
    assert k.caller is not None
    if (kommunekode is None) == (jobcenterkode is None):
        raise Afvisning([regel("OPFOELGNING_ENHED").violation()])
    scope = organisationstyper()[k.caller.organisation_type].adgang
    egen = {"kommune": kommunekode, "jobcenter": jobcenterkode}
    if scope != "alle" and (scope not in egen or egen[str(scope)] != k.caller.organisation_code):
        enhed = f"kommune {kommunekode}" if kommunekode else f"jobcenter {jobcenterkode}"
        raise Afvisning([regel("ADGANG").violation(organisation=k.caller.organisation, grund=f"målingen gælder {enhed}")])
