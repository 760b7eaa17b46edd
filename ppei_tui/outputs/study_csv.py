"""The study as one tidy CSV: a row per session and verb, for R and pandas.

Columns: session,date,cop,site,observer,element,verb,count,share
- session: the session file's name (its SHA-256 is in the study PDF's provenance);
- element: the element's code in the template (e.g. `Mat`), verb as the template spells it;
- count: the number of counted (non-deleted, filter-matching) notes carrying the verb;
- share: count divided by the session's sum of counts over all verbs, 0 when that sum is 0.
Every verb of the template gets a row, observed or not, so zero counts are explicit.
UTF-8 without a byte-order mark (base R's read.csv would keep it in the first column name).
"""

from __future__ import annotations

import csv
import io

from ppei_tui.domain.study import Study
from ppei_tui.outputs.exports import FORMULA_STARTS

STUDY_COLUMNS = ["session", "date", "cop", "site", "observer", "element", "verb", "count", "share"]


def _safe(value: str, excel_safe: bool) -> str:
    """A text cell a spreadsheet would run as a formula gets a leading apostrophe."""
    return "'" + value if excel_safe and value.startswith(FORMULA_STARTS) else value


def format_share(share: float) -> str:
    """Six significant digits; `0` for zero."""
    return f"{share:.6g}"


def study_csv(study: Study, excel_safe: bool = True) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(STUDY_COLUMNS)
    for meeting in study.meetings:
        info = meeting.session.info
        texts = [
            _safe(v, excel_safe) for v in (meeting.path.name, info.date, info.cop, info.site, info.observer)
        ]
        for element, verb in study.template.verb_cells():
            figure = meeting.verb_figure(element, verb)
            writer.writerow(
                [*texts, element, _safe(verb, excel_safe), figure.count, format_share(figure.share)]
            )
    return buffer.getvalue().encode("utf-8")
