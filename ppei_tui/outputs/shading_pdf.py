"""Members' shadings on paper and in print: the blank worksheet for a workshop, and the
"How members saw it" section of the summary (evidence map beside each member's and the
members' median, the verbs two or more levels apart, the members' comments)."""

from __future__ import annotations

from datetime import datetime

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from ppei_tui.domain.mapping import SHADE_COLOURS, SHADE_TEXT_COLOURS, MapCounts
from ppei_tui.domain.session import Session
from ppei_tui.domain.shading import compare_member, evidence_levels, median_levels, verb_key
from ppei_tui.domain.template import Template
from ppei_tui.outputs.pdf_document import Margins, a4_pdf
from ppei_tui.outputs.pdf_fonts import FontSet, load_fonts
from ppei_tui.outputs.pdf_styles import compact_styles
from ppei_tui.outputs.pdf_typed import Typed, typed_line, typed_paragraph

LEVEL_WORDS = ("0 not seen", "1 a little", "2 some", "3 a lot", "4 most of all")


def worksheet_pdf(template: Template, session: Session | None, now: datetime) -> bytes:
    """A blank map to shade by hand: per element, each verb with boxes 0-4 and room for a
    comment. With a session, its meeting details head the sheet."""
    fonts = load_fonts()
    body, small, heading = compact_styles(fonts)
    title = ParagraphStyle("shade-title", parent=body, fontName=fonts.bold, fontSize=15, leading=19)
    story: list[Flowable] = [typed_line(fonts, ["How we saw it: ", Typed(template.name)], title)]
    if session is not None:
        info = session.info
        site = Typed(info.site) if info.site else "no site"
        story.append(typed_line(fonts, [Typed(info.cop), ", ", site, ", ", Typed(info.date)], body))
    story.append(
        Paragraph(
            fonts.markup(
                "Name or pseudonym: ____________________   Role: ____________________\n"
                "For each verb, tick how strongly you saw it in this meeting: " + "; ".join(LEVEL_WORDS) + "."
            ),
            small,
        )
    )
    for element in template.elements:
        rows: list[list[object]] = [
            [typed_line(fonts, [Typed(element.name), " (", Typed(element.code), ")"], small)]
            + [Paragraph(str(level), small) for level in range(5)]
            + [Paragraph("comment", small)]
        ]
        for verb in element.verbs:
            rows.append([typed_paragraph(fonts, verb, body), "☐", "☐", "☐", "☐", "☐", ""])
        table = Table(rows, colWidths=[48 * mm] + [9 * mm] * 5 + [87 * mm], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#999999")),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E3EAF2")),
                    ("FONTNAME", (1, 1), (5, -1), fonts.regular),
                    ("FONTSIZE", (1, 1), (5, -1), 12),
                    ("ALIGN", (1, 0), (5, -1), "CENTER"),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("TOPPADDING", (0, 1), (-1, -1), 5),
                    ("BOTTOMPADDING", (0, 1), (-1, -1), 5),
                ]
            )
        )
        story += [Spacer(1, 5), table]
    story.append(Spacer(1, 6))
    story.append(Paragraph(fonts.markup(f"Printed {now.date().isoformat()} by ppei-tui."), small))
    payload, _ = a4_pdf(story, Margins.even(14 * mm), "Worksheet")
    return payload


def members_section(session: Session, counts: MapCounts, fonts: FontSet, width: float) -> list[Flowable]:
    """Flowables for "How members saw it": empty when no member has shaded the map."""
    if not session.shadings:
        return []
    body, small, heading = compact_styles(fonts)
    evidence = evidence_levels(counts)
    keys = list(evidence)
    median = median_levels(session.shadings, keys)
    columns = [("evidence", evidence)] + [(s.member, {k: s.level(k) for k in keys}) for s in session.shadings]
    if len(session.shadings) > 1:
        columns.append(("median", median))
    header = [Paragraph("verb", small)] + [typed_paragraph(fonts, name, small) for name, _ in columns]
    rows: list[list[object]] = [header]
    styles: list[tuple[object, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#BBBBBB")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E3EAF2")),
        ("ALIGN", (1, 1), (-1, -1), "CENTER"),
    ]
    for row, key in enumerate(keys, start=1):
        rows.append([typed_paragraph(fonts, key, small)] + [str(levels[key]) for _, levels in columns])
        for column, (_, levels) in enumerate(columns, start=1):
            level = levels[key]
            styles.append(("BACKGROUND", (column, row), (column, row), colors.HexColor(SHADE_COLOURS[level])))
            styles.append(
                ("TEXTCOLOR", (column, row), (column, row), colors.HexColor(SHADE_TEXT_COLOURS[level]))
            )
    verb_width = 50 * mm
    level_width = max(12 * mm, min(25 * mm, (width - verb_width) / len(columns)))
    table = Table(rows, colWidths=[verb_width] + [level_width] * len(columns), repeatRows=1)
    table.setStyle(TableStyle(styles))
    out: list[Flowable] = [
        Paragraph("How members saw it", heading),
        Paragraph(
            fonts.markup(
                "Each member's levels (0 not seen to 4 seen most) beside the evidence map's levels, which "
                "follow the shading scale of the notes. Agreement with the evidence is Cohen's quadratic-"
                "weighted kappa over all verbs; verbs two or more levels apart are named."
            ),
            small,
        ),
        table,
    ]
    for shading in session.shadings:
        comparison = compare_member(shading, evidence)
        kappa = comparison.weighted_kappa
        figure = f"{kappa.value:.2f}" if kappa.value is not None else f"undefined ({kappa.reason})"
        # each line the app's words with the member's own text in it, each in its own direction
        role = Typed(shading.role) if shading.role else "member"
        lines = [typed_line(fonts, [Typed(shading.member), " (", role, f"): weighted kappa {figure}"], body)]
        if comparison.differences:
            parts = [f"{k} member {m}, evidence {e}" for k, (m, e) in comparison.differences.items()]
            lines.append(typed_line(fonts, ["Two or more levels apart: ", Typed("; ".join(parts))], body))
        for key, comment in shading.comments.items():
            lines.append(typed_line(fonts, [Typed(key), ": “", Typed(comment), "”"], body))
        out.append(KeepTogether([Spacer(1, 4), *lines]))
    return out


def shading_text(session: Session, counts: MapCounts) -> list[str]:
    """`ppei map --shadings`: plain aligned text (verb, evidence, each member, median) and the
    verbs where a member and the evidence differ by two levels or more."""
    evidence = evidence_levels(counts)
    keys = list(evidence)
    if not session.shadings:
        return ["No member has shaded this session's map yet (ppei shade SESSION --as NAME)."]
    names = ["evidence"] + [s.member for s in session.shadings] + ["median"]
    median = median_levels(session.shadings, keys)
    width = max(len(k) for k in keys)
    lines = ["  ".join([f"{'verb':<{width}}"] + [f"{n:>{max(len(n), 3)}}" for n in names])]
    for key in keys:
        values = [evidence[key]] + [s.level(key) for s in session.shadings] + [median[key]]
        lines.append(
            "  ".join(
                [f"{key:<{width}}"] + [f"{v:>{max(len(n), 3)}}" for v, n in zip(values, names, strict=True)]
            )
        )
    lines.append("")
    for shading in session.shadings:
        comparison = compare_member(shading, evidence)
        kappa = comparison.weighted_kappa
        figure = f"{kappa.value:.2f}" if kappa.value is not None else f"undefined ({kappa.reason})"
        lines.append(
            f"{shading.member} ({shading.role or 'member'}): weighted kappa with the evidence {figure}"
        )
        for key, (member, seen) in comparison.differences.items():
            lines.append(f"  {key}: member {member}, evidence {seen}")
    return lines


__all__ = ["members_section", "shading_text", "verb_key", "worksheet_pdf"]
