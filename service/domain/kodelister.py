"""The code lists the emulator knows, read from the rule tables (published by KodelisteService)."""

from __future__ import annotations

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


def kodelister() -> dict[str, list[Kode]]:
    return {
        "Kontaktgruppe": [Kode(k.id, k.navn, k.kilde, k.ophoert) for k in kontaktgruppetyper().values()],
        "Personkategori": [Kode(p.kode, p.navn, p.kilde) for p in personkategorier().values()],
        "FravaerType": [Kode(t.id, t.navn, t.kilde) for t in sorted(fravaertyper().values(), key=lambda t: t.id)],
        "Organisationstype": [Kode(o.kode, o.navn, o.kilde) for o in organisationstyper().values()],
        "Brugertype": [Kode(b.kode, b.navn, b.kilde) for b in brugertyper().values()],
        "Fejlkode": [Kode(f.kode, f.tekst, f.kilde) for f in sorted(fejlkoder().values(), key=lambda f: f.kode)],
        "Samtaletype": [Kode(t.id, t.navn, t.kilde) for t in sorted(samtaletyper().values(), key=lambda t: t.id)],
        "Samtaleform": [Kode(k.kode, k.navn, k.kilde) for k in koder().samtaleform],
        "Deltagerrolle": [Kode(k.kode, k.navn, k.kilde) for k in koder().deltagerrolle],
        "Deltagelsesform": [Kode(k.kode, k.navn, k.kilde) for k in koder().deltagelsesform],
        "AkasseDeltagelsesstatus": [Kode(k.kode, k.navn, k.kilde) for k in koder().akassedeltagelse],
        "CvGodkendelsesstatus": [Kode(k.kode, k.navn, k.kilde) for k in koder().cvgodkendelsesstatus],
    }


def udvalgte(navn: str | None) -> dict[str, list[Kode]]:
    """Every list, or the one named (DFDG's 2001 for a name no list has)."""
    lister = kodelister()
    if navn is None:
        return lister
    if navn not in lister:
        raise Afvisning([regel("KODELISTE_UKENDT").violation(navn=navn, kendte=", ".join(lister))])
    return {navn: lister[navn]}
