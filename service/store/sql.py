"""The store: one SQLAlchemy engine, one transaction per call, domain objects in and out."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING, Any, ClassVar

from sqlalchemy import BindParameter, Row, Select, Table, bindparam, create_engine, delete, event, func, insert, select, text, update
from sqlalchemy.dialects import sqlite
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import DBAPIError, DisconnectionError, IntegrityError, OperationalError
from sqlalchemy.pool import StaticPool

from service.domain.clock import COPENHAGEN, Ur
from service.domain.model import (
    Adresse,
    AfholdtSamtale,
    Arbejdsgiver,
    Borger,
    Deltager,
    DelvisRaskmeldt,
    Fravaer,
    Fravaersperiode,
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
from service.domain.repositories import Tidsgraense
from service.domain.sandkasse import STANDARD, Sandkasse
from service.store.direct import Direct, Rows
from service.store.tables import (
    Base,
    BorgerRow,
    FravaerRow,
    IdentifikatorRow,
    IndkaldelseRow,
    IndkaldelsesversionRow,
    KontaktgruppeRow,
    PersonkategoriRow,
    RequestIdRow,
    SamtaleRow,
    SandkasseRow,
    TilmeldingRow,
    YderligereInformationRow,
)
from service.store.writers import WriterQueue


class Conflict(Exception):
    """A write broke a database constraint that no rule foresaw: a bug, answered as an internal error."""


def _local(moment: datetime) -> datetime:
    # Stored as naive Copenhagen time so SQLite and PostgreSQL give back the same value.
    return moment.astimezone(COPENHAGEN).replace(tzinfo=None)


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=COPENHAGEN)


# Per thread: how the transaction being opened must begin, and when its time is up.
_immediate: ContextVar[bool] = ContextVar("immediate", default=True)
_deadline: ContextVar[float | None] = ContextVar("deadline", default=None)
# A pooled PostgreSQL connection idle this long is pinged before use.
_PING_AFTER = 5.0
# SQLite calls the progress handler every this many virtual-machine instructions.
_PROGRESS_STEPS = 10_000


def make_engine(url: str, timeout: float) -> Engine:
    if url.startswith("sqlite"):
        return _sqlite_engine(url, timeout)
    # PostgreSQL cancels a statement or a lock wait that outlives the call's time limit. Set for the session
    # when the connection is opened (libpq's `options`), not with SET LOCAL in every transaction: that was
    # one more round trip per call, and the limit is the same for every call.
    ms = int(timeout * 1000)
    given = make_url(url).query.get("options")  # the URL's own options (a search_path, say) are kept
    options = " ".join([*([given] if isinstance(given, str) else given or ()), f"-c statement_timeout={ms} -c lock_timeout={ms}"])
    try:
        engine = create_engine(url, pool_size=20, max_overflow=20, connect_args={"options": options})
    except ModuleNotFoundError as error:
        # The PostgreSQL driver is an optional extra (pyproject.toml), not installed with the emulator.
        raise RuntimeError(
            f"{url.split(':')[0]} needs the package {error.name}: pip install 'dfdg-emulator[postgres]' "
            "(in this folder: .venv/bin/pip install -e '.[postgres]')"
        ) from None
    _ping_when_idle(engine)
    return engine


def _ping_when_idle(engine: Engine) -> None:
    """Try a pooled connection before use when it has lain idle `_PING_AFTER` seconds (a server restarted, a
    firewall that drops idle connections); a dead one is replaced before the call uses it.

    Not before every use (SQLAlchemy's pool_pre_ping): that was a round trip in every call, 12 % of a write's CPU
    and 30 % of a read's. A connection that dies while in use fails its call (a fault, nothing written), and the
    pool is renewed then (direct.py)."""

    @event.listens_for(engine, "checkin")
    def _idle(_dbapi_connection, record):  # type: ignore[no-untyped-def]
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping(dbapi_connection, record, _proxy):  # type: ignore[no-untyped-def]
        since = record.info.get("idle_since")
        if since is None or time.monotonic() - since < _PING_AFTER:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            raise DisconnectionError(str(error)) from error  # the pool replaces it and tries again


def _sqlite_engine(url: str, timeout: float) -> Engine:
    memory = url in ("sqlite://", "sqlite:///:memory:")
    # An in-memory database lives in one connection: share it between threads (Store serialises them).
    # A file: a connection for each of serve's threads (4 by default) kept open, rather than SQLAlchemy's
    # default of 5 plus overflow ones opened and closed again under load, each with the pragmas below.
    engine = create_engine(
        url,
        connect_args={"check_same_thread": False, "timeout": timeout},
        **({"poolclass": StaticPool} if memory else {"pool_size": 20, "max_overflow": 20, "pool_use_lifo": True}),
    )

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(connection, _record):  # type: ignore[no-untyped-def]
        # The driver must not open transactions itself: _begin below does, so a write can take the
        # write lock first (BEGIN IMMEDIATE) instead of upgrading a read lock, which deadlocks.
        connection.isolation_level = None
        cursor = connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        if not memory:
            cursor.execute("PRAGMA journal_mode=WAL")
            # WAL with NORMAL sync survives a crash of the emulator; only a power cut may lose the last commits.
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
        connection.set_progress_handler(_past_deadline, _PROGRESS_STEPS)

    @event.listens_for(engine, "begin")
    def _begin(connection):  # type: ignore[no-untyped-def]
        # On the driver's connection: SQLAlchemy's execution of it cost as much as the rest of opening the transaction.
        sql = "BEGIN IMMEDIATE" if _immediate.get() else "BEGIN"
        try:
            connection.connection.driver_connection.execute(sql)
        except sqlite3.Error as error:
            lost = engine.dialect.is_disconnect(error, connection.connection.dbapi_connection, None)
            if lost:  # as direct.py does for a statement: this connection and the pool's others are not used again
                connection.invalidate(error)
                engine.dispose()
            raise DBAPIError.instance(sql, (), error, sqlite3.Error, connection_invalidated=lost) from error

    # No idle ping (`_ping_when_idle`): a SQLite connection has no server to lose, and its two pool events would
    # run in every call.
    return engine


def _past_deadline() -> int:
    """SQLite's progress handler: non-zero interrupts the running statement."""
    deadline = _deadline.get()
    return int(deadline is not None and time.monotonic() > deadline)


class Store:
    """All state of the emulator. `transaction()` is the unit of work of one SOAP call.

    Invariants hold by the database, not by a read before the write (README, "Concurrency"):
    writes on SQLite begin with the database's write lock (BEGIN IMMEDIATE), so writers take turns;
    on PostgreSQL a write locks the citizen's row first (`get_borger(lock=True)`), so calls on one
    citizen take turns and each sees what the one before committed. Identifiers and RequestIds are
    claimed by conditional inserts, and unique indexes back the one-open-group and no-duplicate rules.
    """

    def __init__(self, url: str, timeout: float = 30.0) -> None:
        self.url = url
        self.timeout = timeout
        self.engine = make_engine(url, timeout)
        self.kind = self.engine.dialect.name
        self._direct = Direct(self.engine.dialect)
        Base.metadata.create_all(self.engine)  # a database of an earlier release: `serve` upgrades it first (migrations/)
        # One shared in-memory connection cannot hold two transactions: calls take turns.
        self._serial = threading.Lock() if isinstance(self.engine.pool, StaticPool) else None
        # A SQLite file: writers take turns in order, in this process and across processes (writers.py).
        file = None if self._serial is not None else make_url(url).database
        self.writers = WriterQueue(file) if self.kind == "sqlite" and self._serial is None else None

    @contextmanager
    def _turn(self, write: bool) -> Iterator[None]:
        """The turn to write (SQLite file), within the call's time limit; nothing to wait for otherwise."""
        if self._serial is not None:
            with self._serial:
                yield
            return
        if self.writers is None or not write:
            yield
            return
        with self.writers.turn(self.timeout):
            yield

    @contextmanager
    def transaction(self, write: bool = True, sandkasse: str = STANDARD) -> Iterator[Repository]:
        with self._turn(write):
            immediate, deadline = _immediate.set(write), _deadline.set(time.monotonic() + self.timeout)
            # A Connection, not an ORM Session: nothing here uses the ORM, and a Session's bookkeeping costs per call.
            connection = self.engine.connect()
            try:
                transaction = connection.begin()
                yield Repository(connection, self.kind, sandkasse, self._direct)
                transaction.commit()
            except IntegrityError as error:
                connection.rollback()
                raise Conflict(str(error.orig)) from error
            except OperationalError as error:
                connection.rollback()
                if _cancelled(error):
                    raise Tidsgraense(str(error.orig)) from error
                raise
            except BaseException:
                connection.rollback()
                raise
            finally:
                connection.close()
                _immediate.reset(immediate)
                _deadline.reset(deadline)

    def reset(self) -> None:
        """Delete everything stored, in every sandbox, the registry included."""
        with self.transaction() as repo:
            for table in reversed(Base.metadata.sorted_tables):
                repo.c.execute(table.delete())

    # --- the sandbox registry ---
    def opret_sandkasse(self, navn: str, maks: int, oprettet: datetime) -> bool:
        """Register the sandbox unless it exists; False when `maks` sandboxes exist already.

        Counted and inserted under one lock (PostgreSQL: an advisory transaction lock; SQLite: the write
        lock of BEGIN IMMEDIATE), so processes creating sandboxes at once never pass the maximum."""
        with self.transaction(write=True, sandkasse=navn) as repo:
            if self.kind == "postgresql":
                repo.c.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _REGISTRY_LOCK})
            t = SandkasseRow.__table__
            if repo.c.scalar(select(t.c.navn).where(t.c.navn == navn)) is not None:
                return True
            if (repo.c.scalar(select(func.count()).select_from(t)) or 0) >= maks:
                return False
            repo.c.execute(insert(t).values(navn=navn, oprettet=_local(oprettet), loebende=False, id_naeste=0))
            return True

    def sandkasser(self) -> list[Sandkasse]:
        with self.transaction(write=False) as repo:
            return repo.alle_sandkasser()

    def slet_sandkasse(self, navn: str) -> bool:
        with self.transaction(write=True, sandkasse=navn) as repo:
            return repo.slet_sandkasse(navn)

    def dispose(self) -> None:
        self.engine.dispose()


def _cancelled(error: OperationalError) -> bool:
    """SQLite's interrupt (progress handler) or lock wait, PostgreSQL's statement or lock timeout."""
    text = str(error.orig).lower()
    return any(s in text for s in ("interrupted", "database is locked", "statement timeout", "lock timeout"))


BORGER, TILMELDING, KONTAKTGRUPPE, PERSONKATEGORI = (
    BorgerRow.__table__,
    TilmeldingRow.__table__,
    KontaktgruppeRow.__table__,
    PersonkategoriRow.__table__,
)
FRAVAER, YDERLIGERE, SAMTALE = FravaerRow.__table__, YderligereInformationRow.__table__, SamtaleRow.__table__
INDKALDELSE, INDKALDELSESVERSION = IndkaldelseRow.__table__, IndkaldelsesversionRow.__table__
SANDKASSE, IDENTIFIKATOR, REQUEST_ID = SandkasseRow.__table__, IdentifikatorRow.__table__, RequestIdRow.__table__
# The key of PostgreSQL's advisory lock around creating sandboxes and migrating the schema.
_REGISTRY_LOCK = 0x5A4D_0011

# The statements of the per-call reads and writes, built once with bound parameters (issue 8 item 10): building
# a statement and computing its cache key cost about three times executing it (80 µs against 22 µs for a
# select by key on SQLite); a statement object built once keeps its cache key. Parameters of the WHERE
# clauses are named k_*, apart from the column names an INSERT or UPDATE takes its values by.
_SANDKASSE: BindParameter[str] = bindparam("k_sandkasse")
_CPR: BindParameter[str] = bindparam("k_cpr")
_ID: BindParameter[str] = bindparam("k_id")


def _mine(table: Table):  # type: ignore[no-untyped-def]
    return table.c.sandkasse == _SANDKASSE


def _af_borger(table: Table, *order: Any) -> Select[Any]:
    return select(table).where(_mine(table), table.c.cpr == _CPR).order_by(*order)


def _med_id(table: Table) -> Select[Any]:
    return select(table).where(_mine(table), table.c.identifier == _ID)


def _opdater(table: Table) -> Any:
    """UPDATE of the row with this identifier, its SET clause made from the values given; tells whether it was there."""
    return update(table).where(_mine(table), table.c.identifier == _ID).returning(table.c.identifier)


class _Q:
    """The statements built once (see above)."""

    sandkasse = select(SANDKASSE).where(SANDKASSE.c.navn == _SANDKASSE)
    borger = _af_borger(BORGER)
    borger_laast = borger.with_for_update()
    tilmeldinger = _af_borger(TILMELDING, TILMELDING.c.id)
    # A citizen's groups with their subgroup periods in one statement: a group without periods gives one row of NULLs.
    kontaktgrupper = (
        select(
            KONTAKTGRUPPE.c.identifier,
            KONTAKTGRUPPE.c.cpr,
            KONTAKTGRUPPE.c.kontaktgruppe_type,
            KONTAKTGRUPPE.c.startdato,
            KONTAKTGRUPPE.c.slutdato,
            PERSONKATEGORI.c.personkategori,
            PERSONKATEGORI.c.startdato,
            PERSONKATEGORI.c.slutdato,
        )
        .outerjoin(
            PERSONKATEGORI,
            (PERSONKATEGORI.c.sandkasse == KONTAKTGRUPPE.c.sandkasse)
            & (PERSONKATEGORI.c.kontaktgruppe_identifier == KONTAKTGRUPPE.c.identifier),
        )
        .where(_mine(KONTAKTGRUPPE), KONTAKTGRUPPE.c.cpr == _CPR)
        .order_by(KONTAKTGRUPPE.c.startdato, KONTAKTGRUPPE.c.seq, PERSONKATEGORI.c.id)
    )
    kontaktgrupper_antal = select(func.count()).select_from(KONTAKTGRUPPE).where(_mine(KONTAKTGRUPPE), KONTAKTGRUPPE.c.cpr == _CPR)
    personkategorier_slet = delete(PERSONKATEGORI).where(_mine(PERSONKATEGORI), PERSONKATEGORI.c.kontaktgruppe_identifier == _ID)
    fravaer = _af_borger(FRAVAER, FRAVAER.c.startdato, FRAVAER.c.registreret)
    fravaer_id = _med_id(FRAVAER)
    # What the rules read of the other absences and conversations: not deleted ones, a few columns.
    fravaersperioder = (
        select(
            FRAVAER.c.identifier,
            FRAVAER.c.cpr,
            FRAVAER.c.fravaer_type,
            FRAVAER.c.startdato,
            FRAVAER.c.slutdato,
            FRAVAER.c.kontaktgruppe,
            FRAVAER.c.personkategori,
        )
        .where(_mine(FRAVAER), FRAVAER.c.cpr == _CPR, FRAVAER.c.slettet.is_(False))
        .order_by(FRAVAER.c.startdato, FRAVAER.c.registreret)
    )
    afholdte = (
        select(SAMTALE.c.identifier, SAMTALE.c.cpr, SAMTALE.c.samtale_type, SAMTALE.c.afholdt)
        .where(_mine(SAMTALE), SAMTALE.c.cpr == _CPR, SAMTALE.c.slettet.is_(False))
        .order_by(SAMTALE.c.afholdt, SAMTALE.c.registreret)
    )
    yderligere_fravaer = (
        select(YDERLIGERE)
        .where(_mine(YDERLIGERE), YDERLIGERE.c.fravaer_identifier == _ID)
        .order_by(YDERLIGERE.c.registreret, YDERLIGERE.c.identifier)
    )
    yderligere_id = _med_id(YDERLIGERE)
    samtaler = _af_borger(SAMTALE, SAMTALE.c.afholdt, SAMTALE.c.registreret)
    samtale_id = _med_id(SAMTALE)
    indkaldelser = _af_borger(INDKALDELSE)
    indkaldelse_id = _med_id(INDKALDELSE)
    # An invitation's versions, and those of every invitation of a citizen by a subquery on the citizen: not by an
    # IN list of the invitations' ids (an expanding IN is compiled for each number of ids, so it ran through
    # SQLAlchemy's execution, a third of GetIndkaldelser's time), nor by a join (SQLite's planner then read the
    # sandbox's versions first with some hash seeds).
    versioner_id = (
        select(INDKALDELSESVERSION)
        .where(_mine(INDKALDELSESVERSION), INDKALDELSESVERSION.c.indkaldelse_identifier == _ID)
        .order_by(INDKALDELSESVERSION.c.version)
    )
    versioner_borger = (
        select(INDKALDELSESVERSION)
        .where(
            _mine(INDKALDELSESVERSION),
            INDKALDELSESVERSION.c.indkaldelse_identifier.in_(
                select(INDKALDELSE.c.identifier).where(_mine(INDKALDELSE), INDKALDELSE.c.cpr == _CPR)
            ),
        )
        .order_by(INDKALDELSESVERSION.c.version)
    )
    request_id_fornyet = (
        update(REQUEST_ID)
        .where(_mine(REQUEST_ID), REQUEST_ID.c.request_id == _ID, REQUEST_ID.c.modtaget <= bindparam("k_udloebet"))
        .values(modtaget=bindparam("k_nu"))
        .returning(REQUEST_ID.c.request_id)
    )
    request_id_set = select(REQUEST_ID.c.modtaget).where(_mine(REQUEST_ID), REQUEST_ID.c.request_id == _ID)
    naeste_id = (
        update(SANDKASSE).where(SANDKASSE.c.navn == _SANDKASSE).values(id_naeste=SANDKASSE.c.id_naeste + 1).returning(SANDKASSE.c.id_naeste)
    )
    opdater: ClassVar[dict[Any, Any]] = {t: _opdater(t) for t in (FRAVAER, YDERLIGERE, SAMTALE, INDKALDELSE, KONTAKTGRUPPE)}
    indsaet: ClassVar[dict[Any, Any]] = {
        t: insert(t) for t in (FRAVAER, YDERLIGERE, SAMTALE, INDKALDELSE, KONTAKTGRUPPE, PERSONKATEGORI, TILMELDING, INDKALDELSESVERSION)
    }


@cache
def _claim(kind: str, table: Table) -> Any:
    """INSERT ... ON CONFLICT DO NOTHING RETURNING the key: the conditional insert that claims a key atomically."""
    if kind == "postgresql":  # imported here: SQLAlchemy's PostgreSQL dialect is not loaded on SQLite (start-up time)
        from sqlalchemy.dialects import postgresql

        return postgresql.insert(table).on_conflict_do_nothing().returning(table.primary_key.columns[0])
    return sqlite.insert(table).on_conflict_do_nothing().returning(table.primary_key.columns[0])


class Repository:
    """Reads and writes of one transaction, in domain terms.

    Core statements on the transaction's connection, not ORM objects: the ORM's unit of work costs several
    times a compiled statement, and rows here map to domain dataclasses anyway. The per-call ones are built
    once (`_Q`) and run on the driver's cursor (direct.py); the rest (the registry, emptying a sandbox, the
    measurement's set-based reads) through SQLAlchemy."""

    def __init__(self, connection: Connection, kind: str, sandkasse: str, direct: Direct) -> None:
        self.c = connection
        self.kind = kind
        self._direct = direct
        self._cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        # Every statement below reads and writes this sandbox's rows only.
        self.sandkasse = sandkasse
        self._k = {"k_sandkasse": sandkasse}
        # Identifiers this transaction claimed and has not yet stored: no row can have them, so they are inserted
        # without first trying an update.
        self._nye: set[str] = set()

    def _mine(self, table: Table):  # type: ignore[no-untyped-def]
        return table.c.sandkasse == self.sandkasse

    def _rows(self, statement: Any, **keys: Any) -> Rows:
        """Run one of the statements built once (`_Q`, `_claim`) on the driver's cursor (direct.py)."""
        return self._run(statement, {**self._k, **keys})

    def _run(self, statement: Any, parameters: dict[str, Any]) -> Rows:
        return self._direct.run(self.c, self._cursor, statement, parameters)

    def _insert_new(self, table: Table, **values: object) -> bool:
        """The conditional insert that claims a key atomically; True if inserted.

        Told by RETURNING, since drivers differ in the rowcount they give for it."""
        return self._run(_claim(self.kind, table), {"sandkasse": self.sandkasse, **values}).first() is not None

    def _save(self, table: Table, identifier: str, values: dict[str, object]) -> None:
        """Update the row with this identifier, or insert it (a new identifier was claimed by this call)."""
        if identifier in self._nye or self._rows(_Q.opdater[table], k_id=identifier, **values).first() is None:
            self._nye.discard(identifier)
            self._run(_Q.indsaet[table], {"sandkasse": self.sandkasse, "identifier": identifier, **values})

    def delete_all(self, id_froe: int | None = None) -> None:
        """Empty this sandbox: its data, RequestIds and clock; ids from `id_froe`'s sequence from now on, if given."""
        # Children before parents, for the foreign keys; every table of sandbox data.
        for table in reversed(Base.metadata.sorted_tables):
            if table is not SANDKASSE:
                self.c.execute(table.delete().where(self._mine(table)))
        self.c.execute(
            update(SANDKASSE)
            .where(SANDKASSE.c.navn == self.sandkasse)
            .values(dato=None, tidspunkt=None, loebende=False, reference=None, id_froe=id_froe, id_naeste=0)
        )

    # --- the sandbox's own clock and id sequence ---
    def sandkasse_data(self) -> Sandkasse | None:
        """This sandbox's registry row; None when it is not registered (SandkasseMangler for the caller)."""
        row = self._rows(_Q.sandkasse).first()
        return _sandkasse(row) if row else None

    def alle_sandkasser(self) -> list[Sandkasse]:
        """Every sandbox with its clock and number of citizens, by name (the registry: TestSupportService reads it)."""
        b = BORGER
        antal: dict[str, int] = dict(self.c.execute(select(b.c.sandkasse, func.count()).group_by(b.c.sandkasse)).all())  # type: ignore[arg-type]
        return [_sandkasse(r, antal.get(r.navn, 0)) for r in self.c.execute(select(SANDKASSE).order_by(SANDKASSE.c.navn))]

    def slet_sandkasse(self, navn: str) -> bool:
        """Delete the sandbox `navn` and everything in it; False if it was not registered."""
        for table in reversed(Base.metadata.sorted_tables):
            if table is not SANDKASSE:
                self.c.execute(table.delete().where(table.c.sandkasse == navn))
        return self.c.execute(delete(SANDKASSE).where(SANDKASSE.c.navn == navn).returning(SANDKASSE.c.navn)).first() is not None

    def set_ur(self, ur: Ur) -> None:
        self.c.execute(
            update(SANDKASSE)
            .where(SANDKASSE.c.navn == self.sandkasse)
            .values(
                dato=ur.dato,
                tidspunkt=_local(ur.tidspunkt) if ur.tidspunkt else None,
                loebende=ur.loebende,
                reference=ur.reference.astimezone(UTC).replace(tzinfo=None) if ur.reference else None,
            )
        )

    def naeste_id_nummer(self) -> int:
        """Take the next number of the sandbox's seeded id sequence (from 0). The update locks the sandbox's
        row to the end of the call, so concurrent calls of one seeded sandbox take their numbers in turn."""
        return int(self._rows(_Q.naeste_id).scalar_one()) - 1

    # --- claims: the first of two concurrent calls wins, the other learns it here ---
    def claim_identifier(self, identifier: str) -> bool:
        """Take `identifier` for a new entity; False if any entity has it (or a concurrent call just took it)."""
        if not self._insert_new(IDENTIFIKATOR, identifier=identifier):
            return False
        self._nye.add(identifier)
        return True

    def claim_request_id(self, request_id: str, now: datetime, window: timedelta) -> datetime | None:
        """Take `request_id` at `now`: None when taken, else when it was last taken (within `window`).

        A conditional insert, then a conditional update of an expired one; a concurrent call with the same
        id waits for this transaction and then finds the id taken."""
        if self._insert_new(REQUEST_ID, request_id=request_id, modtaget=_local(now)):
            return None
        if self._rows(_Q.request_id_fornyet, k_id=request_id, k_udloebet=_local(now - window), k_nu=_local(now)).first() is not None:
            return None
        seen = self._rows(_Q.request_id_set, k_id=request_id).scalar()
        return _aware(seen) if seen else now

    # --- citizens ---
    def get_borger(self, cpr: str, lock: bool = False) -> Borger | None:
        """The citizen; `lock` (for a write) makes concurrent writes on the same citizen take turns."""
        row = self._rows(_Q.borger_laast if lock and self.kind == "postgresql" else _Q.borger, k_cpr=cpr).first()
        return _borger(row) if row else None

    def borgere(self, kommunekode: str | None = None, jobcenterkode: str | None = None) -> list[Borger]:
        query = select(BORGER).where(self._mine(BORGER)).order_by(BORGER.c.cpr)
        if kommunekode is not None:
            query = query.where(BORGER.c.kommunekode == kommunekode)
        if jobcenterkode is not None:
            query = query.where(BORGER.c.jobcenterkode == jobcenterkode)
        return [_borger(r) for r in self.c.execute(query)]

    def add_borger(self, borger: Borger) -> bool:
        """Create the citizen; False if the CPR exists (or a concurrent call just created it)."""
        return self._insert_new(
            BORGER,
            cpr=borger.cpr,
            navn=borger.navn,
            kommunekode=borger.kommunekode,
            jobcenterkode=borger.jobcenterkode,
            akassekode=borger.akassekode,
        )

    def tilmeldinger(self, cpr: str) -> list[Tilmeldingshaendelse]:
        return [_tilmelding(r) for r in self._rows(_Q.tilmeldinger, k_cpr=cpr)]

    def add_tilmelding(self, t: Tilmeldingshaendelse) -> None:
        self._run(
            _Q.indsaet[TILMELDING],
            {
                "sandkasse": self.sandkasse,
                "cpr": t.cpr,
                "tilmeldt": t.tilmeldt,
                "fra": t.fra,
                "aarsag": t.aarsag,
                "registreret": _local(t.registreret),
            },
        )

    # --- contact groups ---
    def kontaktgrupper(self, cpr: str) -> list[Kontaktgruppe]:
        """The citizen's groups with their subgroup periods, in one statement."""
        grupper: dict[str, Kontaktgruppe] = {}
        for identifier, borger, kontaktgruppe_type, start, slut, kategori, fra, til in self._rows(_Q.kontaktgrupper, k_cpr=cpr):
            kg = grupper.get(identifier)
            if kg is None:
                kg = grupper[identifier] = _kontaktgruppe(identifier, borger, kontaktgruppe_type, start, slut, [])
            if kategori is not None:
                kg.personkategorier.append(_periode(kategori, fra, til))
        return list(grupper.values())

    def save_kontaktgruppe(self, kg: Kontaktgruppe) -> None:
        """Insert or update the group and replace its subgroup periods."""
        values = {"cpr": kg.cpr, "kontaktgruppe_type": kg.kontaktgruppe_type, "startdato": kg.startdato, "slutdato": kg.slutdato}
        ny = kg.identifier in self._nye
        if ny or self._rows(_Q.opdater[KONTAKTGRUPPE], k_id=kg.identifier, **values).first() is None:
            self._nye.discard(kg.identifier)
            seq = self._rows(_Q.kontaktgrupper_antal, k_cpr=kg.cpr).scalar()
            self._run(_Q.indsaet[KONTAKTGRUPPE], {"sandkasse": self.sandkasse, "identifier": kg.identifier, "seq": seq, **values})
        if not ny:
            self._rows(_Q.personkategorier_slet, k_id=kg.identifier)
        if kg.personkategorier:
            self.c.execute(
                _Q.indsaet[PERSONKATEGORI],
                [
                    {
                        "sandkasse": self.sandkasse,
                        "kontaktgruppe_identifier": kg.identifier,
                        "personkategori": p.personkategori,
                        "startdato": p.startdato,
                        "slutdato": p.slutdato,
                    }
                    for p in kg.personkategorier
                ],
            )

    # --- absences ---
    def fravaer(self, cpr: str) -> list[Fravaer]:
        return [_fravaer(r) for r in self._rows(_Q.fravaer, k_cpr=cpr)]

    def get_fravaer(self, identifier: str) -> Fravaer | None:
        row = self._rows(_Q.fravaer_id, k_id=identifier).first()
        return _fravaer(row) if row else None

    def fravaersperioder(self, cpr: str) -> list[Fravaersperiode]:
        """The citizen's absences that are not deleted, as the rules read the other absences (type and period)."""
        return [Fravaersperiode(*r) for r in self._rows(_Q.fravaersperioder, k_cpr=cpr)]

    def save_fravaer(self, f: Fravaer) -> None:
        self._save(
            FRAVAER,
            f.identifier,
            {
                "cpr": f.cpr,
                "fravaer_type": f.fravaer_type,
                "startdato": f.startdato,
                "slutdato": f.slutdato,
                "anmeldelsesdato": f.anmeldelsesdato,
                "kommentar": f.kommentar,
                "afslutningsaarsag": f.afslutningsaarsag,
                "ledighedsgrad": f.ledighedsgrad,
                "slettet": f.slettet,
                "berigtigelseskommentar": f.berigtigelseskommentar,
                "cvr": f.arbejdsgiver.cvr if f.arbejdsgiver else None,
                "pnummer": f.arbejdsgiver.pnummer if f.arbejdsgiver else None,
                "registreret": _local(f.registreret),
                "kontaktgruppe": f.kontaktgruppe,
                "personkategori": f.personkategori,
            },
        )

    # --- additional information on sick notices ---
    def yderligere_information(self, fravaer_identifier: str) -> list[YderligereInformation]:
        return [_yderligere(r) for r in self._rows(_Q.yderligere_fravaer, k_id=fravaer_identifier)]

    def get_yderligere_information(self, identifier: str) -> YderligereInformation | None:
        row = self._rows(_Q.yderligere_id, k_id=identifier).first()
        return _yderligere(row) if row else None

    def save_yderligere_information(self, y: YderligereInformation) -> None:
        d = y.delvis_raskmeldt
        self._save(
            YDERLIGERE,
            y.identifier,
            {
                "fravaer_identifier": y.fravaer_identifier,
                "delvis_startdato": d.startdato if d else None,
                "delvis_slutdato": d.slutdato if d else None,
                "timer_pr_uge": d.timer_pr_uge if d else None,
                "forventet_inden_13_uger": y.forventet_raskmelding_inden_13_uger,
                "kommentar": y.kommentar,
                "slettet": y.slettet,
                "registreret": _local(y.registreret),
            },
        )

    # --- held conversations ---
    def samtaler(self, cpr: str) -> list[Samtale]:
        return [_samtale(r) for r in self._rows(_Q.samtaler, k_cpr=cpr)]

    def afholdte_samtaler(self, cpr: str) -> list[AfholdtSamtale]:
        """The citizen's conversations that are not deleted, type and time only (what the absence rules read)."""
        return [AfholdtSamtale(*r) for r in self._rows(_Q.afholdte, k_cpr=cpr)]

    def get_samtale(self, identifier: str) -> Samtale | None:
        row = self._rows(_Q.samtale_id, k_id=identifier).first()
        return _samtale(row) if row else None

    def save_samtale(self, m: Samtale) -> None:
        self._save(
            SAMTALE,
            m.identifier,
            {
                "cpr": m.cpr,
                "samtale_type": m.samtale_type,
                "afholdt": _local(m.afholdt),
                "samtaleform": m.samtaleform,
                "deltagere": [{"navn": d.navn, "rolle": d.rolle, "deltagelsesform": d.deltagelsesform} for d in m.deltagere],
                "indkaldelse_identifier": m.indkaldelse_identifier,
                "aftale": m.aftale,
                "akasse_deltagelse": m.akasse_deltagelse,
                "nulstillende": m.nulstillende,
                "slettet": m.slettet,
                "registreret": _local(m.registreret),
                "oplysninger": {
                    "cv_godkendelse": m.cv_godkendelse,
                    "konklusion": m.konklusion,
                    "aftaler": m.aftaler,
                    "saerlig_indsats": m.saerlig_indsats,
                    "indberetter": list(m.indberetter) if m.indberetter else None,
                },
            },
        )

    # --- invitations, with every version kept ---
    def indkaldelser(self, cpr: str) -> list[Indkaldelse]:
        found = self._indkaldelser(self._rows(_Q.indkaldelser, k_cpr=cpr), lambda: self._rows(_Q.versioner_borger, k_cpr=cpr))
        return sorted(found, key=lambda i: (i.data.start, i.identifier))

    def get_indkaldelse(self, identifier: str) -> Indkaldelse | None:
        rows = self._rows(_Q.indkaldelse_id, k_id=identifier)
        return next(iter(self._indkaldelser(rows, lambda: self._rows(_Q.versioner_id, k_id=identifier))), None)

    def add_indkaldelsesversion(self, cpr: str, identifier: str, aflyst: bool, v: Indkaldelsesversion) -> None:
        self._save(INDKALDELSE, identifier, {"cpr": cpr, "aflyst": aflyst})
        self._run(
            _Q.indsaet[INDKALDELSESVERSION],
            {
                "sandkasse": self.sandkasse,
                "indkaldelse_identifier": identifier,
                "version": v.version,
                "aendring": v.aendring,
                "data": _data_to_json(v.data),
                "begrundelse": v.begrundelse,
                "registreret": _local(v.registreret),
            },
        )

    def _indkaldelser(self, rows: Sequence[Row[Any]], versioner: Callable[[], Rows]) -> list[Indkaldelse]:
        """The invitations of `rows` with every version, read by `versioner` (one statement for all of them)."""
        historik: dict[str, list[Indkaldelsesversion]] = {r.identifier: [] for r in rows}
        if rows:
            for v in versioner():
                historik[v.indkaldelse_identifier].append(
                    Indkaldelsesversion(
                        version=v.version,
                        aendring=v.aendring,
                        data=_data_from_json(v.data),
                        registreret=_aware(v.registreret),
                        begrundelse=v.begrundelse,
                    )
                )
        return [Indkaldelse(identifier=r.identifier, cpr=r.cpr, aflyst=r.aflyst, historik=historik[r.identifier]) for r in rows]

    # --- set-based reads for the measurement (issue 8) ---
    # One Core select per kind, for the citizens of a unit, grouped by CPR in the
    # stored order of the per-citizen reads above. Optional date bounds let the measurement load only rows
    # that can matter; the domain objects are the same.

    def _enhed(
        self,
        column: Any,
        kommunekode: str | None,
        jobcenterkode: str | None,
        gruppe_paa: date | None = None,
        gruppe_startet_fra: date | None = None,
    ) -> Any:
        """Rows of the unit's citizens; with `gruppe_paa`, only citizens with a contact group
        covering that day which started on or after `gruppe_startet_fra` (the measurement's candidates)."""
        borgere = select(BorgerRow.cpr).where(BorgerRow.sandkasse == self.sandkasse)
        if kommunekode is not None:
            borgere = borgere.where(BorgerRow.kommunekode == kommunekode)
        if jobcenterkode is not None:
            borgere = borgere.where(BorgerRow.jobcenterkode == jobcenterkode)
        if gruppe_paa is not None:
            kg = KontaktgruppeRow.__table__
            borgere = borgere.where(
                BorgerRow.cpr.in_(
                    select(kg.c.cpr).where(
                        self._mine(kg),
                        kg.c.startdato <= gruppe_paa,
                        kg.c.startdato >= (gruppe_startet_fra or date.min),
                        (kg.c.slutdato.is_(None)) | (kg.c.slutdato >= gruppe_paa),
                    )
                )
            )
        return column.in_(borgere)

    def afholdte_samtaler_for(
        self, cprs: Sequence[str], fra: date | None = None, til: date | None = None, typer: frozenset[int] | None = None
    ) -> dict[str, list[AfholdtSamtale]]:
        """Held, not deleted conversations of these citizens as the measurement counts them (type and time only),
        in CPR chunks of a bounded size; `fra`/`til`: only those held on those days (Copenhagen dates)."""
        t = SamtaleRow.__table__
        result: dict[str, list[AfholdtSamtale]] = {}
        for chunk in _chunks(cprs):
            query = select(t.c.identifier, t.c.cpr, t.c.samtale_type, t.c.afholdt).where(
                self._mine(t), t.c.cpr.in_(chunk), t.c.slettet.is_(False)
            )
            if fra is not None:
                query = query.where(t.c.afholdt >= datetime.combine(fra, datetime.min.time()))
            if til is not None and til < date.max:
                query = query.where(t.c.afholdt < datetime.combine(til + timedelta(days=1), datetime.min.time()))
            if typer is not None:
                query = query.where(t.c.samtale_type.in_(sorted(typer)))
            for r in self.c.execute(query.order_by(t.c.cpr, t.c.afholdt, t.c.registreret)).all():
                result.setdefault(r[1], []).append(AfholdtSamtale(*r))
        return result

    def kontaktgrupper_for(
        self,
        kommunekode: str | None = None,
        jobcenterkode: str | None = None,
        fra: date | None = None,
        til: date | None = None,
        gruppe_paa: date | None = None,
        gruppe_startet_fra: date | None = None,
    ) -> dict[str, list[Kontaktgruppe]]:
        """Contact groups with their subgroup periods, per CPR; `fra`/`til`: only groups ending on or after
        `fra` minus one day (so a course's chain of adjacent groups stays whole) and starting on or before `til`."""
        kg = KontaktgruppeRow.__table__
        where = [self._mine(kg), self._enhed(kg.c.cpr, kommunekode, jobcenterkode, gruppe_paa, gruppe_startet_fra)]
        if fra is not None and fra > date.min:
            where.append((kg.c.slutdato.is_(None)) | (kg.c.slutdato >= fra - timedelta(days=1)))
        if til is not None:
            where.append(kg.c.startdato <= til)
        perioder: dict[str, list[Personkategoriperiode]] = {}
        pk = PersonkategoriRow.__table__
        for identifier, kategori, start, slut in self.c.execute(
            select(pk.c.kontaktgruppe_identifier, pk.c.personkategori, pk.c.startdato, pk.c.slutdato)
            .join(kg, (kg.c.sandkasse == pk.c.sandkasse) & (kg.c.identifier == pk.c.kontaktgruppe_identifier))
            .where(*where)
            .order_by(pk.c.id)
        ).all():
            perioder.setdefault(identifier, []).append(_periode(kategori, start, slut))
        result: dict[str, list[Kontaktgruppe]] = {}
        for identifier, borger, kontaktgruppe_type, start, slut in self.c.execute(
            select(kg.c.identifier, kg.c.cpr, kg.c.kontaktgruppe_type, kg.c.startdato, kg.c.slutdato)
            .where(*where)
            .order_by(kg.c.cpr, kg.c.startdato, kg.c.seq)
        ).all():
            result.setdefault(borger, []).append(
                _kontaktgruppe(identifier, borger, kontaktgruppe_type, start, slut, perioder.get(identifier, []))
            )
        return result

    def fravaersperioder_for(
        self, cprs: Sequence[str], fra: date | None = None, til: date | None = None
    ) -> dict[str, list[Fravaersperiode]]:
        """Not deleted absences of these citizens (in CPR chunks of a bounded size), per CPR, as the measurement reads
        them; `fra`/`til`: only those overlapping [fra, til]."""
        t = FravaerRow.__table__
        result: dict[str, list[Fravaersperiode]] = {}
        for chunk in _chunks(cprs):
            query = select(
                t.c.identifier, t.c.cpr, t.c.fravaer_type, t.c.startdato, t.c.slutdato, t.c.kontaktgruppe, t.c.personkategori
            ).where(self._mine(t), t.c.cpr.in_(chunk), t.c.slettet.is_(False))
            if fra is not None:
                query = query.where((t.c.slutdato.is_(None)) | (t.c.slutdato >= fra))
            if til is not None:
                query = query.where(t.c.startdato <= til)
            for r in self.c.execute(query.order_by(t.c.cpr, t.c.startdato, t.c.registreret)).all():
                result.setdefault(r[1], []).append(Fravaersperiode(*r))
        return result


if TYPE_CHECKING:
    from service.domain.repositories import Lager, Repositorier

    def _implements(repo: Repository, store: Store) -> tuple[Repositorier, Lager]:
        """mypy checks here that the store gives the domain what its protocols ask (domain/repositories.py)."""
        return repo, store


def _sandkasse(r: Row[Any], borgere: int = 0) -> Sandkasse:
    ur = Ur(
        r.dato, _aware(r.tidspunkt) if r.tidspunkt else None, bool(r.loebende), r.reference.replace(tzinfo=UTC) if r.reference else None
    )
    return Sandkasse(r.navn, _aware(r.oprettet), ur, r.id_froe, borgere)


def _chunks(cprs: Sequence[str], size: int = 2000) -> Iterator[list[str]]:
    """CPR lists cut to a size every backend takes as bound parameters."""
    cprs = list(cprs)
    for i in range(0, len(cprs), size):
        yield cprs[i : i + size]


def _borger(r: Row[Any]) -> Borger:
    return Borger(cpr=r.cpr, navn=r.navn, kommunekode=r.kommunekode, jobcenterkode=r.jobcenterkode, akassekode=r.akassekode)


def _tilmelding(r: Row[Any]) -> Tilmeldingshaendelse:
    return Tilmeldingshaendelse(cpr=r.cpr, tilmeldt=r.tilmeldt, fra=r.fra, aarsag=r.aarsag, registreret=_aware(r.registreret))


def _periode(personkategori: int, startdato: date, slutdato: date | None) -> Personkategoriperiode:
    return Personkategoriperiode(personkategori=personkategori, startdato=startdato, slutdato=slutdato)


def _kontaktgruppe(
    identifier: str, cpr: str, kontaktgruppe_type: int, startdato: date, slutdato: date | None, perioder: list[Personkategoriperiode]
) -> Kontaktgruppe:
    return Kontaktgruppe(
        identifier=identifier,
        cpr=cpr,
        kontaktgruppe_type=kontaktgruppe_type,
        startdato=startdato,
        slutdato=slutdato,
        personkategorier=perioder,
    )


def _fravaer(r: Row[Any]) -> Fravaer:
    return Fravaer(
        identifier=r.identifier,
        cpr=r.cpr,
        fravaer_type=r.fravaer_type,
        startdato=r.startdato,
        anmeldelsesdato=r.anmeldelsesdato,
        registreret=_aware(r.registreret),
        slutdato=r.slutdato,
        kommentar=r.kommentar,
        afslutningsaarsag=r.afslutningsaarsag,
        ledighedsgrad=r.ledighedsgrad,
        arbejdsgiver=Arbejdsgiver(cvr=r.cvr, pnummer=r.pnummer) if r.cvr else None,
        slettet=r.slettet,
        berigtigelseskommentar=r.berigtigelseskommentar,
        kontaktgruppe=r.kontaktgruppe,
        personkategori=r.personkategori,
    )


def _yderligere(r: Row[Any]) -> YderligereInformation:
    delvis = (
        DelvisRaskmeldt(startdato=r.delvis_startdato, slutdato=r.delvis_slutdato, timer_pr_uge=r.timer_pr_uge)
        if r.delvis_startdato
        else None
    )
    return YderligereInformation(
        identifier=r.identifier,
        fravaer_identifier=r.fravaer_identifier,
        registreret=_aware(r.registreret),
        delvis_raskmeldt=delvis,
        forventet_raskmelding_inden_13_uger=r.forventet_inden_13_uger,
        kommentar=r.kommentar,
        slettet=r.slettet,
    )


def _samtale(r: Row[Any]) -> Samtale:
    o = r.oplysninger or {}
    return Samtale(
        identifier=r.identifier,
        cpr=r.cpr,
        samtale_type=r.samtale_type,
        afholdt=_aware(r.afholdt),
        samtaleform=r.samtaleform,
        registreret=_aware(r.registreret),
        deltagere=[Deltager(navn=d["navn"], rolle=d["rolle"], deltagelsesform=d["deltagelsesform"]) for d in r.deltagere],
        indkaldelse_identifier=r.indkaldelse_identifier,
        aftale=r.aftale,
        akasse_deltagelse=r.akasse_deltagelse,
        nulstillende=r.nulstillende,
        slettet=r.slettet,
        cv_godkendelse=o.get("cv_godkendelse"),
        konklusion=o.get("konklusion"),
        aftaler=o.get("aftaler"),
        saerlig_indsats=o.get("saerlig_indsats"),
        indberetter=tuple(o["indberetter"]) if o.get("indberetter") else None,
    )


def _data_to_json(d: Indkaldelsesdata) -> dict:  # type: ignore[type-arg]
    """Invitation fields as JSON: times as ISO text, nested values as objects."""
    a = d.adresse
    return {
        "samtale_type": d.samtale_type,
        "start": d.start.isoformat(),
        "slut": d.slut.isoformat() if d.slut else None,
        "samtaleform": d.samtaleform,
        "titel": d.titel,
        "sted": d.sted,
        "telefonnummer": d.telefonnummer,
        "beskrivelse": d.beskrivelse,
        "adresse": {"vejnavn": a.vejnavn, "husnummer": a.husnummer, "postnummer": a.postnummer, "by": a.by} if a else None,
        "kontaktmuligheder": d.kontaktmuligheder,
        "selvbooking_mulig": d.selvbooking_mulig,
        "alternative_tidspunkter": [[t.start.isoformat(), t.slut.isoformat()] for t in d.alternative_tidspunkter],
        "ombookingsfrist": d.ombookingsfrist.isoformat() if d.ombookingsfrist else None,
        "selvbookingsfrist": d.selvbookingsfrist.isoformat() if d.selvbookingsfrist else None,
        "medarbejder": d.medarbejder,
        "akasse_deltagelse": d.akasse_deltagelse,
        "borger_ringer_op": d.borger_ringer_op,
        "indberetter": list(d.indberetter) if d.indberetter else None,
    }


def _data_from_json(j: dict) -> Indkaldelsesdata:  # type: ignore[type-arg]
    def day(value: str | None) -> date | None:
        return date.fromisoformat(value) if value else None

    return Indkaldelsesdata(
        samtale_type=j["samtale_type"],
        start=datetime.fromisoformat(j["start"]),
        slut=datetime.fromisoformat(j["slut"]) if j["slut"] else None,
        samtaleform=j["samtaleform"],
        titel=j["titel"],
        sted=j["sted"],
        telefonnummer=j["telefonnummer"],
        adresse=Adresse(**j["adresse"]) if j["adresse"] else None,
        beskrivelse=j["beskrivelse"],
        kontaktmuligheder=j["kontaktmuligheder"],
        selvbooking_mulig=j["selvbooking_mulig"],
        alternative_tidspunkter=tuple(
            Tidsrum(start=datetime.fromisoformat(a), slut=datetime.fromisoformat(b)) for a, b in j["alternative_tidspunkter"]
        ),
        ombookingsfrist=day(j["ombookingsfrist"]),
        selvbookingsfrist=day(j["selvbookingsfrist"]),
        medarbejder=j["medarbejder"],
        akasse_deltagelse=j["akasse_deltagelse"],
        borger_ringer_op=j.get("borger_ringer_op"),
        indberetter=tuple(j["indberetter"]) if j.get("indberetter") else None,
    )
