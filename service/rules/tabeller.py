"""Every rule table loaded at start-up, and checked against the others: a table that names a contact group,
subgroup, reporter, duty, benefit, requirement, conversation type or absence type that does not exist is
refused, naming the file and the key (TabelFejl), before the emulator answers a call.

Each table's own shape (keys, types, lengths of time) is checked by its loader (schema.py); this module adds
what one table alone cannot know. The schemas are listed once here, for tables/README.md too."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from service.rules.catalogue import FejlkodeTabel, RegelTabel, fejlkoder, regler, tables_folder
from service.rules.fravaertyper import (
    FravaerType,
    KontaktgruppeTabel,
    PligtTabel,
    fravaertyper,
    kontaktgruppetyper,
    personkategorier,
    pligter_for_tekst,
)
from service.rules.kontaktforloeb import KontaktforloebTabel
from service.rules.kontaktforloeb import tabel as kontaktforloebstabel
from service.rules.organisationer import OrganisationTabel, roller
from service.rules.samtaler import KodeTabel, LegalitetTabel, SamtaleTabel, koder, legalitetstabel, samtaletabel, samtaletyper
from service.rules.schema import TabelFejl
from service.rules.sygemelding import SygemeldingTabel, sygemeldingstabel

# Each table's file and the dataclass it loads into (the one description of its schema).
SKEMAER: tuple[tuple[str, type[Any]], ...] = (
    ("fravaer/NNN-<slug>.toml", FravaerType),
    ("kontaktgrupper.toml", KontaktgruppeTabel),
    ("pligter.toml", PligtTabel),
    ("organisationer.toml", OrganisationTabel),
    ("sygemelding.toml", SygemeldingTabel),
    ("kontaktforloeb.toml", KontaktforloebTabel),
    ("samtale_legalitet.toml", LegalitetTabel),
    ("samtale_koder.toml", KodeTabel),
    ("samtale.toml", SamtaleTabel),
    ("regler.toml", RegelTabel),
    ("fejlkoder.toml", FejlkodeTabel),
)


def _known(fil: Path, key: str, values: Iterable[Any], known: Iterable[Any], what: str) -> None:
    known = set(known)
    for i, value in enumerate(values):
        if value not in known:
            raise TabelFejl(fil, f"{key}[{i}]", f"{value!r} is not a known {what}")


def indlaes_alle() -> None:
    """Load every table and check the names one table uses of another's; TabelFejl at the first problem."""
    folder = tables_folder()
    fejlkoder()
    regler()
    grupper, kategorier = set(kontaktgruppetyper()), {p.noegle for p in personkategorier().values()}
    pligter = pligter_for_tekst()
    kendte_roller = roller()
    for kg in kontaktgruppetyper().values():
        _known(
            folder / "kontaktgrupper.toml",
            f"kontaktgruppe[id={kg.id}].personkategorier",
            kg.personkategorier,
            kategorier,
            "subgroup (personkategori noegle)",
        )

    for t in fravaertyper().values():
        fil = next((folder / "fravaer").glob(f"{t.id:03d}-*.toml"))
        _known(fil, "indberettere", t.indberettere, kendte_roller, "reporter (organisationer.toml roles, or borger)")
        _known(fil, "overlap_forbudt_med", t.overlap_forbudt_med, fravaertyper(), "absence type")
        for i, u in enumerate(t.undtagelser):
            _known(fil, f"undtagelse[{i}].indberetter", [u.indberetter], kendte_roller, "reporter")
        for i, r in enumerate(t.raekker):
            _known(fil, f"raekke[{i}].kontaktgrupper", r.kontaktgrupper, grupper, "contact group (kontaktgrupper.toml)")
            _known(fil, f"raekke[{i}].personkategorier", r.personkategorier, kategorier, "subgroup (kontaktgrupper.toml)")
            _known(fil, f"raekke[{i}].fritager_for", r.fritager_for, pligter, "duty spelling (pligter.toml)")

    fil = folder / "sygemelding.toml"
    s = sygemeldingstabel()
    _known(fil, "delvis_raskmeldt.kontaktgrupper", s.delvis_raskmeldt.kontaktgrupper, grupper, "contact group")
    _known(
        fil,
        "forventet_raskmelding_inden_13_uger.kontaktgrupper",
        s.forventet_raskmelding_inden_13_uger.kontaktgrupper,
        grupper,
        "contact group",
    )
    _known(fil, "indberettere.roller", s.indberettere.roller, kendte_roller, "reporter")

    typer = set(samtaletyper())
    fil = folder / "samtale_legalitet.toml"
    for i, row in enumerate(legalitetstabel().raekker):
        _known(fil, f"raekke[{i}].kontaktgruppe", [row.kontaktgruppe], grupper, "contact group")
        for key in ("samtaletyper", "nulstillende", "kun_akasse"):
            _known(fil, f"raekke[{i}].{key}", getattr(row, key), typer, "conversation type")
    fil = folder / "samtale_koder.toml"
    _known(fil, "akassedeltagelse_typer.samtaletyper", koder().akassedeltagelse_typer.samtaletyper, typer, "conversation type")
    _known(fil, "sidste_samtale.samtaletyper", koder().sidste_samtale.samtaletyper, typer, "conversation type")

    samtaletabel()

    fil = folder / "kontaktforloeb.toml"
    k = kontaktforloebstabel()
    ydelser = {y.noegle for y in k.ydelser}
    for i, y in enumerate(k.ydelser):
        _known(fil, f"ydelse[{i}].kontaktgrupper", y.kontaktgrupper, grupper, "contact group")
    for i, kr in enumerate(k.krav):
        _known(fil, f"krav[{i}].ydelser", kr.ydelser, ydelser, "benefit (ydelse noegle)")
    s_ = k.indstillinger
    _known(fil, "indstillinger.maaling_krav", [s_.maaling_krav], {kr.id for kr in k.krav}, "requirement (krav id)")
    _known(fil, "indstillinger.fritagelse_pligt", [s_.fritagelse_pligt], {p.navn for ps in pligter.values() for p in ps}, "duty")
    _known(fil, "indstillinger.faellessamtaler_ydelser", s_.faellessamtaler_ydelser, ydelser, "benefit")
    _known(fil, "indstillinger.maaling_delgrupper", s_.maaling_delgrupper, ydelser, "benefit")
    for ydelse, delgrupper in s_.maaling_delgrupper.items():
        _known(fil, f"indstillinger.maaling_delgrupper.{ydelse}", delgrupper, kategorier, "subgroup")
    for key in ("taeller", "faellessamtale", "cv_samtale"):
        _known(fil, f"samtaler.{key}", sorted(getattr(k.samtaler, key)), typer, "conversation type")
