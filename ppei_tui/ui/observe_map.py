"""The observe screen's map panel: counted once in a worker, then moved note by note (LiveMap)."""

from __future__ import annotations

from textual.message import Message

from ppei_tui.domain.mapping import MapCounts, compute_map
from ppei_tui.domain.session import Note
from ppei_tui.storage.store import NOTES
from ppei_tui.ui.live_map import LiveMap
from ppei_tui.ui.map_panel import MapPanel
from ppei_tui.ui.messages import Notice
from ppei_tui.ui.observe_base import ObserveBase


class MapReady(Message):
    """The map counted in a worker from the notes saved when the screen opened."""

    def __init__(self, counts: MapCounts):
        super().__init__()
        self.counts = counts


class ObserveMap(ObserveBase):
    """ObserveScreen's map part: the first count of a resumed session runs in a worker."""

    def refresh_map(self, note: Note | None = None) -> None:
        """Bring the map up to date with a saved (or unsaved) note, or count it all at first.

        The first count of a resumed session runs in a worker; after that each note moves
        only its own cells (LiveMap), so a save costs the same at the 10,000th note.
        """
        if self.live_map is None:
            if note is not None:
                self.map_pending.add(note.id)
            if not self.map_running:
                failed = self.writer.failed()
                notes = [n for n in self.session.notes if (NOTES, n.id) not in failed]
                if not notes and not self.map_pending:
                    # Nothing to count (a new session): the empty map now, so the first frame
                    # draws it instead of a second frame after a worker's message.
                    self.live_map = LiveMap(compute_map(self.session.template, []))
                    self.query_one(MapPanel).show(self.live_map.counts)
                    return
                self.map_running = True
                self.run_worker(
                    lambda: self._count_map(notes),
                    thread=True,
                    group="map",
                    description="count the map",  # not the notes: a worker's repr of them is slow
                    exit_on_error=False,
                )
            return
        if note is not None:
            self.live_map.update(note, counted=(NOTES, note.id) not in self.writer.failed())
        self.query_one(MapPanel).show(self.live_map.counts)

    def _count_map(self, notes: list[Note]) -> None:
        try:
            counts = compute_map(self.session.template, notes)
        except Exception as error:  # shown; the notes are safe, only the map is missing
            self.post_message(Notice.failure("Could not draw the map", error))
            return
        self.post_message(MapReady(counts))

    def on_map_ready(self, message: MapReady) -> None:
        self.map_running = False
        self.live_map = LiveMap(message.counts)
        failed = self.writer.failed()
        for note_id in sorted(self.map_pending):  # saved while it was being counted
            note = self.session.note(note_id)
            self.live_map.update(note, counted=(NOTES, note_id) not in failed)
        self.map_pending.clear()
        self.query_one(MapPanel).show(self.live_map.counts)
