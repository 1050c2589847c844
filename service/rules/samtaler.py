"""The conversation tables: which types are legal per contact group and health status (source 000), code lists, and
the limits of registering a held conversation (samtale.toml)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

from service.rules.catalogue import load_typed, table_loader
from service.rules.periode import Periode
from service.rules.schema import felt

RASK, SYG = "rask", "syg"


@dataclass(frozen=True)
class Legalitet:
    """The legal types for a contact group in one health status, merged over the table's rows."""

    kontaktgruppe: int
    status: str
    samtaletyper: frozenset[int]
    nulstillende: frozenset[int]
    kilde: str
    # Types only the a-kasse may register in this row (000's remark, KG 1 only), and where that comes from.
    kun_akasse: frozenset[int] = frozenset()
    kun_akasse_kilde: str = ""


@dataclass(frozen=True, kw_only=True)
class Samtaletype:
    """`[[samtaletype]]`: a conversation type of source 000."""

    id: int = felt("the type's number")
    navn: str = felt("its name in 000")
    kilde: str = felt("000's line")


@dataclass(frozen=True, kw_only=True)
class LegalitetRaekke:
    """`[[raekke]]`: the legal types of one contact group in one health status."""

    kontaktgruppe: int = felt("the contact group (kontaktgrupper.toml)")
    kontaktgruppe_navn: str = felt("the group's name as 000 writes it")
    status: Literal["rask", "syg"] = felt("the health status the row is for")
    samtaletyper: tuple[int, ...] = felt("the legal types (`id` of `[[samtaletype]]`)")
    nulstillende: tuple[int, ...] = felt("the types that reset the contact course", default=())
    kun_akasse: tuple[int, ...] = felt("types only the a-kasse may register in this row", default=())
    kun_akasse_kilde: str = felt("where `kun_akasse` comes from", default="")
    bemaerkninger: str = felt("the row's remarks, verbatim", default="")
    kilde: str = felt("000's lines")


@dataclass(frozen=True, kw_only=True)
class LegalitetTabel:
    """samtale_legalitet.toml"""

    kilde: str = felt("the source table")
    noter: str = felt("how the source was read", default="")
    samtaletyper: tuple[Samtaletype, ...] = felt("the conversation types", toml="samtaletype")
    raekker: tuple[LegalitetRaekke, ...] = felt("one per contact group and status", toml="raekke")


@table_loader
def legalitetstabel() -> LegalitetTabel:
    return load_typed(LegalitetTabel, "samtale_legalitet.toml")


@table_loader
def samtaletyper() -> dict[int, Samtaletype]:
    return {t.id: t for t in legalitetstabel().samtaletyper}


@table_loader
def _legalitet() -> dict[tuple[int, str], Legalitet]:
    """Rows for the same group and status are merged (000 has two "Syg" rows for KG 8, l. 224-251)."""
    result: dict[tuple[int, str], Legalitet] = {}
    for row in legalitetstabel().raekker:
        key = (row.kontaktgruppe, row.status)
        old = result.get(key)
        result[key] = Legalitet(
            row.kontaktgruppe,
            row.status,
            frozenset(row.samtaletyper) | (old.samtaletyper if old else frozenset()),
            frozenset(row.nulstillende) | (old.nulstillende if old else frozenset()),
            row.kilde if old is None else f"{old.kilde}; {row.kilde}",
            frozenset(row.kun_akasse) | (old.kun_akasse if old else frozenset()),
            row.kun_akasse_kilde or (old.kun_akasse_kilde if old else ""),
        )
    return result


def legalitet(kontaktgruppe: int, syg: bool) -> Legalitet | None:
    """The row for the group in the citizen's status; a group 000 lists in one status only (KG 24 and 25:
    "Syg") is judged by that row in either status, since the group itself means sickness benefit."""
    rows = _legalitet()
    wanted, other = (SYG, RASK) if syg else (RASK, SYG)
    return rows.get((kontaktgruppe, wanted)) or rows.get((kontaktgruppe, other))


@table_loader
def kun_akasse() -> frozenset[int]:
    """Types only an a-kasse may register in some row (000's remark, l. 30-36: KG 1); each row says where."""
    return frozenset(t for row in _legalitet().values() for t in row.kun_akasse)


@dataclass(frozen=True, kw_only=True)
class Kode:
    """One code of a conversation code list."""

    kode: int = felt("the code")
    navn: str = felt("its name")
    kilde: str = felt("the source")
    fremmoede: bool = felt("the form means attendance in person: an invitation needs an address", default=False)
    telefon: bool = felt("the form is by telephone: an invitation needs a telephone number", default=False)


@dataclass(frozen=True, kw_only=True)
class Typer:
    samtaletyper: frozenset[int] = felt("conversation types (`id` of samtale_legalitet.toml)")
    kilde: str = felt("the source")


@dataclass(frozen=True, kw_only=True)
class KodeTabel:
    """samtale_koder.toml"""

    samtaleform: tuple[Kode, ...] = felt("forms of a conversation")
    deltagerrolle: tuple[Kode, ...] = felt("participants' roles")
    deltagelsesform: tuple[Kode, ...] = felt("forms of participation")
    akassedeltagelse: tuple[Kode, ...] = felt("the a-kasse's participation")
    cvgodkendelsesstatus: tuple[Kode, ...] = felt("the CV's approval status (003 § 30 stk. 1 nr. 6, § 63 stk. 1 nr. 6)")
    akassedeltagelse_typer: Typer = felt("the types with the a-kasse taking part")
    sidste_samtale: Typer = felt('the conversations that limit "dog maks. til sidste samtale" (002)')


@table_loader
def koder() -> KodeTabel:
    return load_typed(KodeTabel, "samtale_koder.toml")


def kodeliste(navn: str) -> dict[int, dict[str, Any]]:
    """A code list as rows of plain values: domain/samtale.py and indkaldelse.py read them so (their move to
    the typed rows of `koder()` is theirs to make)."""
    liste: tuple[Kode, ...] = getattr(koder(), navn)
    return {k.kode: asdict(k) for k in liste}


@dataclass(frozen=True, kw_only=True)
class Registrering:
    """`[registrering]`: registering a held conversation."""

    tilbage: Periode = felt("how far before d.d. a held conversation may lie when it is registered")
    kilde: str = felt("the source")


@dataclass(frozen=True, kw_only=True)
class SamtaleTabel:
    """samtale.toml"""

    registrering: Registrering = felt("the limits of registering a held conversation")


@table_loader
def samtaletabel() -> SamtaleTabel:
    return load_typed(SamtaleTabel, "samtale.toml")


def akassedeltagelse_typer() -> frozenset[int]:
    return koder().akassedeltagelse_typer.samtaletyper


def sidste_samtale_typer() -> frozenset[int]:
    return koder().sidste_samtale.samtaletyper
