"""Finding and reading template files (YAML) into validated domain Templates."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ppei_tui.domain.template import Problem, Template, TemplateError, template_from_data

if TYPE_CHECKING:
    from ppei_tui.template_cache import TemplateCache

BUNDLED_DIR_NAME = "observation_templates"
# The largest bundled template is a few kilobytes; a codebook of a thousand codes is ~100 KB.
MAX_TEMPLATE_BYTES = 1_000_000


def _too_large(size: int, source: str) -> TemplateError:
    limit = f"{MAX_TEMPLATE_BYTES // 1000:,} KB"
    return TemplateError([Problem(source, "", f"is {size:,} bytes; a template may be at most {limit}")])


def bundled_templates_dir() -> Path:
    """The templates shipped with the package (installed wheel) or the source checkout."""
    package_dir = Path(__file__).resolve().parent
    installed = package_dir / BUNDLED_DIR_NAME
    if installed.is_dir():
        return installed
    return package_dir.parent / BUNDLED_DIR_NAME


BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def decode_template_bytes(data: bytes, source: str) -> str:
    """Template text: UTF-8, or UTF-16/32 when the file starts with its byte-order mark (as
    Windows editors save "Unicode"). Anything else is a TemplateError naming line:column."""
    encoding = next((name for bom, name in BOMS if data.startswith(bom)), "utf-8")
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        good = data[: error.start].decode(encoding, errors="replace")
        line = good.count("\n") + 1
        column = len(good) - (good.rfind("\n") + 1) + 1
        bad = data[error.start : error.start + 4].hex(" ")
        message = (
            f"is not valid {'UTF-8' if encoding == 'utf-8' else encoding.upper()} (bytes {bad}): "
            "save the template as UTF-8 (or UTF-16 with a byte-order mark)"
        )
        raise TemplateError([Problem(source, "", message, line, column)]) from error


def parse_template_text(text: str, source: str, cache: TemplateCache | None = None) -> Template:
    """The template in `text` (YAML), validated; TemplateError naming `source` and the place.
    With a `cache`, a text read before is validated from the value kept for it (no YAML)."""
    if len(text) > MAX_TEMPLATE_BYTES:
        raise _too_large(len(text.encode("utf-8")), source)
    kept = cache.get(text) if cache is not None else None
    if kept is not None:
        try:
            return template_from_data(kept, source)
        except TemplateError:  # rules changed since it was kept: read the YAML to explain it
            pass
    from ppei_tui.template_yaml import key_locations, read_template_yaml  # PyYAML: only now

    data = read_template_yaml(text, source)
    try:
        template = template_from_data(data, source)
    except TemplateError:
        # Locating keys costs a second parse, so it is done only to explain a problem.
        return template_from_data(data, source, key_locations(text))
    if cache is not None:
        cache.put(text, data)
    return template


def load_template_file(path: Path, cache: TemplateCache | None = None) -> Template:
    # Here, not at start (issue 12): the bundled templates are read through the cache.
    from ppei_tui.storage.sessionfile import not_a_file, read_regular_file

    try:
        status = path.stat()
        problem = not_a_file(status.st_mode)  # a folder or a pipe: said, never read (a pipe would hang)
        if problem is not None:
            raise problem
        if status.st_size > MAX_TEMPLATE_BYTES:
            raise _too_large(status.st_size, str(path))
        data = read_regular_file(path)
    except OSError as error:
        raise TemplateError(
            [Problem(str(path), "", f"cannot read file: {error.strerror or error}")]
        ) from error
    return parse_template_text(decode_template_bytes(data, str(path)), str(path), cache)


class TemplateEntry(NamedTuple):  # a NamedTuple: made at start, far cheaper than a dataclass
    path: Path
    template: Template | None
    error: TemplateError | None


class TemplateLibrary:
    """Templates from several directories; earlier directories win on a clash of ids."""

    def __init__(self, directories: list[Path], cache: TemplateCache | None = None):
        self.directories = directories
        self.cache = cache  # templates read before are not read from their YAML again

    def entries(self) -> list[TemplateEntry]:
        return list(self._entries())

    def _entries(self) -> Iterator[TemplateEntry]:
        """Each file, read when it is reached: `get` stops at the one it wants."""
        seen_ids: set[str] = set()
        for directory in self.directories:
            if not directory.is_dir():
                continue
            for path in sorted([*directory.glob("*.yaml"), *directory.glob("*.yml")]):
                try:
                    template = load_template_file(path, self.cache)
                except TemplateError as error:
                    yield TemplateEntry(path, None, error)
                    continue
                if template.id in seen_ids:
                    continue
                seen_ids.add(template.id)
                yield TemplateEntry(path, template, None)

    def templates(self) -> list[Template]:
        return [e.template for e in self.entries() if e.template is not None]

    def get(self, name_or_path: str) -> Template:
        """A template by id, or by the path of a YAML file."""
        candidate = Path(name_or_path)
        if candidate.suffix in {".yaml", ".yml"} and candidate.exists():
            return load_template_file(candidate, self.cache)
        for entry in self._entries():  # the files after the one wanted are not read
            if entry.template is not None and entry.template.id == name_or_path:
                return entry.template
            if entry.path.stem == name_or_path and entry.error is not None:
                raise entry.error
        known = ", ".join(t.id for t in self.templates()) or "none"
        raise KeyError(f"no template called {name_or_path!r} (available: {known})")
