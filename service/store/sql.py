"""The store: one SQLAlchemy engine, one transaction per call, domain objects in and out."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy import create_engine, delete, event, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from service.domain.clock import COPENHAGEN
from service.domain.model import (
    Arbejdsgiver,
    Borger,
    DelvisRaskmeldt,
    Fravaer,
    Kontaktgruppe,
    Personkategoriperiode,
    Tilmeldingshaendelse,
    YderligereInformation,
)
from service.store.tables import (
    Base,
    BorgerRow,
    FravaerRow,
    IndstillingRow,
    KontaktgruppeRow,
    PersonkategoriRow,
    RequestIdRow,
    TilmeldingRow,
    YderligereInformationRow,
)


class Conflict(Exception):
    """Two calls wrote the same key at once (e.g. the same RequestId): the later one loses."""


def _local(moment: datetime) -> datetime:
    # Stored as naive Copenhagen time so SQLite and PostgreSQL give back the same value.
    return moment.astimezone(COPENHAGEN).replace(tzinfo=None)


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=COPENHAGEN)


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        memory = url in ("sqlite://", "sqlite:///:memory:")
        # An in-memory database lives in one connection: share it between threads.
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30},
                               **({"poolclass": StaticPool} if memory else {}))

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(connection, _record):  # type: ignore[no-untyped-def]
            cursor = connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            if not memory:
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()

        return engine
    return create_engine(url, pool_size=20, max_overflow=20, pool_pre_ping=True)


class Store:
    """All state of the emulator. `transaction()` is the unit of work of one SOAP call."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        Base.metadata.create_all(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def transaction(self) -> Iterator["Repository"]:
        session = self._sessions()
        try:
            yield Repository(session)
            session.commit()
        except IntegrityError as error:
            session.rollback()
            raise Conflict(str(error.orig)) from error
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def reset(self) -> None:
        with self.transaction() as repo:
            repo.delete_all()

    def dispose(self) -> None:
        self.engine.dispose()


class Repository:
    """Reads and writes of one transaction, in domain terms."""

    def __init__(self, session: Session) -> None:
        self.s = session

    def delete_all(self) -> None:
        # Children before parents, for the foreign keys.
        for table in (YderligereInformationRow, FravaerRow, PersonkategoriRow, KontaktgruppeRow,
                      TilmeldingRow, BorgerRow, RequestIdRow, IndstillingRow):
            self.s.execute(delete(table))

    # --- settings ---
    def get_indstilling(self, noegle: str) -> str | None:
        row = self.s.get(IndstillingRow, noegle)
        return row.vaerdi if row else None

    def set_indstilling(self, noegle: str, vaerdi: str | None) -> None:
        row = self.s.get(IndstillingRow, noegle)
        if vaerdi is None:
            if row:
                self.s.delete(row)
        elif row:
            row.vaerdi = vaerdi
        else:
            self.s.add(IndstillingRow(noegle=noegle, vaerdi=vaerdi))
        self.s.flush()

    # --- request ids ---
    def request_id_seen(self, request_id: str) -> datetime | None:
        row = self.s.get(RequestIdRow, request_id)
        return _aware(row.modtaget) if row else None

    def remember_request_id(self, request_id: str, at: datetime) -> None:
        row = self.s.get(RequestIdRow, request_id)
        if row:
            row.modtaget = _local(at)
        else:
            self.s.add(RequestIdRow(request_id=request_id, modtaget=_local(at)))
        self.s.flush()

    # --- citizens ---
    def get_borger(self, cpr: str) -> Borger | None:
        row = self.s.get(BorgerRow, cpr)
        if row is None:
            return None
        return Borger(row.cpr, row.navn, row.kommunekode, row.jobcenterkode, row.akassekode)

    def add_borger(self, borger: Borger) -> None:
        self.s.add(BorgerRow(cpr=borger.cpr, navn=borger.navn, kommunekode=borger.kommunekode,
                             jobcenterkode=borger.jobcenterkode, akassekode=borger.akassekode))
        self.s.flush()

    def tilmeldinger(self, cpr: str) -> list[Tilmeldingshaendelse]:
        rows = self.s.scalars(select(TilmeldingRow).where(TilmeldingRow.cpr == cpr).order_by(TilmeldingRow.id))
        return [Tilmeldingshaendelse(r.cpr, r.tilmeldt, r.fra, r.aarsag, _aware(r.registreret)) for r in rows]

    def add_tilmelding(self, t: Tilmeldingshaendelse) -> None:
        self.s.add(TilmeldingRow(cpr=t.cpr, tilmeldt=t.tilmeldt, fra=t.fra, aarsag=t.aarsag, registreret=_local(t.registreret)))
        self.s.flush()

    # --- contact groups ---
    def kontaktgrupper(self, cpr: str) -> list[Kontaktgruppe]:
        rows = self.s.scalars(
            select(KontaktgruppeRow).where(KontaktgruppeRow.cpr == cpr).order_by(KontaktgruppeRow.startdato, KontaktgruppeRow.seq)
        ).all()
        result = []
        for row in rows:
            perioder = self.s.scalars(
                select(PersonkategoriRow).where(PersonkategoriRow.kontaktgruppe_identifier == row.identifier).order_by(PersonkategoriRow.id)
            )
            result.append(Kontaktgruppe(row.identifier, row.cpr, row.kontaktgruppe_type, row.startdato, row.slutdato,
                                        [Personkategoriperiode(p.personkategori, p.startdato, p.slutdato) for p in perioder]))
        return result

    def kontaktgruppe_exists(self, identifier: str) -> bool:
        return self.s.get(KontaktgruppeRow, identifier) is not None

    def save_kontaktgruppe(self, kg: Kontaktgruppe) -> None:
        """Insert or update the group and replace its subgroup periods."""
        row = self.s.get(KontaktgruppeRow, kg.identifier)
        if row is None:
            seq = len(self.s.scalars(select(KontaktgruppeRow.identifier).where(KontaktgruppeRow.cpr == kg.cpr)).all())
            row = KontaktgruppeRow(identifier=kg.identifier, cpr=kg.cpr, seq=seq)
            self.s.add(row)
        row.kontaktgruppe_type, row.startdato, row.slutdato = kg.kontaktgruppe_type, kg.startdato, kg.slutdato
        self.s.flush()
        self.s.execute(delete(PersonkategoriRow).where(PersonkategoriRow.kontaktgruppe_identifier == kg.identifier))
        for p in kg.personkategorier:
            self.s.add(PersonkategoriRow(kontaktgruppe_identifier=kg.identifier, personkategori=p.personkategori,
                                         startdato=p.startdato, slutdato=p.slutdato))
        self.s.flush()

    # --- absences ---
    def fravaer(self, cpr: str) -> list[Fravaer]:
        rows = self.s.scalars(select(FravaerRow).where(FravaerRow.cpr == cpr).order_by(FravaerRow.startdato, FravaerRow.registreret))
        return [_fravaer(r) for r in rows]

    def get_fravaer(self, identifier: str) -> Fravaer | None:
        row = self.s.get(FravaerRow, identifier)
        return _fravaer(row) if row else None

    def save_fravaer(self, f: Fravaer) -> None:
        row = self.s.get(FravaerRow, f.identifier)
        if row is None:
            row = FravaerRow(identifier=f.identifier)
            self.s.add(row)
        row.cpr, row.fravaer_type, row.startdato, row.slutdato = f.cpr, f.fravaer_type, f.startdato, f.slutdato
        row.anmeldelsesdato, row.kommentar, row.afslutningsaarsag = f.anmeldelsesdato, f.kommentar, f.afslutningsaarsag
        row.ledighedsgrad, row.slettet, row.berigtigelseskommentar = f.ledighedsgrad, f.slettet, f.berigtigelseskommentar
        row.cvr = f.arbejdsgiver.cvr if f.arbejdsgiver else None
        row.pnummer = f.arbejdsgiver.pnummer if f.arbejdsgiver else None
        row.registreret = _local(f.registreret)
        row.kontaktgruppe, row.personkategori = f.kontaktgruppe, f.personkategori
        self.s.flush()

    # --- additional information on sick notices ---
    def yderligere_information(self, fravaer_identifier: str) -> list[YderligereInformation]:
        rows = self.s.scalars(
            select(YderligereInformationRow).where(YderligereInformationRow.fravaer_identifier == fravaer_identifier)
            .order_by(YderligereInformationRow.registreret, YderligereInformationRow.identifier)
        )
        return [_yderligere(r) for r in rows]

    def get_yderligere_information(self, identifier: str) -> YderligereInformation | None:
        row = self.s.get(YderligereInformationRow, identifier)
        return _yderligere(row) if row else None

    def save_yderligere_information(self, y: YderligereInformation) -> None:
        row = self.s.get(YderligereInformationRow, y.identifier)
        if row is None:
            row = YderligereInformationRow(identifier=y.identifier)
            self.s.add(row)
        row.fravaer_identifier = y.fravaer_identifier
        d = y.delvis_raskmeldt
        row.delvis_startdato = d.startdato if d else None
        row.delvis_slutdato = d.slutdato if d else None
        row.timer_pr_uge = d.timer_pr_uge if d else None
        row.forventet_inden_13_uger = y.forventet_raskmelding_inden_13_uger
        row.kommentar, row.slettet, row.registreret = y.kommentar, y.slettet, _local(y.registreret)
        self.s.flush()

    def identifier_used(self, identifier: str) -> bool:
        """A client-supplied id is taken if any entity has it (DFDG 4977)."""
        return any(self.s.get(table, identifier) is not None
                   for table in (FravaerRow, KontaktgruppeRow, YderligereInformationRow))


def _fravaer(r: FravaerRow) -> Fravaer:
    return Fravaer(
        identifier=r.identifier, cpr=r.cpr, fravaer_type=r.fravaer_type, startdato=r.startdato,
        anmeldelsesdato=r.anmeldelsesdato, registreret=_aware(r.registreret), slutdato=r.slutdato,
        kommentar=r.kommentar, afslutningsaarsag=r.afslutningsaarsag, ledighedsgrad=r.ledighedsgrad,
        arbejdsgiver=Arbejdsgiver(r.cvr, r.pnummer) if r.cvr else None, slettet=r.slettet,
        berigtigelseskommentar=r.berigtigelseskommentar, kontaktgruppe=r.kontaktgruppe, personkategori=r.personkategori,
    )


def _yderligere(r: YderligereInformationRow) -> YderligereInformation:
    delvis = DelvisRaskmeldt(r.delvis_startdato, r.delvis_slutdato, r.timer_pr_uge) if r.delvis_startdato else None
    return YderligereInformation(r.identifier, r.fravaer_identifier, _aware(r.registreret), delvis,
                                 r.forventet_inden_13_uger, r.kommentar, r.slettet)
