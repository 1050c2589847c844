"""The store: one SQLAlchemy engine, one transaction per call, domain objects in and out."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime

from sqlalchemy import create_engine, delete, event, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from service.domain.clock import COPENHAGEN
from service.domain.model import (
    Adresse,
    Arbejdsgiver,
    Borger,
    Deltager,
    DelvisRaskmeldt,
    Fravaer,
    Indkaldelse,
    Indkaldelsesdata,
    Indkaldelsesversion,
    Kontaktgruppe,
    Personkategoriperiode,
    Samtale,
    Tidsrum,
    Tilmeldingshaendelse,
    YderligereInformation,
)
from service.store.tables import (
    Base,
    BorgerRow,
    FravaerRow,
    IndkaldelseRow,
    IndkaldelsesversionRow,
    IndstillingRow,
    KontaktgruppeRow,
    PersonkategoriRow,
    RequestIdRow,
    SamtaleRow,
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
                # WAL with NORMAL sync survives a crash of the emulator; only a power cut may lose the last commits.
                cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        return engine
    try:
        return create_engine(url, pool_size=20, max_overflow=20, pool_pre_ping=True)
    except ModuleNotFoundError as error:
        # The PostgreSQL driver is an optional extra (pyproject.toml), not installed with the emulator.
        raise RuntimeError(f"{url.split(':')[0]} needs the package {error.name}: pip install 'dfdg-emulator[postgres]' "
                           "(in this folder: .venv/bin/pip install -e '.[postgres]')") from None


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
        for table in (YderligereInformationRow, FravaerRow, PersonkategoriRow, KontaktgruppeRow, SamtaleRow,
                      IndkaldelsesversionRow, IndkaldelseRow, TilmeldingRow, BorgerRow, RequestIdRow, IndstillingRow):
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

    def borgere(self, kommunekode: str | None = None, jobcenterkode: str | None = None) -> list[Borger]:
        query = select(BorgerRow).order_by(BorgerRow.cpr)
        if kommunekode is not None:
            query = query.where(BorgerRow.kommunekode == kommunekode)
        if jobcenterkode is not None:
            query = query.where(BorgerRow.jobcenterkode == jobcenterkode)
        return [Borger(r.cpr, r.navn, r.kommunekode, r.jobcenterkode, r.akassekode) for r in self.s.scalars(query)]

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

    # --- held conversations ---
    def samtaler(self, cpr: str) -> list[Samtale]:
        rows = self.s.scalars(select(SamtaleRow).where(SamtaleRow.cpr == cpr).order_by(SamtaleRow.afholdt, SamtaleRow.registreret))
        return [_samtale(r) for r in rows]

    def get_samtale(self, identifier: str) -> Samtale | None:
        row = self.s.get(SamtaleRow, identifier)
        return _samtale(row) if row else None

    def save_samtale(self, m: Samtale) -> None:
        row = self.s.get(SamtaleRow, m.identifier)
        if row is None:
            row = SamtaleRow(identifier=m.identifier)
            self.s.add(row)
        row.cpr, row.samtale_type, row.afholdt, row.samtaleform = m.cpr, m.samtale_type, _local(m.afholdt), m.samtaleform
        row.deltagere = [{"navn": d.navn, "rolle": d.rolle, "deltagelsesform": d.deltagelsesform} for d in m.deltagere]
        row.indkaldelse_identifier, row.aftale, row.akasse_deltagelse = m.indkaldelse_identifier, m.aftale, m.akasse_deltagelse
        row.nulstillende, row.slettet, row.registreret = m.nulstillende, m.slettet, _local(m.registreret)
        self.s.flush()

    # --- invitations, with every version kept ---
    def indkaldelser(self, cpr: str) -> list[Indkaldelse]:
        rows = self.s.scalars(select(IndkaldelseRow).where(IndkaldelseRow.cpr == cpr)).all()
        return sorted((self._indkaldelse(r) for r in rows), key=lambda i: (i.data.start, i.identifier))

    def get_indkaldelse(self, identifier: str) -> Indkaldelse | None:
        row = self.s.get(IndkaldelseRow, identifier)
        return self._indkaldelse(row) if row else None

    def add_indkaldelsesversion(self, cpr: str, identifier: str, aflyst: bool, v: Indkaldelsesversion) -> None:
        row = self.s.get(IndkaldelseRow, identifier)
        if row is None:
            row = IndkaldelseRow(identifier=identifier, cpr=cpr)
            self.s.add(row)
        row.aflyst = aflyst
        self.s.flush()
        self.s.add(IndkaldelsesversionRow(indkaldelse_identifier=identifier, version=v.version, aendring=v.aendring,
                                          data=_data_to_json(v.data), begrundelse=v.begrundelse, registreret=_local(v.registreret)))
        self.s.flush()

    def _indkaldelse(self, row: IndkaldelseRow) -> Indkaldelse:
        versions = self.s.scalars(select(IndkaldelsesversionRow).where(IndkaldelsesversionRow.indkaldelse_identifier == row.identifier)
                                  .order_by(IndkaldelsesversionRow.version))
        return Indkaldelse(row.identifier, row.cpr, row.aflyst, [
            Indkaldelsesversion(v.version, v.aendring, _data_from_json(v.data), _aware(v.registreret), v.begrundelse) for v in versions])

    def identifier_used(self, identifier: str) -> bool:
        """A client-supplied id is taken if any entity has it (DFDG 4977)."""
        return any(self.s.get(table, identifier) is not None
                   for table in (FravaerRow, KontaktgruppeRow, YderligereInformationRow, SamtaleRow, IndkaldelseRow))


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


def _samtale(r: SamtaleRow) -> Samtale:
    return Samtale(r.identifier, r.cpr, r.samtale_type, _aware(r.afholdt), r.samtaleform, _aware(r.registreret),
                   [Deltager(d["navn"], d["rolle"], d["deltagelsesform"]) for d in r.deltagere], r.indkaldelse_identifier,
                   r.aftale, r.akasse_deltagelse, r.nulstillende, r.slettet)


def _data_to_json(d: Indkaldelsesdata) -> dict:  # type: ignore[type-arg]
    """Invitation fields as JSON: times as ISO text, nested values as objects."""
    a = d.adresse
    return {
        "samtale_type": d.samtale_type, "start": d.start.isoformat(), "slut": d.slut.isoformat(), "samtaleform": d.samtaleform,
        "titel": d.titel, "sted": d.sted, "telefonnummer": d.telefonnummer, "beskrivelse": d.beskrivelse,
        "adresse": {"vejnavn": a.vejnavn, "husnummer": a.husnummer, "postnummer": a.postnummer, "by": a.by} if a else None,
        "kontaktmuligheder": d.kontaktmuligheder, "selvbooking_mulig": d.selvbooking_mulig,
        "alternative_tidspunkter": [[t.start.isoformat(), t.slut.isoformat()] for t in d.alternative_tidspunkter],
        "ombookingsfrist": d.ombookingsfrist.isoformat() if d.ombookingsfrist else None,
        "selvbookingsfrist": d.selvbookingsfrist.isoformat() if d.selvbookingsfrist else None,
        "medarbejder": d.medarbejder, "akasse_deltagelse": d.akasse_deltagelse,
    }


def _data_from_json(j: dict) -> Indkaldelsesdata:  # type: ignore[type-arg]
    def day(value: str | None) -> date | None:
        return date.fromisoformat(value) if value else None

    return Indkaldelsesdata(
        samtale_type=j["samtale_type"], start=datetime.fromisoformat(j["start"]), slut=datetime.fromisoformat(j["slut"]),
        samtaleform=j["samtaleform"], titel=j["titel"], sted=j["sted"], telefonnummer=j["telefonnummer"],
        adresse=Adresse(**j["adresse"]) if j["adresse"] else None, beskrivelse=j["beskrivelse"],
        kontaktmuligheder=j["kontaktmuligheder"], selvbooking_mulig=j["selvbooking_mulig"],
        alternative_tidspunkter=tuple(Tidsrum(datetime.fromisoformat(a), datetime.fromisoformat(b)) for a, b in j["alternative_tidspunkter"]),
        ombookingsfrist=day(j["ombookingsfrist"]), selvbookingsfrist=day(j["selvbookingsfrist"]),
        medarbejder=j["medarbejder"], akasse_deltagelse=j["akasse_deltagelse"],
    )
