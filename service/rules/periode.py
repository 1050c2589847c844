"""Lengths of time as the sources write them ("60 dage", "8 uger", "3 mdr"), and date arithmetic on them."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

_PATTERN = re.compile(r"^(\d+) (dage|uger|mdr|aar)$")


@dataclass(frozen=True)
class Periode:
    """A length of time; `None` amount means no limit ("ubegraenset")."""

    antal: int | None
    enhed: str = "dage"
    tekst: str = "ubegraenset"

    @classmethod
    def parse(cls, text: str) -> Periode:
        return _parse(text)

    @property
    def ubegraenset(self) -> bool:
        return self.antal is None

    def after(self, day: date) -> date:
        assert self.antal is not None
        if self.enhed == "dage":
            return day + timedelta(days=self.antal)
        if self.enhed == "uger":
            return day + timedelta(weeks=self.antal)
        months = self.antal * (12 if self.enhed == "aar" else 1)
        return add_months(day, months)

    def after_or_none(self, day: date) -> date | None:
        """`after`, or None where the result lies beyond 9999-12-31 (no date the calendar can hold)."""
        try:
            return self.after(day)
        except (OverflowError, ValueError):
            return None

    def before(self, day: date) -> date:
        assert self.antal is not None
        if self.enhed == "dage":
            return day - timedelta(days=self.antal)
        if self.enhed == "uger":
            return day - timedelta(weeks=self.antal)
        months = self.antal * (12 if self.enhed == "aar" else 1)
        return add_months(day, -months)


@cache
def _parse(text: str) -> Periode:
    """Parsed once per text: the tables' lengths are few and read on every deadline."""
    if text == "ubegraenset":
        return Periode(None)
    match = _PATTERN.match(text)
    if not match:
        raise ValueError(f"unknown length of time {text!r}")
    return Periode(int(match.group(1)), match.group(2), text)


UBEGRAENSET = Periode(None)

_ALDER = re.compile(r"^til (\d+) aar$")


@dataclass(frozen=True)
class TilAlder:
    """A duration that ends when the citizen reaches an age ("Varighed fra startdato: Til det 18. år", 002)."""

    aar: int
    tekst: str

    @classmethod
    def parse(cls, text: str) -> TilAlder:
        match = _ALDER.match(text)
        if not match:
            raise ValueError(f"unknown age limit {text!r}")
        return cls(int(match.group(1)), text)


# A maximum duration: a length of time from the start date, or an age of the citizen.
Varighed = Periode | TilAlder


def add_months(day: date, months: int) -> date:
    """Calendar months; the 31st plus one month is the last day of the shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def add_years(day: date, years: int) -> date:
    return add_months(day, 12 * years)
