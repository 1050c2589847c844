"""The code lists the emulator knows, read from the rule tables (published by KodelisteService)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from service.rules.catalogue import fejlkoder, regel
from service.rules.fravaertyper import fravaertyper, kontaktgruppetyper, personkategorier
from service.rules.organisationer import brugertyper, organisationstyper
from service.rules.samtaler import koder, samtaletyper
from service.rules.violation import Afvisning


@dataclass(frozen=True)
class Kode:
    vaerdi: int
    navn: str
    kilde: str
    gyldig_til: date | None = None


# Each list built when asked for: a call for one list built all twelve (the error codes among them), 6 % of
# GetKodeliste's time.
_LISTER: dict[str, Callable[[], list[Kode]]] = {
    "Kontaktgruppe": lambda: [Kode(k.id, k.navn, k.kilde, k.ophoert) for k in kontaktgruppetyper().values()],
    "Personkategori": lambda: [Kode(p.kode, p.navn, p.kilde) for p in personkategorier().values()],
    "FravaerType": lambda: [Kode(t.id, t.navn, t.kilde) for t in sorted(fravaertyper().values(), key=lambda t: t.id)],
    "Organisationstype": lambda: [Kode(o.kode, o.navn, o.kilde) for o in organisationstyper().values()],
    "Brugertype": lambda: [Kode(b.kode, b.navn, b.kilde) for b in brugertyper().values()],
    "Fejlkode": lambda: [Kode(f.kode, f.tekst, f.kilde) for f in sorted(fejlkoder().values(), key=lambda f: f.kode)],
    "Samtaletype": lambda: [Kode(t.id, t.navn, t.kilde) for t in sorted(samtaletyper().values(), key=lambda t: t.id)],
    "Samtaleform": lambda: [Kode(k.kode, k.navn, k.kilde) for k in koder().samtaleform],
    "Deltagerrolle": lambda: [Kode(k.kode, k.navn, k.kilde) for k in koder().deltagerrolle],
    "Deltagelsesform": lambda: [Kode(k.kode, k.navn, k.kilde) for k in koder().deltagelsesform],
    "AkasseDeltagelsesstatus": lambda: [Kode(k.kode, k.navn, k.kilde) for k in koder().akassedeltagelse],
    "CvGodkendelsesstatus": lambda: [Kode(k.kode, k.navn, k.kilde) for k in koder().cvgodkendelsesstatus],
}


def kodelister() -> dict[str, list[Kode]]:
    return {navn: byg() for navn, byg in _LISTER.items()}


def udvalgte(navn: str | None) -> dict[str, list[Kode]]:
    """Every list, or the one named (DFDG's 2001 for a name no list has)."""
    if navn is None:
        return kodelister()
    if navn not in _LISTER:
        raise Afvisning([regel("KODELISTE_UKENDT").violation(navn=navn, kendte=", ".join(_LISTER))])
    return {navn: _LISTER[navn]()}
