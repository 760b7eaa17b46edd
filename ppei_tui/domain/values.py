"""Equality, hash and repr for the value classes made at every start, without generated code.

Python 3.11's `dataclass` writes each method it adds (`__init__`, `__repr__`, `__eq__`,
frozen's `__setattr__`/`__delattr__`, `__hash__`) as source text and compiles it while the
module is imported: 1-6 million instructions a class, about 60 million for the 18 classes the
observe screen's start imports (issue 12: start-up within 1.5x of an empty Textual app). The
methods here are built once, as closures over the field names, so a class costs its fields'
bookkeeping only. Use it over `@dataclass(repr=False, eq=False)` (any other options as
before): `dataclasses.fields`, `replace`, `asdict` and mypy's view of the class are the
dataclass's. The semantics are the dataclass's own for eq=True, repr=True:

- `a == b` compares the fields with `compare=True`, as one tuple, only between instances of
  the very same class (otherwise NotImplemented);
- a frozen class hashes that tuple (fields with `hash=None` follow `compare`); a class that is
  not frozen is unhashable (`__hash__` None), as dataclass makes it;
- `repr` is `Name(field=value!r, ...)` over the fields with `repr=True`, "..." on recursion.
"""

from __future__ import annotations

import reprlib
from collections.abc import Callable
from dataclasses import fields
from operator import attrgetter
from typing import Any, TypeVar

ValueType = TypeVar("ValueType", bound=type)


def _getter(names: tuple[str, ...]) -> Callable[[object], tuple[Any, ...]]:
    """obj -> the tuple of its `names` (attrgetter gives a bare value for one name)."""
    if len(names) >= 2:
        return attrgetter(*names)
    if names:
        one = attrgetter(names[0])
        return lambda obj: (one(obj),)
    return lambda obj: ()


def compared(cls: ValueType) -> ValueType:
    """Give a `@dataclass(repr=False, eq=False)` class dataclass's `__eq__`, `__hash__` and
    `__repr__` (see the module docstring). Raises TypeError if `cls` is not such a dataclass,
    or defines one of the three itself."""
    params = getattr(cls, "__dataclass_params__", None)
    if params is None or params.eq or params.repr or params.order or params.unsafe_hash:
        raise TypeError(f"{cls.__name__}: compared() goes over @dataclass(repr=False, eq=False)")
    if any(name in cls.__dict__ for name in ("__eq__", "__repr__", "__hash__")):
        raise TypeError(f"{cls.__name__} defines its own __eq__, __repr__ or __hash__")
    own = fields(cls)
    compare = _getter(tuple(f.name for f in own if f.compare))
    hashed = _getter(tuple(f.name for f in own if (f.compare if f.hash is None else f.hash)))
    shown = tuple((f"{f.name}=", attrgetter(f.name)) for f in own if f.repr)

    def __eq__(self: object, other: object) -> Any:
        if other.__class__ is self.__class__:
            return compare(self) == compare(other)
        return NotImplemented

    def __hash__(self: object) -> int:
        return hash(hashed(self))

    @reprlib.recursive_repr()
    def __repr__(self: object) -> str:
        inside = ", ".join(label + repr(value(self)) for label, value in shown)
        return f"{self.__class__.__qualname__}({inside})"

    methods: dict[str, Any] = {"__eq__": __eq__, "__repr__": __repr__}
    methods["__hash__"] = __hash__ if params.frozen else None
    for name, method in methods.items():
        if method is not None:
            method.__qualname__ = f"{cls.__qualname__}.{name}"
        setattr(cls, name, method)
    return cls
