"""The rule engine for absences: applies the rows of tables/fravaer/ to a proposed registration.

It knows the keys of the tables, never a type id, a contact group or a limit: those are data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from service.rules.catalogue import regel
from service.rules.fravaertyper import FravaerType, Raekke, fravaertyper
from service.rules.periode import Periode, TilAlder, add_years
from service.rules.violation import Violation


@dataclass(frozen=True, kw_only=True)
class AndetFravaer:
    fravaer_type: int
    startdato: date
    slutdato: date | None


@dataclass(frozen=True, kw_only=True)
class Forslag:
    """A proposed registration of an absence, as the caller sent it."""

    fravaer_type: int
    startdato: date
    slutdato: date | None = None
    kommentar: str | None = None


@dataclass(frozen=True, kw_only=True)
class Situation:
    """What the rules are judged against: today, who reports, and the citizen on the start date."""

    today: date
    indberetter: str
    kontaktgruppe: int | None
    personkategori: str | None
    andre_fravaer: tuple[AndetFravaer, ...] = field(default_factory=tuple)
    foedselsdato: date | None = None
    # The day of the latest held job, CV or follow-up conversation ("dog maks. til sidste samtale").
    sidste_samtale: date | None = None


@dataclass(frozen=True, kw_only=True)
class Felter:
    """The wire names of the fields, so a violation names the element the caller sent."""

    fravaer_type: str
    startdato: str
    slutdato: str
    kommentar: str


def check_fravaer(forslag: Forslag, situation: Situation, felter: Felter) -> tuple[list[Violation], Raekke | None]:
    """Every violated rule of the type's table for a new registration, and the contact-group row that applied."""
    fravaertype = fravaertyper().get(forslag.fravaer_type)
    if fravaertype is None:
        return [regel("FRAVAER_TYPE_UKENDT").violation(felt=felter.fravaer_type, type=forslag.fravaer_type)], None
    violations = _check_new(fravaertype, forslag, situation, felter)
    raekke = raekke_for(fravaertype, situation)
    if situation.kontaktgruppe is None:
        violations.append(regel("FRAVAER_KONTAKTGRUPPE_MANGLER").violation(felt=felter.startdato, startdato=forslag.startdato))
    elif raekke is None:
        violations.append(
            regel("FRAVAER_KONTAKTGRUPPE").violation(
                kilde=fravaertype.kilde,
                felt=felter.fravaer_type,
                navn=fravaertype.navn,
                type=fravaertype.id,
                kontaktgruppe=situation.kontaktgruppe,
                personkategori=situation.personkategori or "ingen",
            )
        )
    violations += _check_start(fravaertype, raekke, forslag, situation, felter)
    violations += _check_period(fravaertype, raekke, forslag, situation, felter)
    return violations, raekke


def check_aendring(forslag: Forslag, situation: Situation, felter: Felter) -> list[Violation]:
    """The rules an existing registration must still meet when its end date or comment changes.

    The start-date rules (backdating, closed types, reporter, contact group) were judged when it was
    created and are not judged again: time moving on must not make a valid registration invalid.
    """
    fravaertype = fravaertyper()[forslag.fravaer_type]
    raekke = raekke_for(fravaertype, situation)
    violations = _check_comment_and_overlap(fravaertype, forslag, situation, felter)
    return violations + _check_period(fravaertype, raekke, forslag, situation, felter)


def check_anmeldelsesdato(anmeldelsesdato: date, today: date, felter: Felter) -> list[Violation]:
    """The day the absence was reported is not after d.d. (003 § 83 nr. 3); judged before the type's rules."""
    if anmeldelsesdato <= today:
        return []
    return [
        regel("ANMELDELSESDATO_FREMTID").violation(
            felt=felter.startdato.replace("Startdato", "Anmeldelsesdato"), dato=anmeldelsesdato, dd=today
        )
    ]


def raekke_for(fravaertype: FravaerType, situation: Situation) -> Raekke | None:
    if situation.kontaktgruppe is None:
        return None
    return fravaertype.raekke_for(situation.kontaktgruppe, situation.personkategori)


def _check_new(t: FravaerType, forslag: Forslag, s: Situation, felter: Felter) -> list[Violation]:
    violations = []
    lukket_fra = t.lukket_fra_startdato
    if t.lukket or (lukket_fra is not None and forslag.startdato >= lukket_fra):
        violations.append(regel("FRAVAER_LUKKET").violation(kilde=t.datoregel_kilde, felt=felter.fravaer_type, navn=t.navn, type=t.id))
    if s.indberetter not in t.indberettere:
        violations.append(
            regel("FRAVAER_INDBERETTER").violation(
                kilde=t.kilde,
                felt=felter.fravaer_type,
                navn=t.navn,
                type=t.id,
                indberetter=s.indberetter,
                tilladte=", ".join(t.indberettere),
            )
        )
    return violations + _check_comment_and_overlap(t, forslag, s, felter)


def _check_comment_and_overlap(t: FravaerType, forslag: Forslag, s: Situation, felter: Felter) -> list[Violation]:
    violations = []
    if t.kommentar_obligatorisk and not (forslag.kommentar or "").strip():
        violations.append(regel("FRAVAER_KOMMENTAR").violation(kilde=t.datoregel_kilde, felt=felter.kommentar, navn=t.navn))
    for other in s.andre_fravaer:
        if other.fravaer_type in t.overlap_forbudt_med and _overlaps(forslag, other):
            violations.append(
                regel("FRAVAER_OVERLAP").violation(
                    kilde=t.kilde,
                    felt=felter.startdato,
                    navn=t.navn,
                    andet=other.fravaer_type,
                    andet_start=other.startdato,
                    andet_slut=other.slutdato or "åben",
                )
            )
    return violations


def _check_start(t: FravaerType, r: Raekke | None, forslag: Forslag, s: Situation, felter: Felter) -> list[Violation]:
    violations = []
    start = forslag.startdato
    aaben_fra = t.aaben_fra_startdato_for(r)
    if aaben_fra.vaerdi is not None and start < aaben_fra.vaerdi:
        violations.append(regel("FRAVAER_LUKKET").violation(kilde=aaben_fra.kilde, felt=felter.startdato, navn=t.navn, type=t.id))
    gaeldende_tilbage = t.tilbage_for(r, s.indberetter)
    tilbage = gaeldende_tilbage.vaerdi
    if not tilbage.ubegraenset and start < tilbage.before(s.today):
        violations.append(
            regel("FRAVAER_TILBAGEDATERING").violation(
                kilde=gaeldende_tilbage.kilde,
                felt=felter.startdato,
                startdato=start,
                navn=t.navn,
                type=t.id,
                graense=tilbage.before(s.today),
                tilbage=_tekst(tilbage),
                dd=s.today,
            )
        )
    if t.tilbage_til_sidste_samtale and s.sidste_samtale is not None and start < s.sidste_samtale:
        violations.append(
            regel("FRAVAER_TILBAGE_SIDSTE_SAMTALE").violation(
                kilde=t.datoregel_kilde,
                felt=felter.startdato,
                startdato=start,
                navn=t.navn,
                samtale=s.sidste_samtale,
            )
        )
    gaeldende_frem = t.frem_for(r, s.indberetter)
    frem = gaeldende_frem.vaerdi
    if not frem.ubegraenset and start > frem.after(s.today):
        violations.append(
            regel("FRAVAER_FREMDATERING").violation(
                kilde=gaeldende_frem.kilde,
                felt=felter.startdato,
                startdato=start,
                navn=t.navn,
                graense=frem.after(s.today),
                frem=_tekst(frem),
                dd=s.today,
            )
        )
    return violations


def _check_period(t: FravaerType, r: Raekke | None, forslag: Forslag, s: Situation, felter: Felter) -> list[Violation]:
    violations = []
    start, slut = forslag.startdato, forslag.slutdato
    if slut is None:
        obligatorisk = t.slutdato_obligatorisk_for(r)
        if obligatorisk.vaerdi:
            violations.append(regel("FRAVAER_SLUTDATO_OBLIGATORISK").violation(kilde=obligatorisk.kilde, felt=felter.slutdato, navn=t.navn))
        return violations
    if slut < start:
        violations.append(regel("FRAVAER_NEGATIV_VARIGHED").violation(felt=felter.slutdato, startdato=start, slutdato=slut))
        return violations
    graense, tekst = _max_slutdato(t, r, start, s.foedselsdato)
    if graense is not None and slut > graense:
        violations.append(
            regel("FRAVAER_MAX_VARIGHED").violation(
                kilde=t.max_varighed_for(r).kilde,
                felt=felter.slutdato,
                slutdato=slut,
                navn=t.navn,
                max_varighed=tekst,
                graense=graense,
            )
        )
    if t.slutdato_ikke_tilbage and slut < s.today:
        violations.append(
            regel("FRAVAER_SLUTDATO_TILBAGE").violation(kilde=t.datoregel_kilde, felt=felter.slutdato, slutdato=slut, dd=s.today)
        )
    return violations


def _max_slutdato(t: FravaerType, r: Raekke | None, start: date, foedselsdato: date | None) -> tuple[date | None, str]:
    """The latest allowed end date, and the limit as the source words it."""
    varighed = t.max_varighed_for(r).vaerdi
    if isinstance(varighed, TilAlder):
        if foedselsdato is None:
            return None, ""
        return add_years(foedselsdato, varighed.aar), f"til borgeren fylder {varighed.aar} år"
    return (None, "") if varighed.ubegraenset else (varighed.after(start), _tekst(varighed))


def _overlaps(forslag: Forslag, other: AndetFravaer) -> bool:
    own_end = forslag.slutdato or date.max
    other_end = other.slutdato or date.max
    return forslag.startdato <= other_end and other.startdato <= own_end


def _tekst(periode: Periode) -> str:
    return periode.tekst.replace("mdr", "måneder").replace("aar", "år")
