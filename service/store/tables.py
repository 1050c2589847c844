"""SQLAlchemy 2 table models. Store-only: the domain never sees these classes.

Every table carries the sandbox (`sandkasse`, README "Sandboxes") as the first column of its primary key,
its unique indexes and its foreign keys: one database holds every sandbox, and no key, claim or lock of one
sandbox can meet another's. The sandbox registry itself, with each sandbox's clock, is `SandkasseRow`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKeyConstraint, Index, Integer, String, Text, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAVN_MAX = 40


class Base(DeclarativeBase):
    pass


def _sandkasse(primary_key: bool = True) -> Mapped[str]:
    return mapped_column(String(NAVN_MAX), primary_key=primary_key, index=not primary_key)


def _borger_fk() -> ForeignKeyConstraint:
    return ForeignKeyConstraint(["sandkasse", "cpr"], ["borger.sandkasse", "borger.cpr"])


class SandkasseRow(Base):
    """The sandbox registry: one row per sandbox, with its business clock (README, "The clock").

    `dato` is SetDato's date (the time of day then the configured fixed one); `tidspunkt` SetTidspunkt's
    moment (naive Copenhagen time), running from `reference` (the wall clock then, UTC) when `loebende`."""

    __tablename__ = "sandkasse"
    navn: Mapped[str] = mapped_column(String(NAVN_MAX), primary_key=True)
    oprettet: Mapped[datetime] = mapped_column(DateTime())
    dato: Mapped[date | None] = mapped_column(Date)
    tidspunkt: Mapped[datetime | None] = mapped_column(DateTime())
    loebende: Mapped[bool] = mapped_column(Boolean, default=False)
    reference: Mapped[datetime | None] = mapped_column(DateTime())
    # A seeded id sequence (Nulstil with IdFroe): the seed and the number of ids taken from it.
    id_froe: Mapped[int | None] = mapped_column(Integer)
    id_naeste: Mapped[int] = mapped_column(Integer, default=0)


class BorgerRow(Base):
    __tablename__ = "borger"
    sandkasse: Mapped[str] = _sandkasse()
    cpr: Mapped[str] = mapped_column(String(10), primary_key=True)
    navn: Mapped[str] = mapped_column(String(140))
    kommunekode: Mapped[str] = mapped_column(String(8))
    jobcenterkode: Mapped[str] = mapped_column(String(8))
    akassekode: Mapped[str | None] = mapped_column(String(8))


class TilmeldingRow(Base):
    __tablename__ = "tilmelding"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    sandkasse: Mapped[str] = _sandkasse(False)
    cpr: Mapped[str] = mapped_column(String(10), index=True)
    tilmeldt: Mapped[bool] = mapped_column(Boolean)
    fra: Mapped[date] = mapped_column(Date)
    aarsag: Mapped[str] = mapped_column(Text)
    registreret: Mapped[datetime] = mapped_column(DateTime())
    __table_args__ = (_borger_fk(),)


class KontaktgruppeRow(Base):
    __tablename__ = "kontaktgruppe"
    sandkasse: Mapped[str] = _sandkasse()
    identifier: Mapped[str] = mapped_column(String(36), primary_key=True)
    cpr: Mapped[str] = mapped_column(String(10), index=True)
    kontaktgruppe_type: Mapped[int] = mapped_column(Integer)
    startdato: Mapped[date] = mapped_column(Date)
    slutdato: Mapped[date | None] = mapped_column(Date)
    seq: Mapped[int] = mapped_column(Integer)
    # One open contact group per citizen (DFDG 4644), held by the database as well as by the citizen lock.
    __table_args__ = (
        _borger_fk(),
        Index(
            "kontaktgruppe_en_aaben",
            "sandkasse",
            "cpr",
            unique=True,
            sqlite_where=text("slutdato IS NULL"),
            postgresql_where=text("slutdato IS NULL"),
        ),
    )


class PersonkategoriRow(Base):
    __tablename__ = "personkategori"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    sandkasse: Mapped[str] = _sandkasse(False)
    kontaktgruppe_identifier: Mapped[str] = mapped_column(String(36), index=True)
    personkategori: Mapped[int] = mapped_column(Integer)
    startdato: Mapped[date] = mapped_column(Date)
    slutdato: Mapped[date | None] = mapped_column(Date)
    __table_args__ = (
        ForeignKeyConstraint(["sandkasse", "kontaktgruppe_identifier"], ["kontaktgruppe.sandkasse", "kontaktgruppe.identifier"]),
        # A group's periods by (sandbox, group): with two one-column indexes SQLite's planner took the sandbox's and
        # read every period of the sandbox for each group, in every write's read of the citizen (migration 0005).
        Index("personkategori_gruppe", "sandkasse", "kontaktgruppe_identifier"),
    )


class FravaerRow(Base):
    __tablename__ = "fravaer"
    sandkasse: Mapped[str] = _sandkasse()
    identifier: Mapped[str] = mapped_column(String(36), primary_key=True)
    cpr: Mapped[str] = mapped_column(String(10), index=True)
    fravaer_type: Mapped[int] = mapped_column(Integer)
    startdato: Mapped[date] = mapped_column(Date)
    slutdato: Mapped[date | None] = mapped_column(Date)
    anmeldelsesdato: Mapped[date] = mapped_column(Date)
    kommentar: Mapped[str | None] = mapped_column(Text)
    afslutningsaarsag: Mapped[int | None] = mapped_column(Integer)
    ledighedsgrad: Mapped[int | None] = mapped_column(Integer)
    cvr: Mapped[str | None] = mapped_column(String(8))
    pnummer: Mapped[str | None] = mapped_column(String(10))
    slettet: Mapped[bool] = mapped_column(Boolean, default=False)
    berigtigelseskommentar: Mapped[str | None] = mapped_column(Text)
    registreret: Mapped[datetime] = mapped_column(DateTime())
    kontaktgruppe: Mapped[int | None] = mapped_column(Integer)
    personkategori: Mapped[str | None] = mapped_column(String(40))
    __table_args__ = (_borger_fk(),)


class YderligereInformationRow(Base):
    __tablename__ = "yderligere_information"
    sandkasse: Mapped[str] = _sandkasse()
    identifier: Mapped[str] = mapped_column(String(36), primary_key=True)
    fravaer_identifier: Mapped[str] = mapped_column(String(36), index=True)
    delvis_startdato: Mapped[date | None] = mapped_column(Date)
    delvis_slutdato: Mapped[date | None] = mapped_column(Date)
    timer_pr_uge: Mapped[int | None] = mapped_column(Integer)
    forventet_inden_13_uger: Mapped[bool | None] = mapped_column(Boolean)
    kommentar: Mapped[str | None] = mapped_column(Text)
    slettet: Mapped[bool] = mapped_column(Boolean, default=False)
    registreret: Mapped[datetime] = mapped_column(DateTime())
    __table_args__ = (ForeignKeyConstraint(["sandkasse", "fravaer_identifier"], ["fravaer.sandkasse", "fravaer.identifier"]),)


class IdentifikatorRow(Base):
    """Every identifier in use in a sandbox, of any entity: a client-supplied id is claimed here atomically (DFDG 4977)."""

    __tablename__ = "identifikator"
    sandkasse: Mapped[str] = _sandkasse()
    identifier: Mapped[str] = mapped_column(String(36), primary_key=True)


class RequestIdRow(Base):
    __tablename__ = "request_id"
    sandkasse: Mapped[str] = _sandkasse()
    request_id: Mapped[str] = mapped_column(String(46), primary_key=True)
    modtaget: Mapped[datetime] = mapped_column(DateTime())


class SamtaleRow(Base):
    __tablename__ = "samtale"
    sandkasse: Mapped[str] = _sandkasse()
    identifier: Mapped[str] = mapped_column(String(36), primary_key=True)
    cpr: Mapped[str] = mapped_column(String(10), index=True)
    samtale_type: Mapped[int] = mapped_column(Integer)
    afholdt: Mapped[datetime] = mapped_column(DateTime())
    samtaleform: Mapped[int] = mapped_column(Integer)
    deltagere: Mapped[list[Any]] = mapped_column(JSON)
    indkaldelse_identifier: Mapped[str | None] = mapped_column(String(36))
    aftale: Mapped[str | None] = mapped_column(Text)
    akasse_deltagelse: Mapped[int | None] = mapped_column(Integer)
    nulstillende: Mapped[bool] = mapped_column(Boolean)
    slettet: Mapped[bool] = mapped_column(Boolean, default=False)
    registreret: Mapped[datetime] = mapped_column(DateTime())
    # The items of 003 §§ 25, 30 and 63 added by issue 13 (CV approval, conclusion, agreements, reporter), as JSON.
    oplysninger: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    # No duplicate of type and time among the citizen's live conversations (SAMTALE_DUBLET).
    __table_args__ = (
        _borger_fk(),
        Index(
            "samtale_ingen_dublet",
            "sandkasse",
            "cpr",
            "samtale_type",
            "afholdt",
            unique=True,
            sqlite_where=text("NOT slettet"),
            postgresql_where=text("NOT slettet"),
        ),
    )


class IndkaldelseRow(Base):
    __tablename__ = "indkaldelse"
    sandkasse: Mapped[str] = _sandkasse()
    identifier: Mapped[str] = mapped_column(String(36), primary_key=True)
    cpr: Mapped[str] = mapped_column(String(10), index=True)
    aflyst: Mapped[bool] = mapped_column(Boolean, default=False)
    __table_args__ = (_borger_fk(),)


class IndkaldelsesversionRow(Base):
    __tablename__ = "indkaldelsesversion"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    sandkasse: Mapped[str] = _sandkasse(False)
    indkaldelse_identifier: Mapped[str] = mapped_column(String(36), index=True)
    version: Mapped[int] = mapped_column(Integer)
    aendring: Mapped[str] = mapped_column(String(20))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    begrundelse: Mapped[str | None] = mapped_column(Text)
    registreret: Mapped[datetime] = mapped_column(DateTime())
    __table_args__ = (
        ForeignKeyConstraint(["sandkasse", "indkaldelse_identifier"], ["indkaldelse.sandkasse", "indkaldelse.identifier"]),
        # An invitation's versions by (sandbox, invitation), as the periods above (migration 0005).
        Index("indkaldelsesversion_indkaldelse", "sandkasse", "indkaldelse_identifier"),
    )
