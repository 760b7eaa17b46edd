"""The tag picker's numbers: element n, verb m of that element, both counted from 1.

Each level takes as many digits as its largest number needs (issue 16 §2): with 5 elements an
element is one digit; in an element of 15 verbs a verb is two, so `3 1 5` is verb 15 of
element 3 and `3 0 5` verb 5. Numbers follow the template's order.
"""

from __future__ import annotations

from ppei_tui.domain.session import Tag
from ppei_tui.domain.template import Template


def width(count: int) -> int:
    """Digits needed to write every number from 1 to `count`."""
    return len(str(max(count, 1)))


def picker_digits(template: Template, tag: Tag) -> str:
    """The digits that pick `tag` (KeyError if the template has no such code)."""
    for e_index, element in enumerate(template.elements, start=1):
        if element.code == tag.element and tag.verb in element.verbs:
            v_index = element.verbs.index(tag.verb) + 1
            return f"{e_index:0{width(len(template.elements))}d}{v_index:0{width(len(element.verbs))}d}"
    raise KeyError(tag)


def tag_from_digits(template: Template, digits: str) -> Tag:
    """The code `digits` pick; ValueError saying why when they pick none (out of range, too few)."""
    element_width = width(len(template.elements))
    if len(digits) < element_width or not digits.isdigit():
        raise ValueError(f"type {element_width} digit(s) for the element")
    e_number = int(digits[:element_width])
    if not 1 <= e_number <= len(template.elements):
        raise ValueError(f"no element {e_number}: elements are 1 to {len(template.elements)}")
    element = template.elements[e_number - 1]
    rest = digits[element_width:]
    verb_width = width(len(element.verbs))
    if len(rest) != verb_width:
        raise ValueError(f"type {verb_width} digit(s) for a verb of {element.name}")
    v_number = int(rest)
    if not 1 <= v_number <= len(element.verbs):
        raise ValueError(f"no verb {v_number} in {element.name}: its verbs are 1 to {len(element.verbs)}")
    return Tag(element.code, element.verbs[v_number - 1])
