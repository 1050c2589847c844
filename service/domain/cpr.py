"""CPR numbers as DFDG checks them: day and month, no modulus 11 (dfdg-interfaces.md § 3.6)."""

from __future__ import annotations

import re
from datetime import date

from service.rules.catalogue import regel
from service.rules.violation import Violation

UKENDT = "0000000000"
# DFDG's published pattern, verbatim (days 01-31/30/29 by month; February up to 29).
DFDG_PATTERN = re.compile(
    r"^(((((0[1-9]|1[0-9]|2[0-9]|3[0-1])(01|03|05|07|08|10|12))|((0[1-9]|1[0-9]|2[0-9]|30)(04|06|09|11))"
    r"|((0[1-9]|1[0-9]|2[0-9])(02)))[0-9]{6})|0000000000)$"
)


def check(cpr: str, for_write: bool = True) -> list[Violation]:
    if not DFDG_PATTERN.match(cpr):
        return [regel("CPR_UGYLDIG").violation(cpr=cpr, grund="dag og måned skal være en gyldig dato (DDMMÅÅ)")]
    if cpr == UKENDT and for_write:
        return [regel("CPR_UGYLDIG").violation(cpr=cpr, grund="0000000000 betyder ukendt og kan ikke bruges ved registrering")]
    return []


def birth_date(cpr: str) -> date | None:
    """The birth date, with the century from the 7th digit as the CPR office defines it."""
    day, month, yy, digit7 = int(cpr[0:2]), int(cpr[2:4]), int(cpr[4:6]), int(cpr[6])
    if digit7 <= 3:
        century = 1900
    elif digit7 in (4, 9):
        century = 2000 if yy <= 36 else 1900
    else:
        century = 2000 if yy <= 57 else 1800
    try:
        return date(century + yy, month, day)
    except ValueError:
        return None
