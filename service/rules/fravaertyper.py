"""Source 002's tables loaded into typed rows: absence types (tables/fravaer/), contact groups and
subgroups (kontaktgrupper.toml), and the duties absences exempt from (pligter.toml)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Generic, Literal, TypeVar

from service.rules.catalogue import load_typed, read_toml, table_loader, tables_folder
from service.rules.periode import UBEGRAENSET, Periode, Varighed
from service.rules.schema import TabelFejl, felt, load

V = TypeVar("V")
Afmeldes = Literal["ja", "nej", "hvis_tilmeldt"]


def _ikke_tom(value: tuple[object, ...]) -> str | None:
    return None if value else "must name at least one"


@dataclass(frozen=True, kw_only=True)
class Datoregler:
    """The keys a contact-group row may override of its type; None: the type's value holds."""

    tilbage: Periode | None = felt("row-level `tilbage`", default=None)
    frem: Periode | None = felt("row-level `frem`", default=None)
    max_varighed: Varighed | None = felt("row-level `max_varighed`", default=None)
    slutdato_obligatorisk: bool | None = felt("row-level `slutdato_obligatorisk`", default=None)
    aaben_fra_startdato: date | None = felt("row-level: no registration with a start date before this date", default=None)


@dataclass(frozen=True, kw_only=True)
class Raekke(Datoregler):
    """One contact-group row of a type's table (`[[raekke]]`)."""

    kontaktgrupper: tuple[int, ...] = felt(
        '"Kontaktgruppe 24 og 25" → `[24, 25]`; "Kontaktgruppe 14-17 og 21-22" → '
        "`[14, 15, 16, 17, 21, 22]`; each a group of kontaktgrupper.toml",
        check=_ikke_tom,
    )
    personkategorier: tuple[str, ...] = felt(
        'the subgroups the row names (`noegle` of kontaktgrupper.toml), or `[]` for the whole group ("Alle visitationskategorier")',
        default=(),
    )
    fritager_for: tuple[str, ...] = felt(
        'the "Fritager for" cell, one duty a line, spelled as the source does; every spelling must be in pligter.toml', default=()
    )
    afmeldes: Afmeldes = felt('`"ja"` ("Afmeldes"), `"hvis_tilmeldt"` ("Afmeldes hvis tilmeldt"), `"nej"` (nothing said)', default="nej")
    afmeldes_note: str = felt('the rest of an "Afmeldes" cell, verbatim', default="")
    hjemmel: str = felt('the "§-henvisning" cell, joined into one line', default="")
    kilde: str = felt("`002 l. a-b` of this row")

    def matches(self, kontaktgruppe: int, personkategori: str | None) -> bool:
        if kontaktgruppe not in self.kontaktgrupper:
            return False
        return not self.personkategorier or personkategori in self.personkategorier


@dataclass(frozen=True, kw_only=True)
class Undtagelse:
    """`[[undtagelse]]`: another backdating or forward-dating limit for one reporter."""

    indberetter: str = felt('the reporter it is for (`"jobcenter"`, `"akasse"`, `"ksd"`, `"borger"`)')
    tilbage: Periode | None = felt("the reporter's `tilbage`", default=None)
    frem: Periode | None = felt("the reporter's `frem`", default=None)
    kilde: str = felt("where the exception is stated")


@dataclass(frozen=True)
class Gaeldende(Generic[V]):
    """A rule parameter as it applies, and the source it comes from (the reporter's exception, the row or the type)."""

    vaerdi: V
    kilde: str


@dataclass(frozen=True, kw_only=True)
class FravaerType:
    """`fravaer/NNN-<slug>.toml`: one absence or exemption type of source 002."""

    id: int = felt('DFDG id ("(ID 11)"); the file name starts with it, padded to three digits')
    navn: str = felt('name exactly as in the table\'s first column, without "(ID n)"')
    kilde: str = felt("the section: `002 <section title>, l. a-b`")
    datoregel_kilde: str = felt('lines of the "Datoregler"/"Varighed" header and any change-log entry that changed them')
    tilbage: Periode = felt('how far before d.d. the start date may lie (`"0 dage"`: today or later)', default=UBEGRAENSET)
    frem: Periode = felt("how far after d.d. the start date may lie", default=UBEGRAENSET)
    tilbage_til_sidste_samtale: bool = felt('"dog maks. til sidste samtale (job-, CV- eller opfølgning)"', default=False)
    slutdato_obligatorisk: bool = felt('"Obligatorisk" / "Obligatorisk slutdato" / "Slutdato obligatorisk"', default=False)
    max_varighed: Varighed = felt(
        '"Max. 3 mdr." → `"3 mdr"`; "Max. 6 uger" → `"6 uger"`; "Til det 18. år" → `"til 18 aar"`', default=UBEGRAENSET
    )
    slutdato_ikke_tilbage: bool = felt('"Slutdato kan ikke tilbagedateres"', default=False)
    kommentar_obligatorisk: bool = felt("a comment is mandatory", default=False)
    lukket: bool = felt("no new registrations at all", default=False)
    lukket_fra_startdato: date | None = felt("no registration with a start date on or after this date", default=None)
    aaben_fra_startdato: date | None = felt("no registration with a start date before this date", default=None)
    indberettere: tuple[str, ...] = felt(
        'who may create it: any of `"jobcenter"` (jobcentre and municipality), `"akasse"`, `"ksd"`, `"borger"`',
        default=("jobcenter",),
        check=_ikke_tom,
    )
    overlap_forbudt_med: tuple[int, ...] = felt("ids of types whose periods must not overlap this one", default=())
    noter: str = felt("anything in the text that the keys cannot say, quoted or summarised", default="")
    raekker: tuple[Raekke, ...] = felt("one per contact-group row of the section's table", default=(), toml="raekke")
    undtagelser: tuple[Undtagelse, ...] = felt("exceptions for one reporter", default=(), toml="undtagelse")

    def raekke_for(self, kontaktgruppe: int, personkategori: str | None) -> Raekke | None:
        return next((r for r in self.raekker if r.matches(kontaktgruppe, personkategori)), None)

    def _undtagelse(self, indberetter: str | None) -> Undtagelse | None:
        return next((u for u in self.undtagelser if u.indberetter == indberetter), None) if indberetter else None

    # The parameters a row or a reporter's exception can override: the exception wins over the row, the row
    # over the type; each says where its value comes from.

    def tilbage_for(self, raekke: Raekke | None = None, indberetter: str | None = None) -> Gaeldende[Periode]:
        u = self._undtagelse(indberetter)
        if u is not None and u.tilbage is not None:
            return Gaeldende(u.tilbage, u.kilde)
        if raekke is not None and raekke.tilbage is not None:
            return Gaeldende(raekke.tilbage, raekke.kilde)
        return Gaeldende(self.tilbage, self.datoregel_kilde)

    def frem_for(self, raekke: Raekke | None = None, indberetter: str | None = None) -> Gaeldende[Periode]:
        u = self._undtagelse(indberetter)
        if u is not None and u.frem is not None:
            return Gaeldende(u.frem, u.kilde)
        if raekke is not None and raekke.frem is not None:
            return Gaeldende(raekke.frem, raekke.kilde)
        return Gaeldende(self.frem, self.datoregel_kilde)

    def max_varighed_for(self, raekke: Raekke | None = None) -> Gaeldende[Varighed]:
        if raekke is not None and raekke.max_varighed is not None:
            return Gaeldende(raekke.max_varighed, raekke.kilde)
        return Gaeldende(self.max_varighed, self.datoregel_kilde)

    def slutdato_obligatorisk_for(self, raekke: Raekke | None = None) -> Gaeldende[bool]:
        if raekke is not None and raekke.slutdato_obligatorisk is not None:
            return Gaeldende(raekke.slutdato_obligatorisk, raekke.kilde)
        return Gaeldende(self.slutdato_obligatorisk, self.datoregel_kilde)

    def aaben_fra_startdato_for(self, raekke: Raekke | None = None) -> Gaeldende[date | None]:
        if raekke is not None and raekke.aaben_fra_startdato is not None:
            return Gaeldende(raekke.aaben_fra_startdato, raekke.kilde)
        return Gaeldende(self.aaben_fra_startdato, self.kilde)


# The keys of Datoregler, which a row overrides (tables/README.md).
OVERRIDABLE = tuple(f.name for f in fields(Datoregler))


@table_loader
def fravaertyper() -> dict[int, FravaerType]:
    """Every file of fravaer/, one type each; the file's number must be the type's id."""
    result: dict[int, FravaerType] = {}
    for path in sorted((tables_folder() / "fravaer").glob("*.toml")):
        fravaertype = load(FravaerType, read_toml(path), path)
        if not path.name.startswith(f"{fravaertype.id:03d}-"):
            raise TabelFejl(path, "id", f"{fravaertype.id} does not match the file name (expected {fravaertype.id:03d}-<slug>.toml)")
        if fravaertype.id in result:
            raise TabelFejl(path, "id", f"{fravaertype.id} is already the id of {result[fravaertype.id].navn!r}")
        result[fravaertype.id] = fravaertype
    return result


@dataclass(frozen=True, kw_only=True)
class KontaktgruppeType:
    """`[[kontaktgruppe]]`: one contact group."""

    id: int = felt("DFDG's contact group number")
    navn: str = felt("the name in 002's list")
    kilde: str = felt("where the group is listed")
    personkategorier: tuple[str, ...] = felt("its subgroups (`noegle` of `[[personkategori]]`)", default=())
    ophoert: date | None = felt("the day it ceased; refused from then on (2003)", default=None)


@dataclass(frozen=True, kw_only=True)
class Personkategori:
    """`[[personkategori]]`: one subgroup."""

    kode: int = felt("its code on the wire (Personkategori)")
    noegle: str = felt("the name the tables use (`jobparat`)")
    navn: str = felt("its Danish name")
    kilde: str = felt("where it is from, or that the code is project-defined")


@dataclass(frozen=True, kw_only=True)
class KontaktgruppeTabel:
    """kontaktgrupper.toml"""

    personkategorier: tuple[Personkategori, ...] = felt("the subgroups", toml="personkategori")
    kontaktgrupper: tuple[KontaktgruppeType, ...] = felt("the contact groups", toml="kontaktgruppe")


@table_loader
def _kontaktgruppetabel() -> KontaktgruppeTabel:
    return load_typed(KontaktgruppeTabel, "kontaktgrupper.toml")


@table_loader
def kontaktgruppetyper() -> dict[int, KontaktgruppeType]:
    return {k.id: k for k in _kontaktgruppetabel().kontaktgrupper}


@table_loader
def personkategorier() -> dict[int, Personkategori]:
    return {p.kode: p for p in _kontaktgruppetabel().personkategorier}


def personkategori_noegle(kode: int | None) -> str | None:
    return personkategorier()[kode].noegle if kode in personkategorier() else None


@dataclass(frozen=True)
class Pligt:
    navn: str
    kilde: str


@dataclass(frozen=True, kw_only=True)
class PligtRaekke:
    """`[[pligt]]`: one duty and every spelling of it in 002's "Fritager for" cells."""

    navn: str = felt("the duty's name in GetFritagelser")
    tekster: tuple[str, ...] = felt("the spellings that mean it", check=_ikke_tom)
    kilde: str = felt("where the duty is described")


@dataclass(frozen=True, kw_only=True)
class IkkePligt:
    """`[[ikke_pligt]]`: a "Fritager for" cell that exempts from nothing by itself."""

    tekst: str = felt("the cell's text")
    grund: str = felt("why it exempts from nothing")


@dataclass(frozen=True, kw_only=True)
class PligtTabel:
    """pligter.toml"""

    pligter: tuple[PligtRaekke, ...] = felt("the duties", toml="pligt")
    ikke_pligter: tuple[IkkePligt, ...] = felt("cells that name no duty", toml="ikke_pligt")


@table_loader
def pligter_for_tekst() -> dict[str, tuple[Pligt, ...]]:
    """Each "Fritager for" text of the tables -> the duties it exempts from (empty: none)."""
    table = load_typed(PligtTabel, "pligter.toml")
    result: dict[str, tuple[Pligt, ...]] = {row.tekst: () for row in table.ikke_pligter}
    for row in table.pligter:
        for tekst in row.tekster:
            result[tekst] = (*result.get(tekst, ()), Pligt(row.navn, row.kilde))
    return result
