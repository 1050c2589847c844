"""The rule tables' folder and loaders, and the error and rule catalogues (fejlkoder.toml, regler.toml)."""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from service.rules import schema
from service.rules.schema import TabelFejl, felt, load
from service.rules.violation import Violation

TABLES = Path(__file__).parent / "tables"
_folder = TABLES
_loaders: list[functools._lru_cache_wrapper[Any]] = []
R = TypeVar("R")
T = TypeVar("T")


def tables_folder() -> Path:
    return _folder


def table_loader(fn: Callable[[], R]) -> Callable[[], R]:
    """A loader of one table, run once (cached) and run again when the tables' folder changes."""
    cached = functools.cache(fn)
    _loaders.append(cached)
    return cached


@contextmanager
def tables_from(folder: Path) -> Iterator[None]:
    """Serve the rule tables of another folder (a copy with an added or changed file) while inside."""
    global _folder
    old, _folder = _folder, Path(folder)
    _clear()
    try:
        yield
    finally:
        _folder = old
        _clear()


def _clear() -> None:
    for loader in _loaders:
        loader.cache_clear()


def read_toml(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as f:
            return tomllib.load(f)
    except tomllib.TOMLDecodeError as e:
        raise TabelFejl(path, "(file)", f"not valid TOML: {e}") from None


def load_table(name: str) -> dict[str, Any]:
    return read_toml(_folder / name)


def load_typed(cls: type[T], name: str) -> T:
    """Table `name` of the tables' folder, loaded into `cls` (schema.py)."""
    return load(cls, load_table(name), _folder / name)


@dataclass(frozen=True, kw_only=True)
class Fejlkode:
    kode: int = felt("the error code")
    tekst: str = felt("the Danish text (KodelisteService, Fejlkode)")
    kilde: str = felt("where the code comes from")
    server: bool = felt("the emulator's own error: faultcode `Server.<code>`", default=False)
    dfdg_tekst: str | None = felt("DFDG's published English FaultString for its common codes (W1), sent as faultstring", default=None)


@dataclass(frozen=True, kw_only=True)
class Regel:
    """A rule the emulator enforces: its id, the error code it answers with, and where it is from."""

    id: str = schema.felt("the rule id, upper case (`FRAVAER_OVERLAP`)")
    fejlkode: int = schema.felt("the error code it answers with (fejlkoder.toml)")
    felt: str = schema.felt("the field it names by default (the element's path below the operation)")
    besked: str = schema.felt("the Danish message, a format string over the values the check passes")
    beskrivelse: str = schema.felt("what the rule checks (COVERAGE.md)")
    kilde: str = schema.felt("the source: seed number, section, lines")
    operationer: tuple[str, ...] = schema.felt('the operations that enforce it, or a group: `"*"`, `"*forretning*"`, `"*borger*"`')
    haandhaeves: bool = schema.felt("false: listed as not enforced (COVERAGE.md), never silently accepted", default=True)

    def violation(self, kilde: str | None = None, felt: str | None = None, **values: Any) -> Violation:
        """The violation of this rule; `kilde` names the table row when the rule is data-driven."""
        felt = felt or self.felt
        return Violation(
            fejlkode=self.fejlkode,
            regel=self.id,
            felt=felt,
            besked=self.besked.format(felt=felt, **values),
            kilde=kilde or self.kilde,
        )


@dataclass(frozen=True, kw_only=True)
class FejlkodeTabel:
    """fejlkoder.toml"""

    fejlkoder: tuple[Fejlkode, ...] = felt("one `[[fejlkode]]` per error code", toml="fejlkode")


@dataclass(frozen=True, kw_only=True)
class RegelTabel:
    """regler.toml"""

    regler: tuple[Regel, ...] = felt("one `[[regel]]` per rule", toml="regel")


@table_loader
def fejlkoder() -> dict[int, Fejlkode]:
    return {f.kode: f for f in load_typed(FejlkodeTabel, "fejlkoder.toml").fejlkoder}


@table_loader
def regler() -> dict[str, Regel]:
    result = {}
    for i, r in enumerate(load_typed(RegelTabel, "regler.toml").regler):
        if r.fejlkode not in fejlkoder():
            raise TabelFejl(tables_folder() / "regler.toml", f"regel[{i}].fejlkode", f"{r.fejlkode} is not in fejlkoder.toml")
        result[r.id] = r
    return result


def regel(rule_id: str) -> Regel:
    return regler()[rule_id]
