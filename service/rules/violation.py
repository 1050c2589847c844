"""What a broken rule looks like, and the refusal that carries them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Violation:
    """One broken rule: which rule (and table row), which field, why, and the source it comes from."""

    fejlkode: int
    regel: str
    felt: str
    besked: str
    kilde: str


class Afvisning(Exception):
    """A refused call: nothing is written, and every violation is reported at once."""

    def __init__(self, violations: list[Violation]) -> None:
        assert violations, "a refusal needs at least one violation"
        super().__init__("; ".join(v.besked for v in violations))
        self.violations = violations

    @property
    def fejlkode(self) -> int:
        return self.violations[0].fejlkode


def raise_if(violations: list[Violation]) -> None:
    if violations:
        raise Afvisning(violations)
