"""Reading a template's YAML: PyYAML's safe loader, refusing repeated keys and aliases.

Kept apart from templates.py so that PyYAML is imported only when a template file is read
(`ppei observe --resume` uses the copy of the template inside the session file, and never
needs it).
"""

from __future__ import annotations

from typing import Any

import yaml

from ppei_tui.domain.template import Problem, TemplateError


def read_template_yaml(text: str, source: str) -> Any:
    """The YAML value of `text`; a TemplateError naming `source`, line and column if it is not
    YAML a template may be written in."""
    fast = _read_with_libyaml(text)
    if fast is not _REFUSED:
        return fast
    try:
        data = yaml.load(text, Loader=TemplateLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        context = getattr(error, "context", None)
        kind = "YAML error" if isinstance(error, yaml.constructor.ConstructorError) else "YAML syntax error"
        message = f"{kind}: {problem}" + (f" ({context})" if context else "")
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        raise TemplateError([Problem(source, "", message, line, column)]) from error
    return data


def key_locations(text: str) -> dict[str, tuple[int, int]]:
    """Map key paths such as `elements[1].verbs[2]` to 1-based (line, column)."""
    locations: dict[str, tuple[int, int]] = {}
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return locations

    def walk(node: yaml.Node, path: str) -> None:
        locations.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                key = f"{path}.{key_node.value}" if path else str(key_node.value)
                locations[key] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                walk(value_node, key)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                walk(item, f"{path}[{index}]")

    if root is not None:
        walk(root, "")
    return locations


class _NoRepeatedKeys(yaml.constructor.SafeConstructor):
    """A safe constructor that refuses a key repeated in one mapping (two `verbs:` in an
    element): the stock one keeps the last in silence, losing the first list."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: dict[object, yaml.Node] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                repeated = key in seen
            except TypeError:  # an unhashable key: the stock constructor explains it
                break
            if repeated:
                first = seen[key].start_mark
                raise yaml.constructor.ConstructorError(
                    f"while reading the mapping that starts at line {node.start_mark.line + 1}",
                    node.start_mark,
                    f"the key {key!r} appears twice (first at line {first.line + 1}:{first.column + 1}); "
                    "YAML would keep only the last, so join them into one",
                    key_node.start_mark,
                )
            seen[key] = key_node
        return super().construct_mapping(node, deep)


class _UniqueKeyLoader(_NoRepeatedKeys, yaml.SafeLoader):
    """yaml.SafeLoader (PyYAML's Python parser) refusing repeated keys."""


class _FastTemplateLoader(_NoRepeatedKeys, yaml.CSafeLoader):
    """yaml.CSafeLoader (libyaml's parser) refusing repeated keys."""


# The stubs want a constructor defined on a loader class; this one is inherited from the mixin.
_UniqueKeyLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _UniqueKeyLoader.construct_mapping,  # type: ignore[type-var]
)
_FastTemplateLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _FastTemplateLoader.construct_mapping,  # type: ignore[type-var]
)


class TemplateLoader(_UniqueKeyLoader):
    """The template loader: no repeated keys, and no anchors or aliases. Templates never need
    aliases, and nested ones (`&a [*b, *b, ...]`, an "alias bomb") make a tiny file expand to
    gigabytes; refused at the composer, before anything is expanded."""

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise yaml.composer.ComposerError(
                None,
                None,
                "anchors and aliases (&name, *name) are not allowed in templates; write the values out",
                event.start_mark,
            )
        return super().compose_node(parent, index)


_REFUSED = object()  # libyaml did not read it: the Python loader says why, as it always did


def _read_with_libyaml(text: str) -> Any:
    """The value of `text` read by libyaml (PyYAML's C parser, about twice as fast in all as
    its Python one: a template is read at the start of every new session), with the same rules:
    no anchor or alias (looked for in libyaml's events, before anything is built) and no
    repeated key (the constructor is the same). _REFUSED if PyYAML was built without libyaml,
    or the text breaks a rule or is not YAML: TemplateLoader then reads it and names the
    problem as before."""
    if not yaml.__with_libyaml__:
        return _REFUSED
    events = _FastTemplateLoader(text)
    try:
        while events.check_event():
            event = events.get_event()
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
                return _REFUSED
        return yaml.load(text, Loader=_FastTemplateLoader)  # noqa: S506 - a CSafeLoader subclass
    except yaml.YAMLError:
        return _REFUSED
    finally:
        events.dispose()
