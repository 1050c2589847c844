"""SQLAlchemy 2 table models. Store-only: the domain never sees these classes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class BorgerRow(Base):
    __tablename__ = "borger"
    cpr: Mapped[str] = mapped_column(String(10), primary_key=True)
    navn: Mapped[str] = mapped_column(String(140))
    kommunekode: Mapped[str] = mapped_column(String(8))
    jobcenterkode: Mapped[str] = mapped_column(String(8))
    akassekode: Mapped[str | None] = mapped_column(String(8))


class TilmeldingRow(Base):
    __tablename__ = "tilmelding"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    cpr: Mapped[str] = mapped_column(ForeignKey("borger.cpr"), index=True)
    tilmeldt: Mapped[bool] = mapped_column(Boolean)
    fra: Mapped[date] = mapped_column(Date)
    aarsag: Mapped[str] = mapped_column(Text)
    registreret: Mapped[datetime] = mapped_column(DateTime())


class KontaktgruppeRow(Base):
    __tablename__ = "kontaktgruppe"
    identifier: Mapped[str] = mapped_column(String(36), primary_key=True)
    cpr: Mapped[str] = mapped_column(ForeignKey("borger.cpr"), index=True)
    kontaktgruppe_type: Mapped[int] = mapped_column(Integer)
    startdato: Mapped[date] = mapped_column(Date)
    slutdato: Mapped[date | None] = mapped_column(Date)
    seq: Mapped[int] = mapped_column(Integer)
    # One open contact group per citizen (DFDG 4644), held by the database as well as by the citizen lock.
    __table_args__ = (Index("kontaktgruppe_en_aaben", "cpr", unique=True, sqlite_where=text("slutdato IS NULL"),
                            postgresql_where=text("slutdato IS NULL")),)


class PersonkategoriRow(Base):
    __tablename__ = "personkategori"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kontaktgruppe_identifier: Mapped[str] = mapped_column(ForeignKey("kontaktgruppe.identifier"), index=True)
    personkategori: Mapped[int] = mapped_column(Integer)
    startdato: Mapped[date] = mapped_column(Date)
    slutdato: Mapped[date | None] = mapped_column(Date)


class FravaerRow(Base):
    __tablename__ = "fravaer"
    identifier: Mapped[str] = mapped_column(String(36), primary_key=True)
    cpr: Mapped[str] = mapped_column(ForeignKey("borger.cpr"), index=True)
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


class YderligereInformationRow(Base):
    __tablename__ = "yderligere_information"
    identifier: Mapped[str] = mapped_column(String(36), primary_key=True)
    fravaer_identifier: Mapped[str] = mapped_column(ForeignKey("fravaer.identifier"), index=True)
    delvis_startdato: Mapped[date | None] = mapped_column(Date)
    delvis_slutdato: Mapped[date | None] = mapped_column(Date)
    timer_pr_uge: Mapped[int | None] = mapped_column(Integer)
    forventet_inden_13_uger: Mapped[bool | None] = mapped_column(Boolean)
    kommentar: Mapped[str | None] = mapped_column(Text)
    slettet: Mapped[bool] = mapped_column(Boolean, default=False)
    registreret: Mapped[datetime] = mapped_column(DateTime())


class IdentifikatorRow(Base):
    """Every identifier in use, of any entity: a client-supplied id is claimed here atomically (DFDG 4977)."""

    __tablename__ = "identifikator"
    identifier: Mapped[str] = mapped_column(String(36), primary_key=True)


class RequestIdRow(Base):
    __tablename__ = "request_id"
    request_id: Mapped[str] = mapped_column(String(46), primary_key=True)
    modtaget: Mapped[datetime] = mapped_column(DateTime())


class IndstillingRow(Base):
    """Emulator-wide settings that every server process must agree on (the business date)."""

    __tablename__ = "indstilling"
    noegle: Mapped[str] = mapped_column(String(40), primary_key=True)
    vaerdi: Mapped[str] = mapped_column(Text)


class SamtaleRow(Base):
    __tablename__ = "samtale"
    identifier: Mapped[str] = mapped_column(String(36), primary_key=True)
    cpr: Mapped[str] = mapped_column(ForeignKey("borger.cpr"), index=True)
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
    __table_args__ = (Index("samtale_ingen_dublet", "cpr", "samtale_type", "afholdt", unique=True,
                            sqlite_where=text("NOT slettet"), postgresql_where=text("NOT slettet")),)


class IndkaldelseRow(Base):
    __tablename__ = "indkaldelse"
    identifier: Mapped[str] = mapped_column(String(36), primary_key=True)
    cpr: Mapped[str] = mapped_column(ForeignKey("borger.cpr"), index=True)
    aflyst: Mapped[bool] = mapped_column(Boolean, default=False)


class IndkaldelsesversionRow(Base):
    __tablename__ = "indkaldelsesversion"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    indkaldelse_identifier: Mapped[str] = mapped_column(ForeignKey("indkaldelse.identifier"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    aendring: Mapped[str] = mapped_column(String(20))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    begrundelse: Mapped[str | None] = mapped_column(Text)
    registreret: Mapped[datetime] = mapped_column(DateTime())
