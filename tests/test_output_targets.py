"""No output ever replaces a session file: every output refuses a target that is a session
file or the file being read, with and without --force; F8's default names never collide."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest
from save_helpers import settle

from ppei_tui.cli import main
from ppei_tui.outputs.commands import EXPORT_FORMATS
from ppei_tui.storage.journal import journal_path_for
from ppei_tui.storage.store import SessionStore, load_session
from ppei_tui.storage.targets import OutputTargetError, export_name, refuse_session_target
from ppei_tui.ui.app import PpeiApp
from ppei_tui.ui.export_dialog import FORMAT_NOTES
from ppei_tui.ui.observe import ObserveScreen
from ppei_tui.ui.review import ReviewScreen

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "sessions" / "2026-10-14-governing-body-example.json"
OTHER = ROOT / "sessions" / "2026-10-21-communications-strategy-group-example.json"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def sessions(tmp_path) -> tuple[Path, Path]:
    folder = tmp_path / "sessions"
    folder.mkdir()
    first, second = folder / EXAMPLE.name, folder / OTHER.name
    shutil.copy(EXAMPLE, first)
    shutil.copy(OTHER, second)
    return first, second


def output_argv(output: str, source: Path, target: Path, tmp_path: Path) -> list[str]:
    if output == "report":
        return ["report", str(source), "-o", str(target)]
    if output.startswith("export-"):
        return ["export", str(source), "-f", output.removeprefix("export-"), "-o", str(target)]
    if output == "study":
        return ["study", str(source), "--format", "csv", "-o", str(target)]
    if output == "agree":
        return ["agree", str(source), str(source), "-o", str(target)]
    if output == "worksheet":
        return ["worksheet", str(source), "-o", str(target)]
    if output == "templates-import":
        codebook = tmp_path / "codebook.qdc"
        assert main(["export", str(EXAMPLE), "-f", "qdc", "-o", str(codebook)]) == 0
        return ["templates", "import", str(codebook), "-o", str(target)]
    raise AssertionError(output)


OUTPUTS = [
    "report",
    *[f"export-{fmt}" for fmt in sorted(EXPORT_FORMATS)],
    "study",
    "agree",
    "worksheet",
    "templates-import",
]


@pytest.mark.parametrize("force", [False, True], ids=["", "force"])
@pytest.mark.parametrize("which", ["itself", "another session", "its journal", "a link to it"])
@pytest.mark.parametrize("output", OUTPUTS)
def test_an_output_never_replaces_a_session_file(output, which, force, sessions, tmp_path, capsys):
    source, other = sessions
    if which == "itself":
        target = source
    elif which == "another session":
        target = other
    elif which == "its journal":
        target = journal_path_for(source)
        target.write_bytes(b"")
    else:
        target = tmp_path / "link.json"
        target.symlink_to(source)
    guarded = [source, other] + ([target] if target.exists() else [])
    before = {p: digest(p) for p in guarded}
    argv = output_argv(output, source, target, tmp_path) + (["--force"] if force else [])
    capsys.readouterr()
    code = main(argv)
    err = capsys.readouterr().err
    assert code != 0, err
    assert "session" in err and str(target) in err, err
    assert "Traceback" not in err
    assert {p: digest(p) for p in guarded} == before
    load_session(source)  # still a session
    load_session(other)


def test_the_guard_names_each_case(sessions, tmp_path):
    source, other = sessions
    with pytest.raises(OutputTargetError, match="the session file being read"):
        refuse_session_target(source, [source])
    with pytest.raises(OutputTargetError, match="is a session file"):
        refuse_session_target(other, [source])
    damaged = tmp_path / "damaged.json"
    damaged.write_bytes(source.read_bytes()[:500])  # cut short: still a session, never replaced
    with pytest.raises(OutputTargetError, match="is a session file"):
        refuse_session_target(damaged)
    plain = tmp_path / "notes.json"
    plain.write_text('{"format": "ppei-tui sessions", "sessions": []}')
    refuse_session_target(plain, [source])  # an earlier export may be replaced
    refuse_session_target(tmp_path / "new.pdf", [source])


def test_default_export_names_never_collide_and_are_not_listed_as_sessions(sessions):
    source, _ = sessions
    names = {
        fmt: export_name(source, ext, "long" if fmt == "csv-long" else "")
        for fmt, ext in EXPORT_FORMATS.items()
    }
    assert names["json"].name == source.stem + ".export.json"
    assert len(set(names.values())) == len(names) and source not in names.values()
    for path in names.values():
        refuse_session_target(path, [source])
    assert main(["export", str(source), "-f", "json", "-o", str(names["json"])]) == 0
    store = SessionStore(source.parent)
    assert names["json"] not in store.session_paths()
    assert all(s.session is not None for s in store.summaries())


@pytest.mark.parametrize("where", ["review", "observe"])
async def test_f8_proposes_a_name_that_is_not_the_session_for_every_format(where, config, store, clock):
    config.sessions_dir.mkdir(parents=True)
    path = config.sessions_dir / EXAMPLE.name
    shutil.copy(EXAMPLE, path)
    if where == "review":
        app = PpeiApp(config, store, start_in_review=True, reviewer="RB")
    else:
        app = PpeiApp(config, store, store.open(path), False)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        if where == "review":
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, ReviewScreen)
        else:
            assert isinstance(app.screen, ObserveScreen)
        for fmt, extension in EXPORT_FORMATS.items():
            before = digest(path)
            # F8's dialog lists the formats (commonest first); Enter moves to the proposed
            # path, Enter there exports.
            order = [f for f in FORMAT_NOTES if f in EXPORT_FORMATS]
            await pilot.press("f8", *["down"] * order.index(fmt), "enter", "enter")
            await settle(pilot)
            expected = export_name(path, extension, "long" if fmt == "csv-long" else "")
            assert expected.exists(), (fmt, [n.message for n in app.notices])
            assert os.stat(expected).st_mode & 0o777 == 0o600
            assert digest(path) == before, fmt
        assert not any(n.title == "Export failed" for n in app.notices)
    load_session(path)
