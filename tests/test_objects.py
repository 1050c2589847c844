"""soap/objects.py: the quicker constructor makes the objects spyne's own constructor makes."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from spyne import ComplexModel, Integer, Unicode
from spyne.model.complex import ComplexModelBase

from service.app import SERVICES
from service.soap import objects
from service.soap.application import DfdgApplication


def _wire_classes() -> list[Any]:
    """Every complex type of every published service, the request and response wrappers spyne makes among them."""
    found: dict[str, Any] = {}
    for service in SERVICES:
        for name, cls in DfdgApplication(service, None).interface.classes.items():  # type: ignore[arg-type]
            if isinstance(cls, type) and issubclass(cls, ComplexModelBase) and not issubclass(cls, Exception):
                found[name] = cls
    return list(found.values())


CLASSES = _wire_classes()


def _both(cls: Any, **kwargs: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    spynes, quick = cls.__new__(cls), cls.__new__(cls)
    objects._SPYNE_INIT(spynes, **kwargs)
    objects.quick_init(quick, **kwargs)
    return spynes.__dict__, quick.__dict__


def test_the_quick_constructor_is_installed():
    assert ComplexModelBase.__init__ is objects.quick_init
    assert len(CLASSES) > 50


@pytest.mark.parametrize("cls", CLASSES, ids=[c.get_type_name() for c in CLASSES])
def test_every_wire_class_gets_the_members_spyne_gives(cls: Any) -> None:
    # A customized class (Kode.customize(max_occurs=...)) is never instantiated: the class it customizes is.
    cls = cls if cls.__orig__ is None else cls.__orig__
    assert objects._plan(cls) is not None  # the quick path is taken, so the comparisons below test it
    members = list(cls.get_flat_type_info(cls))
    spynes, quick = _both(cls)
    assert spynes == quick and set(quick) == set(members)
    given = {key: f"value of {key}" for key in members}
    spynes, quick = _both(cls, **given, NotAMember=1)
    assert spynes == quick and "NotAMember" not in quick
    spynes, quick = _both(cls, **dict(list(given.items())[::2]))
    assert spynes == quick


def test_defaults_factories_and_read_only_members_as_spyne():
    class Medlemmer(ComplexModel):
        _type_info = (
            ("Standard", Integer(default=7)),
            ("Fabrik", Unicode(default_factory=lambda: "lavet")),
            ("Laast", Unicode(read_only=True, default="fast")),
            ("Ingen", Unicode),
        )

    assert objects._plan(Medlemmer) is not None
    for given in ({}, {"Standard": 1, "Fabrik": "givet", "Laast": "forsøgt", "Ingen": "x"}):
        spynes, quick = _both(Medlemmer, **given)
        assert spynes == quick
    assert _both(Medlemmer, Laast="forsøgt")[1]["Laast"] == "fast"


def test_a_class_needing_more_keeps_spynes_constructor(caplog: pytest.LogCaptureFixture) -> None:
    class MedEgenskab(ComplexModel):
        _type_info = (("Navn", Unicode),)

        @property
        def Navn(self) -> str:  # noqa: N802 (a member's wire name)
            return "egenskab"

    assert objects._plan(MedEgenskab) is None
    assert objects._plan(ComplexModel.customize(min_occurs=1)) is None
    with caplog.at_level(logging.WARNING, logger="spyne.model.complex"):
        ComplexModel.customize(min_occurs=1)()
    assert "customized class" in caplog.text  # spyne's own constructor ran, with its warning
