"""One description of each rule table's shape: the frozen dataclasses the tables load into.

Every field of a table's dataclass is declared with `felt(...)`: its meaning (the documentation of
`tables/README.md` is generated from it) and, where a value can be impossible, a check. `load` turns
the TOML into the dataclass and refuses, naming the file and the key, any unknown or misspelt key, a
missing required key, a value of the wrong type, an unparsable length of time and a value its check
rejects. Cross-table checks (a contact group that does not exist, an unknown reporter) are in
`service/rules/tabeller.py`.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable, Mapping
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any, Literal, TypeVar, Union, get_args, get_origin, get_type_hints

from service.rules.periode import Periode, TilAlder

T = TypeVar("T")
MISSING: Any = dataclasses.MISSING


class TabelFejl(ValueError):
    """A rule table that cannot be loaded: which file, which key, what is wrong."""

    def __init__(self, fil: Path | str, noegle: str, problem: str) -> None:
        super().__init__(f"{fil}: {noegle}: {problem}")
        self.fil, self.noegle, self.problem = str(fil), noegle, problem


def felt(doc: str, *, default: Any = MISSING, toml: str | None = None, check: Callable[[Any], str | None] | None = None) -> Any:
    """A table key: `doc` says what it means; `toml` is its name in the file where it differs from the
    attribute's; `check` returns a problem text for an impossible value, or None."""
    metadata = {"doc": doc, "toml": toml, "check": check}
    if isinstance(default, (list, dict, set)):
        raise TypeError("use tuples and frozensets for defaults: the tables are immutable")
    return dataclasses.field(default=default, metadata=metadata)


def toml_name(f: dataclasses.Field[Any]) -> str:
    return f.metadata.get("toml") or f.name


def load(cls: type[T], data: Any, fil: Path | str, sti: str = "") -> T:
    """`data` (parsed TOML) as a `cls`, or TabelFejl naming `fil` and the key's path."""
    return typing.cast(T, _convert(cls, data, fil, sti))


def _join(sti: str, key: str) -> str:
    return f"{sti}.{key}" if sti else key


@cache
def _felter(cls: Any) -> tuple[dict[str, Any], dict[str, dataclasses.Field[Any]]]:
    """A table dataclass's type hints and its fields by TOML key, worked out once per class (get_type_hints
    evaluates every annotation anew: most of the start-up's table loading, once per row)."""
    return get_type_hints(cls), {toml_name(f): f for f in dataclasses.fields(cls) if f.init}


def _dataclass(cls: type[Any], data: Any, fil: Path | str, sti: str) -> Any:
    if not isinstance(data, Mapping):
        raise TabelFejl(fil, sti or "(file)", f"expected a table, got {data!r}")
    hints, by_name = _felter(typing.cast(Any, cls))
    unknown = sorted(set(data) - set(by_name))
    if unknown:
        raise TabelFejl(fil, _join(sti, unknown[0]), f"unknown key (known keys: {', '.join(sorted(by_name))})")
    values = {}
    for name, f in by_name.items():
        key = _join(sti, name)
        if name not in data:
            if f.default is MISSING and f.default_factory is MISSING:
                raise TabelFejl(fil, key, "required key missing")
            continue
        value = _convert(hints[f.name], data[name], fil, key)
        check = f.metadata.get("check")
        problem = check(value) if check else None
        if problem:
            raise TabelFejl(fil, key, problem)
        values[f.name] = value
    return cls(**values)


def _convert(tp: Any, value: Any, fil: Path | str, sti: str) -> Any:
    origin, args = get_origin(tp), get_args(tp)
    if tp is Periode:
        return _length(value, fil, sti, allow_age=False)
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        return _dataclass(tp, value, fil, sti)
    if origin in (Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        if set(inner) == {Periode, TilAlder}:
            return _length(value, fil, sti, allow_age=True)
        if len(inner) == 1:
            return _convert(inner[0], value, fil, sti)
        raise TypeError(f"unsupported union {tp}")
    if origin is Literal:
        if value not in args:
            raise TabelFejl(fil, sti, f"{value!r} is not one of {', '.join(map(repr, args))}")
        return value
    if origin in (tuple, frozenset):
        if not isinstance(value, list):
            raise TabelFejl(fil, sti, f"expected a list, got {value!r}")
        items = [_convert(args[0], v, fil, f"{sti}[{i}]") for i, v in enumerate(value)]
        return tuple(items) if origin is tuple else frozenset(items)
    if origin in (dict, Mapping):
        if not isinstance(value, Mapping):
            raise TabelFejl(fil, sti, f"expected a table, got {value!r}")
        return {k: _convert(args[1], v, fil, _join(sti, k)) for k, v in value.items()}
    if tp in _SCALARS:
        fits, expected = _SCALARS[tp]
        if not fits(value):
            raise TabelFejl(fil, sti, f"expected {expected}, got {value!r}")
        return float(value) if tp is float else value
    raise TypeError(f"unsupported table type {tp} at {sti}")


# Plain values: what fits each type (TOML's booleans are not integers, its date-times are not dates).
_SCALARS: dict[Any, tuple[Callable[[Any], bool], str]] = {
    bool: (lambda v: isinstance(v, bool), "true or false"),
    int: (lambda v: isinstance(v, int) and not isinstance(v, bool), "an integer"),
    float: (lambda v: isinstance(v, (int, float)) and not isinstance(v, bool), "a number"),
    str: (lambda v: isinstance(v, str), "a string"),
    date: (lambda v: isinstance(v, date) and not isinstance(v, datetime), "a date (YYYY-MM-DD, unquoted)"),
}


def _length(value: Any, fil: Path | str, sti: str, allow_age: bool) -> Periode | TilAlder:
    if not isinstance(value, str):
        raise TabelFejl(fil, sti, f"expected a length of time as a string, got {value!r}")
    try:
        return TilAlder.parse(value) if allow_age and value.startswith("til ") else Periode.parse(value)
    except ValueError:
        allowed = '"N dage", "N uger", "N mdr", "N aar", "ubegraenset"' + (', "til N aar"' if allow_age else "")
        raise TabelFejl(fil, sti, f"{value!r} is not a length of time ({allowed})") from None


# The documentation of tables/README.md, generated from the dataclasses.


def _type_text(tp: Any) -> str:
    origin, args = get_origin(tp), get_args(tp)
    if origin in (Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        if set(inner) == {Periode, TilAlder}:
            return 'length or `"til N aar"` (an age)'
        return _type_text(inner[0])
    if origin is Literal:
        return "one of " + ", ".join(f'`"{a}"`' for a in args)
    if origin in (tuple, frozenset):
        return f"list of {_type_text(args[0])}"
    if origin in (dict, Mapping):
        return f"table of {_type_text(args[1])}"
    if dataclasses.is_dataclass(tp) and tp is not Periode:
        return f"table ({getattr(tp, '__name__', tp)})"
    return {
        Periode: 'length (`"N dage"`, `"N uger"`, `"N mdr"`, `"N aar"`, `"ubegraenset"`)',
        bool: "bool",
        int: "int",
        float: "number",
        str: "string",
        date: "date",
    }.get(tp, str(tp))


def _default_text(f: dataclasses.Field[Any]) -> str:
    if f.default is MISSING and f.default_factory is MISSING:
        return "required"
    value = f.default
    if value is None:
        return "none"
    if isinstance(value, Periode):
        return f'`"{value.tekst}"`'
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, (tuple, frozenset)):
        return "`[" + ", ".join(f'"{v}"' if isinstance(v, str) else str(v) for v in value) + "]`"
    return f'`"{value}"`' if isinstance(value, str) else f"`{value}`"


def schema_markdown(cls: type[Any]) -> str:
    """The table of keys of `cls`, and of every table nested in it, as the README shows them."""
    hints = get_type_hints(cls)
    lines = [f"`{cls.__name__}`:", "", "| key | type | meaning | default |", "| --- | --- | --- | --- |"]
    nested = []
    for f in dataclasses.fields(cls):
        if not f.init:
            continue
        lines.append(f"| `{toml_name(f)}` | {_type_text(hints[f.name])} | {f.metadata.get('doc', '')} | {_default_text(f)} |")
        inner = hints[f.name]
        while get_origin(inner) in (tuple, frozenset, dict, Union, types.UnionType):
            inner = get_args(inner)[-1] if get_origin(inner) is dict else get_args(inner)[0]
        if dataclasses.is_dataclass(inner) and inner not in (Periode, TilAlder) and inner not in nested:
            nested.append(inner)
    for inner in nested:
        lines += ["", schema_markdown(typing.cast(type[Any], inner))]
    return "\n".join(lines)
