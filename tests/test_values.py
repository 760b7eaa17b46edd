"""domain/values.compared gives a `@dataclass(repr=False, eq=False)` class the __eq__, __hash__ and
__repr__ dataclass itself would write (issue 12: without compiling generated code at import).

Each check builds the same class twice, once with compared and once with plain `@dataclass`, and
asserts that they behave alike: the real dataclass is the reference.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ppei_tui.config import Config
from ppei_tui.domain.mapping import NoteFilter
from ppei_tui.domain.records import Attendee, Note, SessionInfo, Tag
from ppei_tui.domain.template import Template
from ppei_tui.domain.values import compared
from ppei_tui.templates import TemplateLibrary, bundled_templates_dir


def twins(frozen: bool, namespace: dict[str, Any]) -> tuple[type, type]:
    """The class `Value` with `namespace`'s fields: (compared, plain dataclass)."""
    ours = compared(dataclass(frozen=frozen, repr=False, eq=False)(type("Value", (), dict(namespace))))
    reference = dataclass(frozen=frozen)(type("Value", (), dict(namespace)))
    return ours, reference


SHAPES = {
    "two": {"__annotations__": {"a": "int", "b": "str"}},
    "one": {"__annotations__": {"a": "int"}},
    "none": {"__annotations__": {}},
    "not compared, not shown": {
        "__annotations__": {"a": "int", "b": "str", "c": "float"},
        "b": field(default="x", compare=False),
        "c": field(default=0.0, repr=False),
    },
    "hash by its own rule": {
        "__annotations__": {"a": "int", "b": "str"},
        "b": field(default="x", hash=False),
    },
}

values = st.one_of(st.integers(-3, 3), st.text(max_size=3), st.floats(allow_nan=True), st.none())


@pytest.mark.parametrize("frozen", [True, False])
@pytest.mark.parametrize("shape", SHAPES)
@given(first=st.lists(values, min_size=3, max_size=3), second=st.lists(values, min_size=3, max_size=3))
def test_equality_hash_and_repr_are_dataclasses_own(shape, frozen, first, second):
    ours, reference = twins(frozen, SHAPES[shape])
    names = [f.name for f in dataclasses.fields(reference)]
    made = [(ours(*v[: len(names)]), reference(*v[: len(names)])) for v in (first, second, first)]
    for (x, rx), (y, ry) in [(made[0], made[1]), (made[0], made[2]), (made[0], made[0])]:
        assert (x == y) is (rx == ry)
        assert (x != y) is (rx != ry)
    for x, rx in made:
        assert repr(x) == repr(rx)
        if frozen:
            assert hash(x) == hash(rx)
        else:
            with pytest.raises(TypeError):
                hash(x)
            with pytest.raises(TypeError):
                hash(rx)
        assert x.__eq__(rx) is NotImplemented  # another class, even of the same name and fields
        assert x != (first[: len(names)])


def test_a_subclass_is_not_equal_to_its_base():
    Base, _ = twins(True, SHAPES["two"])
    Sub = type("Sub", (Base,), {})
    assert Base(1, "a") == Base(1, "a")
    assert Base(1, "a") != Sub(1, "a")
    assert repr(Sub(1, "a")) == "Sub(a=1, b='a')"


def test_a_value_holding_itself_is_shown_with_dots():
    ours, reference = twins(False, {"__annotations__": {"items": "list"}})
    loop, reference_loop = ours([]), reference([])
    loop.items.append(loop)
    reference_loop.items.append(reference_loop)
    assert repr(loop) == repr(reference_loop) == "Value(items=[...])"


def test_dataclass_tools_still_work():
    ours, _ = twins(True, SHAPES["not compared, not shown"])
    value = ours(1)
    assert dataclasses.replace(value, a=2) == ours(2)
    assert dataclasses.asdict(value) == {"a": 1, "b": "x", "c": 0.0}
    with pytest.raises(dataclasses.FrozenInstanceError):
        value.a = 3  # type: ignore[attr-defined]


def test_it_refuses_a_class_it_would_change_the_meaning_of():
    with pytest.raises(TypeError):
        compared(dataclass(type("Value", (), {"__annotations__": {"a": "int"}})))  # eq=True already
    with pytest.raises(TypeError):
        compared(type("Value", (), {}))  # not a dataclass
    own_eq = type("Value", (), {"__annotations__": {"a": "int"}, "__eq__": lambda s, o: True})
    with pytest.raises(TypeError):
        compared(dataclass(repr=False, eq=False)(own_eq))


def test_the_start_path_classes_behave_as_before():
    template = TemplateLibrary([bundled_templates_dir()]).get("hatfield-ppei")
    assert dataclasses.replace(template, source="elsewhere") == template  # `source` is not compared
    assert hash(Tag("P", "Aligning")) == hash(("P", "Aligning"))  # dataclass's hash of the tuple
    assert {Tag("P", "Aligning"), Tag("P", "Aligning")} == {Tag("P", "Aligning")}
    assert repr(Tag("P", "Aligning")) == "Tag(element='P', verb='Aligning')"
    assert Attendee("Ash", "GP") == Attendee("Ash", "GP") != Attendee("Ash", "lay")
    note = Note(1, "text", "2026-01-01T10:00:00+00:00", 1.0, tags=[Tag("P", "Aligning")])
    assert note == Note.from_dict(note.to_dict())
    assert note != dataclasses.replace(note, text="other")
    assert repr(note).startswith("Note(id=1, text='text', wall_time=")
    info = SessionInfo("id", template.to_dict(), "Board")
    assert SessionInfo.from_dict(info.to_dict()) == info
    with pytest.raises(TypeError):
        hash(note)  # a note can change: unhashable, as dataclass made it
    assert hash(NoteFilter()) == hash(NoteFilter())
    assert Config.__eq__ is not object.__eq__
    for cls in (Template, Tag, Note, SessionInfo, NoteFilter, Config):
        assert cls.__dataclass_params__.eq is False  # the generated code is not there...
        assert cls.__eq__.__qualname__ == f"{cls.__qualname__}.__eq__"  # ...and ours is
