"""Objects that cross a layer are built by keyword only (issue 10): a wide dataclass built positionally in another
layer silently swaps two fields of one type (an Anmeldelsesdato for a Slutdato). Every dataclass of the modules
below, whose instances one layer builds and another reads, refuses positional arguments."""

from __future__ import annotations

import dataclasses
import importlib
import inspect

import pytest

# Modules all of whose dataclasses are built in another layer (or by the domain for the rules' pure checks).
MODULES = [
    "service.domain.model",
    "service.rules.engine",
    "service.rules.indkaldelse",
    "service.rules.kontaktgruppe",
    "service.rules.samtale",
    "service.rules.sygemelding",
    "service.soap.application",
]
# Single classes of modules that also hold dataclasses only their own layer builds.
CLASSES = [
    "service.domain.fravaer.NytFravaer",
    "service.domain.samtale.NySamtale",
    "service.domain.kontaktgruppe.NyKontaktgruppe",
    "service.domain.sygemelding.Oplysninger",
    "service.domain.testsupport.Historikperiode",
    "service.domain.testsupport.Testborger",
    "service.domain.caller.Bruger",
    "service.domain.caller.Caller",
    "service.domain.certifikat.Certifikatorganisation",
]


def _classes() -> list[type]:
    found = []
    for name in MODULES:
        module = importlib.import_module(name)
        found += [c for _, c in inspect.getmembers(module, inspect.isclass) if dataclasses.is_dataclass(c) and c.__module__ == name]
    for path in CLASSES:
        module, _, cls = path.rpartition(".")
        found.append(getattr(importlib.import_module(module), cls))
    return found


@pytest.mark.parametrize("cls", _classes(), ids=lambda c: f"{c.__module__}.{c.__qualname__}")
def test_built_by_keyword_only(cls: type) -> None:
    assert dataclasses.is_dataclass(cls)
    positional = [f.name for f in dataclasses.fields(cls) if f.init and not f.kw_only]
    assert positional == [], f"{cls.__qualname__}: @dataclass(kw_only=True), so no caller can swap {positional}"
