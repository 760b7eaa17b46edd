"""Showing recorded moments (ISO 8601 with a UTC offset) so they can be compared at a glance.

History entries and memos are stamped with the writer's local time and offset. Cutting the
text (`created[:16]`) dropped the offset, so a Tokyo memo and a later Los Angeles one read in
reverse order. Here every moment is shown in the reader's time zone, with its offset, and the
writer's own local time beside it when that differs.
"""

from __future__ import annotations

from datetime import datetime, tzinfo


def _offset(moment: datetime) -> str:
    text = moment.strftime("%z")  # +0900
    return f"{text[:3]}:{text[3:]}" if text else ""


def format_moment(recorded: str, zone: tzinfo | None = None) -> str:
    """`2026-03-04T10:00:00+09:00` shown in `zone` (default: this machine's local zone) as
    `2026-03-04 01:00 +00:00 (10:00 +09:00 where written)`. A moment without an offset is
    shown as written with "(no offset)"; text that is not a moment is returned unchanged."""
    try:
        moment = datetime.fromisoformat(recorded)
    except (TypeError, ValueError):
        return recorded
    if moment.utcoffset() is None:
        return f"{moment:%Y-%m-%d %H:%M} (no offset)"
    local = moment.astimezone(zone) if zone is not None else moment.astimezone()
    shown = f"{local:%Y-%m-%d %H:%M} {_offset(local)}"
    if local.utcoffset() != moment.utcoffset():
        day = "" if local.date() == moment.date() else f"{moment:%Y-%m-%d} "
        shown += f" ({day}{moment:%H:%M} {_offset(moment)} where written)"
    return shown
