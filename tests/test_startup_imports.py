"""Starting to observe imports only what the first screen needs (issue 12 §3, start-up).

A fresh interpreter runs `ppei observe` through the real command line, headless, until the note
input has focus, and lists the modules it has imported by then. What only a later screen, a
dialog, an output or another command needs is imported when it is first used.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from ppei_tui import templates
from ppei_tui.domain.session import Note
from ppei_tui.templates import bundled_templates_dir

CHILD = """
import json, sys
import ppei_tui.ui.app as app_module
from ppei_tui import cli
from ppei_tui.ui.note_input import NoteInput

class Probe(app_module.PpeiApp):
    def run(self, **kwargs):
        return super().run(headless=True, size=(120, 36))
    def observe(self, opened, is_new):
        super().observe(opened, is_new)
        self.call_after_refresh(self.ready)
    def ready(self):
        if self.screen.query(NoteInput) and self.screen.query_one(NoteInput).has_focus:
            print(json.dumps({"screen": type(self.screen).__name__, "modules": sorted(sys.modules)}))
            self.exit()
        else:
            self.call_after_refresh(self.ready)

app_module.PpeiApp = Probe
cli.terminal_problem = lambda program: None  # headless: no terminal is needed
sys.exit(cli.main(sys.argv[1:]))
"""

# Each is needed only by something the observer has to ask for first.
NOT_AT_START = (
    "reportlab",  # the PDF summary (F7)
    "defusedxml",  # REFI-QDA import
    "tomllib",  # a keymap file (there is none here)
    "ppei_tui.outputs.pdf_report",
    "ppei_tui.outputs.exports",  # F8
    "ppei_tui.outputs.refi_qda",
    "ppei_tui.ui.home",
    "ppei_tui.ui.review",
    "ppei_tui.ui.sessions",
    "ppei_tui.ui.study",
    "ppei_tui.ui.edit",
    "ppei_tui.ui.export_dialog",
    "ppei_tui.ui.modals",  # agenda, late arrival, end: dialogs
    "ppei_tui.ui.help",  # F1, and every dialog's base (Dialog)
    "ppei_tui.ui.leaving",  # the leave dialog (Ctrl+Q, F10 with something unsaved)
    "ppei_tui.ui.tag_input",  # the prompts' and the edit dialog's one-line inputs
    "ppei_tui.ui.ordered_input",  # the one-line inputs beneath them
    "ppei_tui.domain.review",  # re-coding a note
    "ppei_tui.ui.prompt_texts",  # keeping a prompt's text on disk: from the first Ctrl+G / F12
    "ppei_tui.domain.prompt_record",  # or on resuming a file that keeps such text
    "ppei_tui.ui.copies_question",  # resuming a file another file's session shares
    "ppei_tui.domain.study",  # `ppei study`
    "ppei_tui.domain.shading",  # members' shadings and their kappa
    "ppei_tui.domain.agreement",
    "ppei_tui.domain.versions",  # maps over several sessions
    "ppei_tui.domain.analysis",  # the iceberg, timelines and the PDF's counts
    # the parsers of the other commands (cli.parse_arguments builds only the one named)
    "ppei_tui.outputs.commands",
    "ppei_tui.outputs.study_command",
    "ppei_tui.outputs.agree_command",
    "ppei_tui.member_commands",
    "ppei_tui.ui.keys_command",
)


def first_screen_modules(tmp_path: Path, arguments: list[str]) -> set[str]:
    config = tmp_path / "config"
    config.mkdir(exist_ok=True)
    env = {**os.environ, "PPEI_CONFIG_DIR": str(config)}  # no keymap, no saved theme
    result = subprocess.run(
        [sys.executable, "-c", CHILD, *arguments],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout.strip().splitlines()[-1])
    assert shown["screen"] == "ObserveScreen"
    return set(shown["modules"])


def test_a_new_session_starts_without_later_screens_dialogs_or_outputs(tmp_path):
    modules = first_screen_modules(tmp_path, ["observe", "--cop", "Board", "--sessions-dir", str(tmp_path)])
    assert "ppei_tui.ui.observe" in modules and "textual.app" in modules  # the probe saw the screen
    assert sorted(modules & set(NOT_AT_START)) == []
    assert "ppei_tui.domain.draft_record" not in modules  # no draft to check in a new file
    assert "ppei_tui.domain.session_schema" not in modules  # the file it wrote is not re-checked
    assert "ppei_tui.domain.attendees" not in modules  # no --attendees: no list to read
    assert "ppei_tui.storage.resume_copies" not in modules  # a new session has no copies to look for


def test_resuming_starts_without_them_either(tmp_path, store, make_info, clock):
    opened = store.create(make_info())
    for number in range(1, 4):
        opened.save_note(Note(number, f"note {number}", clock().isoformat(), float(number)))
    path = opened.path
    opened.close()
    modules = first_screen_modules(tmp_path, ["observe", "--resume", str(path)])
    assert "ppei_tui.ui.observe" in modules
    assert sorted(modules & set(NOT_AT_START)) == []
    assert "yaml" not in modules  # the session carries its copy of the template: no file is read


def test_getting_a_template_reads_no_file_after_it(tmp_path, monkeypatch):
    folder = tmp_path / "templates"
    folder.mkdir()
    for name in ("a", "b", "c"):
        source = (bundled_templates_dir() / "hatfield-ppei.yaml").read_text(encoding="utf-8")
        (folder / f"{name}.yaml").write_text(source.replace("id: hatfield-ppei", f"id: {name}"), "utf-8")
    read: list[str] = []
    real = templates.load_template_file
    monkeypatch.setattr(
        templates, "load_template_file", lambda path, cache=None: read.append(path.name) or real(path, cache)
    )
    library = templates.TemplateLibrary([folder])
    assert library.get("b").id == "b"
    assert read == ["a.yaml", "b.yaml"]
    assert [entry.template.id for entry in library.entries() if entry.template] == ["a", "b", "c"]
