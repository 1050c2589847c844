"""The business clock ("d.d."): the only place that reads the wall clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol
from zoneinfo import ZoneInfo

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


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


def business_moment(today: date, clock: Clock) -> datetime:
    """The event time of a registration: the business date at the clock's time of day."""
    return datetime.combine(today, clock.now().timetz())
