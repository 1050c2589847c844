"""The business clock ("d.d." and "nu"): the only place that reads the wall clock.

Each sandbox keeps its own clock in the database (README, "The clock"), so every server process agrees:

- nothing set: the real moment in Copenhagen (a running clock);
- a business date (SetDato, or `--today` when no SetDato was made): that date at a fixed time of day,
  `--time` (default 12:00 Copenhagen), so a suite gives the same answers at any hour it runs; with
  `--time running`, that date at the wall clock's time of day;
- a moment (SetTidspunkt): fixed there, or, asked for with `Loebende`, running on from it as the wall
  clock runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Protocol
from zoneinfo import ZoneInfo

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
# The time of day of a fixed business date unless `--time` says otherwise: noon is far from midnight (no
# date change in any time zone a client serialises to) and after a working morning's appointments.
STANDARD_KLOKKESLAET = time(12, 0)


class Clock(Protocol):
    def now(self) -> datetime:
        """The current moment, timezone-aware, in Copenhagen time."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(COPENHAGEN).replace(microsecond=0)


@dataclass(frozen=True)
class FixedClock:
    """A clock that never moves: replays and tests give byte-identical receipts."""

    moment: datetime = datetime(2026, 1, 1, 12, 0, tzinfo=COPENHAGEN)

    def now(self) -> datetime:
        return self.moment


@dataclass(frozen=True)
class Ur:
    """A sandbox's clock as stored: SetDato's date, or SetTidspunkt's moment (running from `reference`, the
    wall clock when it was set, when `loebende`)."""

    dato: date | None = None
    tidspunkt: datetime | None = None
    loebende: bool = False
    reference: datetime | None = None


def forretningstid(ur: Ur, wall: Clock, fast_dato: date | None, klokkeslaet: time | None) -> datetime:
    """The business moment now. `fast_dato` is `--today`; `klokkeslaet` the fixed time of day of a set date,
    None for the wall clock's (`--time running`)."""
    if ur.tidspunkt is not None:
        if ur.loebende and ur.reference is not None:
            gaaet = wall.now() - ur.reference
            return (ur.tidspunkt.astimezone(UTC) + gaaet).astimezone(COPENHAGEN).replace(microsecond=0)
        return ur.tidspunkt.astimezone(COPENHAGEN)
    dato = ur.dato or fast_dato
    if dato is None:
        return wall.now()
    if klokkeslaet is None:
        return datetime.combine(dato, wall.now().astimezone(COPENHAGEN).time().replace(microsecond=0), COPENHAGEN)
    return datetime.combine(dato, klokkeslaet, COPENHAGEN)


def fast(ur: Ur, fast_dato: date | None, klokkeslaet: time | None) -> bool:
    """Whether the business clock stands still (a set date at a fixed time of day, or a fixed moment)."""
    if ur.tidspunkt is not None:
        return not ur.loebende
    return (ur.dato or fast_dato) is not None and klokkeslaet is not None
