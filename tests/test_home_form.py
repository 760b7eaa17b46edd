"""The home form: every field has a real label that stays when the field is typed in, and a
session started from it stores what the fields say."""

from textual.widgets import Input, Label

from ppei_tui.storage.reading import read_tables
from ppei_tui.ui.app import PpeiApp


async def test_every_home_field_has_a_label_that_stays(config, store):
    app = PpeiApp(config, store)
    async with app.run_test(size=(120, 50)) as pilot:
        await pilot.pause()
        screen = pilot.app.screen
        labels = [str(label.render()) for label in screen.query(".field-label").results(Label)]
        assert labels[:3] == ["Template", "Community of practice (required)", "Site"]
        assert any(text.startswith("Attendees") for text in labels)
        assert any(text.startswith("Agenda") for text in labels)
        fields = list(screen.query("#new-session Input").results(Input))
        assert len(labels) == len(fields) + 1  # the template choice is labelled too
        await pilot.press(*"Patient reference group")
        await pilot.press("tab", *"North", "tab", "tab", *"DH", "tab", *"Ash: GP lead; Birch: chair")
        await pilot.pause()
        assert "Community of practice (required)" in [
            str(label.render()) for label in screen.query(".field-label").results(Label)
        ]
        assert "Ash" in str(screen.query_one("#attendees-read", Label).render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
    [path] = config.sessions_dir.glob("*.json")
    info = next(iter(read_tables(path)[0]["info"].values()))
    assert info["cop"] == "Patient reference group" and info["site"] == "North"
    assert [a["pseudonym"] for a in info["attendees"]] == ["Ash", "Birch"]


async def test_the_observer_field_starts_as_ppei_observer_and_keeps_what_is_typed(config, store):
    from dataclasses import replace

    app = PpeiApp(replace(config, observer="Dana H"), store)
    async with app.run_test(size=(120, 50)) as pilot:
        await pilot.pause()
        observer = pilot.app.screen.query_one("#observer", Input)
        assert observer.value == "Dana H"
        await pilot.press(*"Patient reference group")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
    [path] = config.sessions_dir.glob("*.json")
    assert next(iter(read_tables(path)[0]["info"].values()))["observer"] == "Dana H"


async def test_an_observer_typed_over_ppei_observer_is_the_one_stored(config, store):
    from dataclasses import replace

    app = PpeiApp(replace(config, observer="Dana H"), store)
    async with app.run_test(size=(120, 50)) as pilot:
        await pilot.pause()
        await pilot.press(*"Patient reference group", "tab", "tab", "tab")
        assert pilot.app.screen.focused is pilot.app.screen.query_one("#observer", Input)
        await pilot.press("ctrl+u", *"Kim")  # Ctrl+U: delete to the start, as in a shell
        await pilot.press("ctrl+s")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
    [path] = config.sessions_dir.glob("*.json")
    assert next(iter(read_tables(path)[0]["info"].values()))["observer"] == "Kim"


async def test_without_ppei_observer_the_field_starts_empty(config, store):
    app = PpeiApp(config, store)
    async with app.run_test(size=(120, 50)) as pilot:
        await pilot.pause()
        assert pilot.app.screen.query_one("#observer", Input).value == ""
