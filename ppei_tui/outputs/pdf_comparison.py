"""The session report's comparison section (`ppei report SESSION OTHER...`): each session's
map on the union of their template versions, then the verbs where the maps differ."""

from __future__ import annotations

from pathlib import Path

from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph

from ppei_tui.domain.mapping import combined_maps
from ppei_tui.domain.review import compare_maps, differences
from ppei_tui.domain.session import Session
from ppei_tui.domain.versions import combine_sessions
from ppei_tui.domain.wording import count as count_of
from ppei_tui.outputs.pdf_fonts import FontSet
from ppei_tui.outputs.pdf_map import map_flowables
from ppei_tui.outputs.pdf_styles import Styles
from ppei_tui.outputs.pdf_tables import grid_table
from ppei_tui.outputs.pdf_typed import Typed, typed_line


def comparison_section(
    session: Session, others: list[tuple[Session, Path]], fonts: FontSet, styles: Styles, width: float
) -> list[Flowable]:
    """Section 7: the maps of `session` and `others` (smaller, each under its CoP, site, date
    and note count), then a table of the verbs seen in some sessions only and of those seen in
    all with different counts. `width` is the text width in points."""
    text = fonts.markup
    sessions = [session] + [other for other, _ in others]
    # each session's CoP, site and date, each in its own direction, in the app's words
    titles = [
        [Typed(s.info.cop), ", ", Typed(s.info.site) if s.info.site else "no site", ", ", Typed(s.info.date)]
        for s in sessions
    ]
    maps = combined_maps(sessions)  # on the union of their template versions
    story: list[Flowable] = [PageBreak(), Paragraph("7. Comparison with other sessions", styles.h1)]
    for message in combine_sessions(sessions).messages():
        story.append(Paragraph(text(f"Templates reconciled: {message}"), styles.body))
    for title, counts in zip(titles, maps, strict=True):
        heading = typed_line(fonts, [*title, f" ({count_of(counts.notes_counted, 'note')})"], styles.h2)
        tables = map_flowables(counts, fonts, width * 0.85, font_size=7)
        story.append(KeepTogether([heading, tables[0]]))
        story += tables[1:]
    partial, differing = differences(compare_maps(maps))
    names = {e.code: e.name for e in maps[0].template.elements}
    rows = [("Verb", *[f"{s.info.site or s.info.cop} {s.info.date}" for s in sessions])]
    for row in partial + differing:
        rows.append(
            (f"{names[row.element]} · {row.verb}", *[str(c) if c else "not seen" for c in row.counts])
        )
    story.append(
        Paragraph(
            "Where the maps differ (verbs seen in some sessions only, then verbs seen in all "
            "with different counts)",
            styles.h2,
        )
    )
    story.append(
        grid_table(rows, fonts, styles.body, width)
        if len(rows) > 1
        else Paragraph("The maps are the same.", styles.body)
    )
    return story
