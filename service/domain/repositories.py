"""What the domain needs from the store: one small protocol per aggregate, and `Repositorier`, all of them.

The domain owns these protocols and the store implements them (`store/sql.Repository`, checked by mypy in
`store/sql.py`), so the domain imports nothing of the store: the arrow points from the store up to the domain's
interface. `domain/memory.py` implements them with plain lists and dicts for fast domain tests without SQL
(`tests/test_repositories.py` runs one sequence of calls against both and compares).

Every method reads or writes the call's own sandbox (the store's transaction is opened for one sandbox), except
`alle_sandkasser` and `slet_sandkasse`, which serve the registry (TestSupportService). Each protocol holds
exactly the methods the domain (and `admin.py`) calls; a new read or write is added here first.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from datetime import date, datetime, timedelta
from typing import Protocol

from service.domain.clock import Ur
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
from service.domain.sandkasse import Sandkasse


class Tidsgraense(Exception):
    """The call's database work passed the per-request time limit and was cancelled."""


class SandkasseMangler(Exception):
    """The call's sandbox is not in the registry (not yet used, or deleted): create it, then call again."""


class BorgerRepository(Protocol):
    """The citizen and its registrations as a jobseeker (tilmelding/afmelding)."""

    def get_borger(self, cpr: str, lock: bool = False) -> Borger | None:
        """The citizen; `lock` (for a write) makes concurrent writes on the same citizen take turns."""
        ...

    def add_borger(self, borger: Borger) -> bool:
        """Create the citizen; False if the CPR exists (or a concurrent call just created it)."""
        ...

    def tilmeldinger(self, cpr: str) -> list[Tilmeldingshaendelse]:
        """The citizen's registration events in the order written."""
        ...

    def add_tilmelding(self, t: Tilmeldingshaendelse) -> None: ...


class KontaktgruppeRepository(Protocol):
    """A citizen's contact groups with their subgroup (personkategori) periods."""

    def kontaktgrupper(self, cpr: str) -> list[Kontaktgruppe]:
        """By start date, then in the order created."""
        ...

    def save_kontaktgruppe(self, kg: Kontaktgruppe) -> None:
        """Insert or update the group and replace its subgroup periods."""
        ...


class FravaerRepository(Protocol):
    """Absences (sick notices among them) and the further information on sick notices."""

    def fravaer(self, cpr: str) -> list[Fravaer]:
        """Every absence of the citizen, deleted ones too, by start date, then registration."""
        ...

    def fravaersperioder(self, cpr: str) -> list[Fravaersperiode]:
        """The citizen's absences that are not deleted, type and period only (what the absence rules read of the
        others), by start date, then registration."""
        ...

    def get_fravaer(self, identifier: str) -> Fravaer | None: ...

    def save_fravaer(self, f: Fravaer) -> None:
        """Insert or update by identifier."""
        ...

    def yderligere_information(self, fravaer_identifier: str) -> list[YderligereInformation]:
        """The sick notice's further information, deleted too, by registration, then identifier."""
        ...

    def get_yderligere_information(self, identifier: str) -> YderligereInformation | None: ...

    def save_yderligere_information(self, y: YderligereInformation) -> None: ...


class SamtaleRepository(Protocol):
    """Held conversations."""

    def samtaler(self, cpr: str) -> list[Samtale]:
        """Every conversation of the citizen, deleted too, by the time held, then registration."""
        ...

    def afholdte_samtaler(self, cpr: str) -> list[AfholdtSamtale]:
        """The citizen's conversations that are not deleted, type and time (Copenhagen, no zone) only, by the time
        held, then registration."""
        ...

    def get_samtale(self, identifier: str) -> Samtale | None: ...

    def save_samtale(self, m: Samtale) -> None: ...


class IndkaldelseRepository(Protocol):
    """Invitations, with every version kept."""

    def indkaldelser(self, cpr: str) -> list[Indkaldelse]:
        """By the start of the latest version, then identifier; versions in order."""
        ...

    def get_indkaldelse(self, identifier: str) -> Indkaldelse | None: ...

    def add_indkaldelsesversion(self, cpr: str, identifier: str, aflyst: bool, v: Indkaldelsesversion) -> None:
        """Create the invitation or set its state (`aflyst`), and append the version."""
        ...


class IdentifikatorRepository(Protocol):
    """Claims: of two concurrent calls the first wins and the other learns it here."""

    def claim_identifier(self, identifier: str) -> bool:
        """Take `identifier` for a new entity; False if any entity has it (or a concurrent call just took it)."""
        ...

    def claim_request_id(self, request_id: str, now: datetime, window: timedelta) -> datetime | None:
        """Take `request_id` at `now`: None when taken now, else when it was last taken (within `window`)."""
        ...


class SandkasseRepository(Protocol):
    """The sandbox's registry row: its clock and seeded id sequence; emptying and deleting sandboxes."""

    def sandkasse_data(self) -> Sandkasse | None:
        """This sandbox's registry row; None when it is not registered."""
        ...

    def set_ur(self, ur: Ur) -> None: ...

    def naeste_id_nummer(self) -> int:
        """Take the next number of the sandbox's seeded id sequence (from 0)."""
        ...

    def delete_all(self, id_froe: int | None = None) -> None:
        """Empty this sandbox: its data, RequestIds and clock; ids from `id_froe`'s sequence from now on, if given."""
        ...

    def alle_sandkasser(self) -> list[Sandkasse]:
        """Every sandbox with its clock and number of citizens, by name."""
        ...

    def slet_sandkasse(self, navn: str) -> bool:
        """Delete the sandbox `navn` and everything in it; False if it was not registered."""
        ...


class MaalingRepository(Protocol):
    """Set-based reads of the measurement (issue 8): a unit's citizens, per CPR, bounded by dates so only rows
    that can matter are read (one citizen's course reads with the per-citizen reads above)."""

    def kontaktgrupper_for(
        self,
        kommunekode: str | None = None,
        jobcenterkode: str | None = None,
        fra: date | None = None,
        til: date | None = None,
        gruppe_paa: date | None = None,
        gruppe_startet_fra: date | None = None,
    ) -> dict[str, list[Kontaktgruppe]]:
        """Contact groups per CPR of the unit's citizens (with `gruppe_paa`: those with a group on that day started on
        or after `gruppe_startet_fra`); `fra`/`til`: groups ending on or after `fra` minus one day, starting by `til`."""
        ...

    def fravaersperioder_for(
        self, cprs: Sequence[str], fra: date | None = None, til: date | None = None
    ) -> dict[str, list[Fravaersperiode]]:
        """Not deleted absences of these citizens per CPR; `fra`/`til`: only those overlapping [fra, til]."""
        ...

    def afholdte_samtaler_for(
        self, cprs: Sequence[str], fra: date | None = None, til: date | None = None, typer: frozenset[int] | None = None
    ) -> dict[str, list[AfholdtSamtale]]:
        """Held, not deleted conversations per CPR (held on `fra`..`til`, Copenhagen dates; of `typer`)."""
        ...


class Repositorier(
    BorgerRepository,
    KontaktgruppeRepository,
    FravaerRepository,
    SamtaleRepository,
    IndkaldelseRepository,
    IdentifikatorRepository,
    SandkasseRepository,
    MaalingRepository,
    Protocol,
):
    """Everything one call's transaction reads and writes: what `Kontekst.repo` holds."""


class Lager(Protocol):
    """The store as `domain/kald.py` uses it: one transaction per call, in a sandbox, and the sandbox registry."""

    timeout: float

    def transaction(self, write: bool = True, sandkasse: str = ...) -> AbstractContextManager[Repositorier]: ...

    def opret_sandkasse(self, navn: str, maks: int, oprettet: datetime) -> bool: ...
