"""Start-up reads the observe screen's CSS only (issue 12 §3): ppei.tcss, the rules of every
other screen and dialog, is read after observe's first frame, or before another screen opens
if that comes first (ui/stylesheets.py). What every screen looks like does not change (the
snapshots); these tests hold the timing and the split."""

from __future__ import annotations

from ppei_tui.ui import observe
from ppei_tui.ui.app import PpeiApp
from ppei_tui.ui.help import KeysHelp
from ppei_tui.ui.home import HomeScreen
from ppei_tui.ui.note_input import NoteInput
from ppei_tui.ui.stylesheets import OTHER_SCREENS_CSS

SIZE = (140, 40)


def other_screens_css_read(app) -> bool:
    return app.stylesheet.has_source(str(OTHER_SCREENS_CSS))


async def test_ppei_tcss_is_read_after_the_observer_can_type(config, store, make_info):
    """bench_startup's "ready": the note input has focus after a refresh. ppei.tcss is not
    parsed by then (start-up paid for it before), and is read soon after, unasked."""
    seen_at_ready: list[bool] = []

    class Watched(PpeiApp):
        def observe(self, opened, is_new):
            super().observe(opened, is_new)
            self.call_after_refresh(self.ready)

        def ready(self):
            if self.screen.query(NoteInput) and self.screen.query_one(NoteInput).has_focus:
                seen_at_ready.append(other_screens_css_read(self))
            else:
                self.call_after_refresh(self.ready)

    app = Watched(config, store, store.create(make_info()), is_new=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert seen_at_ready == [False]
        assert other_screens_css_read(app)


async def test_no_rule_of_ppei_tcss_changes_the_observe_screen(app_for):
    """Nodes styled before ppei.tcss was read are not styled again when it is: so none of its
    rules may match a node of the observe screen (each would be missing until the next restyle)."""
    app, _path = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+t")  # the tag picker's panel too (mounted into observe)
        await pilot.pause()
        screen = app.screen
        nodes = [screen, *screen.walk_children()]
        before = {node: node.styles.base.css for node in nodes}
        assert other_screens_css_read(app)
        app.stylesheet.update(screen)  # every node styled again, with ppei.tcss among the rules
        after = {node: node.styles.base.css for node in nodes}
        changed = [node for node in nodes if before[node] != after[node]]
        assert changed == []
        assert "border" in after[screen.query_one("#note-input")]  # observe.tcss's rules are there


async def test_a_dialog_opened_before_ppei_tcss_was_read_has_its_rules(app_for, monkeypatch):
    """F1 typed during start-up may come before the read after the first frame: the help is
    pushed through PpeiApp.push_screen, which reads ppei.tcss first (90% of 140 columns)."""
    monkeypatch.setattr(observe, "read_after_first_frame", lambda screen: None)
    app, _path = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not other_screens_css_read(app)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, KeysHelp)
        assert app.screen.query_one("#help").region.width == 126
        assert other_screens_css_read(app)


async def test_home_first_has_its_rules_from_its_first_frame(config, store):
    """`ppei` alone opens home: ppei.tcss is read before home is pushed, not after it drew."""
    app = PpeiApp(config, store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.query_one("#home").styles.padding.left == 1


def settings_folder(tmp_path, text: str):
    folder = tmp_path / "settings"
    folder.mkdir()
    (folder / "settings.json").write_text(text, encoding="utf-8")
    return folder


async def test_a_saved_light_theme_is_set_before_any_screen_is_styled(
    config, store, make_info, monkeypatch, tmp_path
):
    """A theme change makes Textual parse every CSS source again (Stylesheet.reparse): the look
    saved in settings.json is set before the app runs, when only observe.tcss and App's own CSS
    are there, not in on_mount after the first screen's sources were read and styled."""
    from dataclasses import replace

    from textual.color import Color
    from textual.css.stylesheet import Stylesheet

    folder = settings_folder(tmp_path, '{"theme": "textual-light"}')
    sources_at_reparse: list[int] = []
    real_reparse = Stylesheet.reparse

    def reparse(self):
        sources_at_reparse.append(len(self.source))
        return real_reparse(self)

    monkeypatch.setattr(Stylesheet, "reparse", reparse)
    app = PpeiApp(replace(config, config_dir=folder), store, store.create(make_info()), is_new=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "textual-light" and "-light-mode" in app.classes
        light = app.get_theme("textual-light")
        assert light is not None and light.background is not None
        assert app.screen.styles.background == Color.parse(light.background)
    assert sources_at_reparse == [2]  # observe.tcss and App.DEFAULT_CSS, nothing styled yet


async def test_an_unknown_saved_theme_still_says_so_once_the_app_runs(config, store, make_info, tmp_path):
    """The theme is read before the app runs; its problem is shown when it does, as before."""
    from dataclasses import replace

    folder = settings_folder(tmp_path, '{"theme": "no-such-look"}')
    app = PpeiApp(replace(config, config_dir=folder), store, store.create(make_info()), is_new=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "textual-dark"
        [notice] = [n for n in app.notices if "no-such-look" in n.message]
        assert notice.severity == "warning" and "using the default look" in notice.message


async def test_screen_and_widget_css_are_parsed_once_on_the_way_to_observe(
    config, store, make_info, monkeypatch
):
    """The bottom screen's chain of classes is as long as the observe screen's (BottomScreen): a
    longer one on observe made Textual parse Screen's and Widget's DEFAULT_CSS again. If this
    fails after a change to ObserveScreen's bases, give BottomScreen as many steps."""
    import textual.css.stylesheet as stylesheet_module

    parsed: list[str] = []
    real_parse = stylesheet_module.parse

    def parse(scope, css, read_from, **kwargs):
        parsed.append(read_from[1])
        return real_parse(scope, css, read_from, **kwargs)

    monkeypatch.setattr(stylesheet_module, "parse", parse)
    at_ready: list[list[str]] = []

    class Watched(PpeiApp):
        def observe(self, opened, is_new):
            super().observe(opened, is_new)
            self.call_after_refresh(lambda: at_ready.append(list(parsed)))

    app = Watched(config, store, store.create(make_info()), is_new=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
    [seen] = at_ready
    assert seen.count("Screen.DEFAULT_CSS") == 1
    assert seen.count("Widget.DEFAULT_CSS") == 1
    assert "NoteLog.DEFAULT_CSS" in seen  # the observe screen's widgets were styled by then
