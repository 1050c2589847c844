"""The repository protocols (domain/repositories.py) in memory: plain lists and dicts, no SQL, for domain tests.

`MemoryStore` holds every sandbox; `transaction()` hands out a `MemoryRepository` for one sandbox, as
`store/sql.Store` does, and restores the state when the call fails, so a refused call writes nothing here too.
It behaves like the SQL store where the domain can tell: claims answer False (or when) once taken, objects are
copied in and out (changing a returned object changes nothing stored until it is saved), lists come in the
store's order, and times come back in Copenhagen time. `tests/test_repositories.py` runs one sequence of calls
against both and compares. Not for concurrency: one thread at a time.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, TypeVar

from service.domain.clock import COPENHAGEN, Ur
from service.domain.model import (
    AfholdtSamtale,
    Borger,
    Fravaer,
    Fravaersperiode,
    Indkaldelse,
    Indkaldelsesversion,
    Kontaktgruppe,
    Samtale,
    Tilmeldingshaendelse,
    YderligereInformation,
)
from service.domain.repositories import Repositorier, SandkasseMangler
from service.domain.sandkasse import STANDARD, Sandkasse

T = TypeVar("T")


def _ud(value: T) -> T:
    """A copy for the caller: changing what a read returned changes nothing stored (as with the SQL store)."""
    return copy.deepcopy(value)


def _cph(moment: datetime) -> datetime:
    """As the store gives times back: Copenhagen time, to the microsecond."""
    return moment.astimezone(COPENHAGEN)


def _local(moment: datetime) -> datetime:
    """Copenhagen time without a zone, as the store keeps it (and the measurement reads it)."""
    return moment.astimezone(COPENHAGEN).replace(tzinfo=None)


@dataclass
class _Data:
    """One sandbox's rows: the registry's (clock, id sequence) and the data Nulstil empties."""

    oprettet: datetime
    ur: Ur = field(default_factory=Ur)
    id_froe: int | None = None
    id_naeste: int = 0
    borgere: dict[str, Borger] = field(default_factory=dict)
    tilmeldinger: list[Tilmeldingshaendelse] = field(default_factory=list)
    kontaktgrupper: dict[str, Kontaktgruppe] = field(default_factory=dict)  # in the order created
    fravaer: dict[str, Fravaer] = field(default_factory=dict)
    yderligere: dict[str, YderligereInformation] = field(default_factory=dict)
    samtaler: dict[str, Samtale] = field(default_factory=dict)
    indkaldelser: dict[str, Indkaldelse] = field(default_factory=dict)
    identifikatorer: set[str] = field(default_factory=set)
    request_ids: dict[str, datetime] = field(default_factory=dict)

    def tom(self) -> _Data:
        return _Data(self.oprettet)


class MemoryStore:
    """Every sandbox in memory; the `Lager` of `domain/kald.py` (Deps.store) for tests without a database."""

    def __init__(self, timeout: float = 30.0) -> None:
        self.timeout = timeout
        self.data: dict[str, _Data] = {}

    @contextmanager
    def transaction(self, write: bool = True, sandkasse: str = STANDARD) -> Iterator[Repositorier]:
        """One call's repository; on any exception the state before the call is restored."""
        before = copy.deepcopy(self.data)
        try:
            yield MemoryRepository(self, sandkasse)
        except BaseException:
            self.data = before
            raise

    def opret_sandkasse(self, navn: str, maks: int, oprettet: datetime) -> bool:
        if navn not in self.data:
            if len(self.data) >= maks:
                return False
            self.data[navn] = _Data(oprettet)
        return True


class MemoryRepository:
    """One sandbox's reads and writes, as `store/sql.Repository` does them."""

    def __init__(self, store: MemoryStore, sandkasse: str = STANDARD) -> None:
        self.store = store
        self.sandkasse = sandkasse

    @property
    def _d(self) -> _Data:
        data = self.store.data.get(self.sandkasse)
        if data is None:
            # The SQL store's rows would have no registry row to belong to.
            raise SandkasseMangler(self.sandkasse)
        return data

    # --- citizens ---
    def get_borger(self, cpr: str, lock: bool = False) -> Borger | None:
        return _ud(self._d.borgere.get(cpr))

    def add_borger(self, borger: Borger) -> bool:
        if borger.cpr in self._d.borgere:
            return False
        self._d.borgere[borger.cpr] = _ud(borger)
        return True

    def tilmeldinger(self, cpr: str) -> list[Tilmeldingshaendelse]:
        return _ud([t for t in self._d.tilmeldinger if t.cpr == cpr])

    def add_tilmelding(self, t: Tilmeldingshaendelse) -> None:
        self._d.tilmeldinger.append(replace(t, registreret=_cph(t.registreret)))

    # --- contact groups ---
    def kontaktgrupper(self, cpr: str) -> list[Kontaktgruppe]:
        # Sorted by start date, stable: then in the order created (the store's `seq`).
        return _ud(sorted((g for g in self._d.kontaktgrupper.values() if g.cpr == cpr), key=lambda g: g.startdato))

    def save_kontaktgruppe(self, kg: Kontaktgruppe) -> None:
        self._d.kontaktgrupper[kg.identifier] = _ud(kg)

    # --- absences and further information ---
    def fravaer(self, cpr: str) -> list[Fravaer]:
        return _ud(sorted((f for f in self._d.fravaer.values() if f.cpr == cpr), key=lambda f: (f.startdato, f.registreret)))

    def fravaersperioder(self, cpr: str) -> list[Fravaersperiode]:
        return self.fravaersperioder_for([cpr]).get(cpr, [])

    def get_fravaer(self, identifier: str) -> Fravaer | None:
        return _ud(self._d.fravaer.get(identifier))

    def save_fravaer(self, f: Fravaer) -> None:
        self._d.fravaer[f.identifier] = _ud(replace(f, registreret=_cph(f.registreret)))

    def yderligere_information(self, fravaer_identifier: str) -> list[YderligereInformation]:
        return _ud(
            sorted(
                (y for y in self._d.yderligere.values() if y.fravaer_identifier == fravaer_identifier),
                key=lambda y: (y.registreret, y.identifier),
            )
        )

    def get_yderligere_information(self, identifier: str) -> YderligereInformation | None:
        return _ud(self._d.yderligere.get(identifier))

    def save_yderligere_information(self, y: YderligereInformation) -> None:
        self._d.yderligere[y.identifier] = _ud(replace(y, registreret=_cph(y.registreret)))

    # --- held conversations ---
    def samtaler(self, cpr: str) -> list[Samtale]:
        return _ud(sorted((m for m in self._d.samtaler.values() if m.cpr == cpr), key=lambda m: (m.afholdt, m.registreret)))

    def afholdte_samtaler(self, cpr: str) -> list[AfholdtSamtale]:
        return self.afholdte_samtaler_for([cpr]).get(cpr, [])

    def get_samtale(self, identifier: str) -> Samtale | None:
        return _ud(self._d.samtaler.get(identifier))

    def save_samtale(self, m: Samtale) -> None:
        self._d.samtaler[m.identifier] = _ud(replace(m, afholdt=_cph(m.afholdt), registreret=_cph(m.registreret)))

    # --- invitations ---
    def indkaldelser(self, cpr: str) -> list[Indkaldelse]:
        return _ud(sorted((i for i in self._d.indkaldelser.values() if i.cpr == cpr), key=lambda i: (i.data.start, i.identifier)))

    def get_indkaldelse(self, identifier: str) -> Indkaldelse | None:
        return _ud(self._d.indkaldelser.get(identifier))

    def add_indkaldelsesversion(self, cpr: str, identifier: str, aflyst: bool, v: Indkaldelsesversion) -> None:
        historik = self._d.indkaldelser[identifier].historik if identifier in self._d.indkaldelser else []
        ny = replace(v, registreret=_cph(v.registreret))
        self._d.indkaldelser[identifier] = Indkaldelse(
            identifier=identifier, cpr=cpr, aflyst=aflyst, historik=sorted([*historik, ny], key=lambda h: h.version)
        )

    # --- claims ---
    def claim_identifier(self, identifier: str) -> bool:
        if identifier in self._d.identifikatorer:
            return False
        self._d.identifikatorer.add(identifier)
        return True

    def claim_request_id(self, request_id: str, now: datetime, window: timedelta) -> datetime | None:
        seen = self._d.request_ids.get(request_id)
        if seen is None or seen <= now - window:
            self._d.request_ids[request_id] = _cph(now)
            return None
        return seen

    # --- the sandbox's clock, id sequence and registry ---
    def sandkasse_data(self) -> Sandkasse | None:
        data = self.store.data.get(self.sandkasse)
        return _sandkasse(self.sandkasse, data) if data else None

    def set_ur(self, ur: Ur) -> None:
        self._d.ur = Ur(
            ur.dato, _cph(ur.tidspunkt) if ur.tidspunkt else None, ur.loebende, ur.reference.astimezone(UTC) if ur.reference else None
        )

    def naeste_id_nummer(self) -> int:
        self._d.id_naeste += 1
        return self._d.id_naeste - 1

    def delete_all(self, id_froe: int | None = None) -> None:
        self.store.data[self.sandkasse] = replace(self._d.tom(), id_froe=id_froe)

    def alle_sandkasser(self) -> list[Sandkasse]:
        return [_sandkasse(navn, data, len(data.borgere)) for navn, data in sorted(self.store.data.items())]

    def slet_sandkasse(self, navn: str) -> bool:
        return self.store.data.pop(navn, None) is not None

    # --- set-based reads for the contact course and its measurement ---
    def _enhed(
        self, kommunekode: str | None, jobcenterkode: str | None, gruppe_paa: date | None, gruppe_startet_fra: date | None
    ) -> set[str]:
        cprs = {
            b.cpr
            for b in self._d.borgere.values()
            if (kommunekode is None or b.kommunekode == kommunekode) and (jobcenterkode is None or b.jobcenterkode == jobcenterkode)
        }
        if gruppe_paa is not None:
            fra = gruppe_startet_fra or date.min
            cprs &= {
                g.cpr
                for g in self._d.kontaktgrupper.values()
                if fra <= g.startdato <= gruppe_paa and (g.slutdato is None or g.slutdato >= gruppe_paa)
            }
        return cprs

    def kontaktgrupper_for(
        self,
        kommunekode: str | None = None,
        jobcenterkode: str | None = None,
        fra: date | None = None,
        til: date | None = None,
        gruppe_paa: date | None = None,
        gruppe_startet_fra: date | None = None,
    ) -> dict[str, list[Kontaktgruppe]]:
        cprs = self._enhed(kommunekode, jobcenterkode, gruppe_paa, gruppe_startet_fra)
        grupper = [
            g
            for g in self._d.kontaktgrupper.values()
            if g.cpr in cprs
            and (fra is None or fra <= date.min or g.slutdato is None or g.slutdato >= fra - timedelta(days=1))
            and (til is None or g.startdato <= til)
        ]
        result: dict[str, list[Kontaktgruppe]] = {}
        for g in sorted(grupper, key=lambda g: (g.cpr, g.startdato)):
            result.setdefault(g.cpr, []).append(_ud(g))
        return result

    def fravaersperioder_for(
        self, cprs: Sequence[str], fra: date | None = None, til: date | None = None
    ) -> dict[str, list[Fravaersperiode]]:
        hvem = set(cprs)
        valgt = [
            f
            for f in self._d.fravaer.values()
            if f.cpr in hvem
            and not f.slettet
            and (fra is None or f.slutdato is None or f.slutdato >= fra)
            and (til is None or f.startdato <= til)
        ]
        result: dict[str, list[Fravaersperiode]] = {}
        for f in sorted(valgt, key=lambda f: (f.cpr, f.startdato, f.registreret)):
            result.setdefault(f.cpr, []).append(
                Fravaersperiode(f.identifier, f.cpr, f.fravaer_type, f.startdato, f.slutdato, f.kontaktgruppe, f.personkategori)
            )
        return result

    def afholdte_samtaler_for(
        self, cprs: Sequence[str], fra: date | None = None, til: date | None = None, typer: frozenset[int] | None = None
    ) -> dict[str, list[AfholdtSamtale]]:
        hvem = set(cprs)
        valgt = [
            m
            for m in self._d.samtaler.values()
            if m.cpr in hvem
            and not m.slettet
            and (fra is None or _local(m.afholdt).date() >= fra)
            and (til is None or _local(m.afholdt).date() <= til)
            and (typer is None or m.samtale_type in typer)
        ]
        result: dict[str, list[AfholdtSamtale]] = {}
        for m in sorted(valgt, key=lambda m: (m.cpr, m.afholdt, m.registreret)):
            result.setdefault(m.cpr, []).append(AfholdtSamtale(m.identifier, m.cpr, m.samtale_type, _local(m.afholdt)))
        return result


def _sandkasse(navn: str, data: _Data, borgere: int = 0) -> Sandkasse:
    return Sandkasse(navn, _cph(data.oprettet), data.ur, data.id_froe, borgere)


if TYPE_CHECKING:
    from service.domain.repositories import Lager

    def _implements(repo: MemoryRepository, store: MemoryStore) -> tuple[Repositorier, Lager]:
        """mypy checks here that the memory store gives the domain what its protocols ask, as the SQL one does."""
        return repo, store
