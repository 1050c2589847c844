"""spyne's ComplexModel constructor with its decisions about each member made once per class, not per object.

For every member of every object it makes, spyne's `ComplexModelBase.__init__` asks whether the class has a
read-only property of that name, whether the member has a default or a default factory, whether it is an
SQLAlchemy-mapped array, and only then sets the value: half the time of a read that answers many objects
(`GetIndkaldelser`, issue 8 item 10), and spyne makes every request object through it too. The answers depend
on the class alone, so `_plan` works them out once; an object then gets, member by member, the keyword given
(unless the member is read-only) or the default, or the factory's value, or None, as spyne's constructor gives.

A class that needs more of spyne's constructor keeps it: positional arguments (XmlData members), a customized
class (spyne warns when one is instantiated), an SQLAlchemy-mapped class or member, and any class with a
descriptor (a property) named like a member or a __setattr__ of its own. `tests/test_objects.py` builds every
wire class of every published service both ways and compares the objects.
"""

from __future__ import annotations

from typing import Any

from spyne.model.complex import ComplexModelBase, _is_sqla_array

_SPYNE_INIT = ComplexModelBase.__init__
# Per class: (member, default, default factory, read-only) for each member, or None for spyne's own constructor.
_Plan = tuple[tuple[str, Any, Any, bool], ...] | None
_plans: dict[type, _Plan] = {}


def _plan(cls: Any) -> _Plan:
    if cls.Attributes._xml_tag_body_as is not None or cls.__orig__ is not None or hasattr(cls, "_sa_class_manager"):
        return None
    if cls.__setattr__ is not object.__setattr__:  # values are put into the object's __dict__, past any __setattr__
        return None
    steps = []
    for key, member in cls.get_flat_type_info(cls).items():
        attrs = member.Attributes
        if hasattr(type(getattr(cls, key, None)), "__get__") or _is_sqla_array(member, attrs):
            return None
        steps.append((key, attrs.default, attrs.default_factory, bool(attrs.read_only)))
    return tuple(steps)


def quick_init(self: Any, *args: Any, **kwargs: Any) -> None:
    cls = type(self)
    try:
        plan = _plans[cls]
    except KeyError:
        plan = _plans[cls] = _plan(cls)
    if plan is None or args:
        _SPYNE_INIT(self, *args, **kwargs)
        return
    values = self.__dict__
    for key, default, factory, read_only in plan:
        if key not in values:  # as spyne: a member already set (by a subclass's __init__) keeps its value
            values[key] = factory() if factory is not None else default
        if key in kwargs and not read_only:
            values[key] = kwargs[key]


def install() -> None:
    """Make every ComplexModel with spyne's constructor use `quick_init` (a class with its own keeps that)."""
    ComplexModelBase.__init__ = quick_init
