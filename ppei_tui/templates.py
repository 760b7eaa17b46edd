"""Finding and reading template files (YAML) into validated domain Templates."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from ppei_tui.domain.template import Problem, Template, TemplateError, template_from_data

BUNDLED_DIR_NAME = "observation_templates"


def bundled_templates_dir() -> Path:
    """The templates shipped with the package (installed wheel) or the source checkout."""
    package_dir = Path(__file__).resolve().parent
    installed = package_dir / BUNDLED_DIR_NAME
    if installed.is_dir():
        return installed
    return package_dir.parent / BUNDLED_DIR_NAME


def _key_locations(text: str) -> dict[str, tuple[int, int]]:
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


def parse_template_text(text: str, source: str) -> Template:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        context = getattr(error, "context", None)
        message = f"YAML syntax error: {problem}" + (f" ({context})" if context else "")
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        raise TemplateError([Problem(source, "", message, line, column)]) from error
    try:
        return template_from_data(data, source)
    except TemplateError:
        # Locating keys costs a second parse, so it is done only to explain a problem.
        return template_from_data(data, source, _key_locations(text))


def load_template_file(path: Path) -> Template:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise TemplateError([Problem(str(path), "", f"cannot read file: {error}")]) from error
    return parse_template_text(text, str(path))


@dataclass(frozen=True)
class TemplateEntry:
    path: Path
    template: Template | None
    error: TemplateError | None


class TemplateLibrary:
    """Templates from several directories; earlier directories win on a clash of ids."""

    def __init__(self, directories: list[Path]):
        self.directories = directories

    def entries(self) -> list[TemplateEntry]:
        entries: list[TemplateEntry] = []
        seen_ids: set[str] = set()
        for directory in self.directories:
            if not directory.is_dir():
                continue
            for path in sorted([*directory.glob("*.yaml"), *directory.glob("*.yml")]):
                try:
                    template = load_template_file(path)
                except TemplateError as error:
                    entries.append(TemplateEntry(path, None, error))
                    continue
                if template.id in seen_ids:
                    continue
                seen_ids.add(template.id)
                entries.append(TemplateEntry(path, template, None))
        return entries

    def templates(self) -> list[Template]:
        return [e.template for e in self.entries() if e.template is not None]

    def get(self, name_or_path: str) -> Template:
        """A template by id, or by the path of a YAML file."""
        candidate = Path(name_or_path)
        if candidate.suffix in {".yaml", ".yml"} and candidate.exists():
            return load_template_file(candidate)
        for entry in self.entries():
            if entry.template is not None and entry.template.id == name_or_path:
                return entry.template
            if entry.path.stem == name_or_path and entry.error is not None:
                raise entry.error
        known = ", ".join(t.id for t in self.templates()) or "none"
        raise KeyError(f"no template called {name_or_path!r} (available: {known})")
