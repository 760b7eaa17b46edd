"""Templates already read are kept as JSON (template_cache.py): a new session then starts
without loading PyYAML. What is kept is validated like freshly read YAML; an edited template,
a damaged entry or a value JSON cannot hold is read from the YAML again."""

import contextlib

import pytest

from ppei_tui import templates
from ppei_tui.domain.template import TemplateError
from ppei_tui.template_cache import TemplateCache
from ppei_tui.templates import TemplateLibrary, bundled_templates_dir, parse_template_text

TEXT = (bundled_templates_dir() / "hatfield-ppei.yaml").read_text(encoding="utf-8")


def yaml_reads(monkeypatch) -> list[str]:
    import ppei_tui.template_yaml as template_yaml

    read: list[str] = []
    real = template_yaml.read_template_yaml
    monkeypatch.setattr(
        template_yaml, "read_template_yaml", lambda text, source: read.append(source) or real(text, source)
    )
    return read


def test_a_template_read_once_is_not_read_from_yaml_again(tmp_path, monkeypatch):
    read = yaml_reads(monkeypatch)
    cache = TemplateCache(tmp_path / "cache")
    first = parse_template_text(TEXT, "a.yaml", cache)
    second = parse_template_text(TEXT, "a.yaml", cache)
    assert first == second and read == ["a.yaml"]
    edited = TEXT.replace("name: Hatfield PPEI", "name: Hatfield PPEI (edited)", 1)
    assert "edited" in parse_template_text(edited, "a.yaml", cache).name and read == ["a.yaml", "a.yaml"]


def test_a_damaged_entry_is_read_from_yaml_and_written_again(tmp_path, monkeypatch):
    cache = TemplateCache(tmp_path)
    parse_template_text(TEXT, "a.yaml", cache)
    (entry,) = tmp_path.glob("v1-*.json")
    entry.write_text('{"id": ', encoding="utf-8")
    read = yaml_reads(monkeypatch)
    assert parse_template_text(TEXT, "a.yaml", cache).id == "hatfield-ppei" and read == ["a.yaml"]
    assert entry.read_text(encoding="utf-8").startswith("{")  # written whole again
    parse_template_text(TEXT, "a.yaml", cache)
    assert read == ["a.yaml"]


def test_what_is_kept_is_validated_and_a_bad_template_is_explained_from_its_yaml(tmp_path):
    cache = TemplateCache(tmp_path)
    bad = "id: x\nname: X\nelements:\n  - code: A\n    name: Alpha\n    verbs: []\n"
    explained = []
    for _ in range(2):  # never kept: the second reading explains it from the YAML, as the first
        with pytest.raises(TemplateError) as raised:
            parse_template_text(bad, "bad.yaml", cache)
        explained.append(str(raised.value))
    assert explained[0] == explained[1] and "bad.yaml" in explained[0]
    assert list(tmp_path.glob("*.json")) == []
    dated = TEXT.replace("name: Hatfield PPEI", "date: 2026-01-01\nname: Hatfield PPEI", 1)
    with contextlib.suppress(TemplateError):  # an unknown key may be refused; a date is never kept
        parse_template_text(dated, "d.yaml", cache)
    assert all("2026-01-01" not in entry.read_text(encoding="utf-8") for entry in tmp_path.glob("*.json"))


def test_a_cache_that_cannot_be_written_only_costs_the_yaml(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    cache = TemplateCache(blocked / "cache")
    assert parse_template_text(TEXT, "a.yaml", cache).id == "hatfield-ppei"
    assert TemplateLibrary([bundled_templates_dir()], cache).get("hatfield-ppei").id == "hatfield-ppei"


def test_a_second_new_session_starts_without_pyyaml(tmp_path, cache_dir):
    from test_startup_imports import first_screen_modules

    arguments = ["observe", "--cop", "Board", "--sessions-dir", str(tmp_path)]
    assert "yaml" in first_screen_modules(tmp_path, arguments)  # the first reads the template
    assert list(cache_dir.glob("v1-*.json"))
    assert "yaml" not in first_screen_modules(tmp_path, arguments)


def test_the_library_passes_its_cache_on(tmp_path, monkeypatch):
    seen = []
    real = templates.load_template_file
    monkeypatch.setattr(
        templates, "load_template_file", lambda path, cache=None: seen.append(cache) or real(path, cache)
    )
    cache = TemplateCache(tmp_path)
    TemplateLibrary([bundled_templates_dir()], cache).get("hatfield-ppei")
    assert seen and all(c is cache for c in seen)
