"""Agreement between observers as JSON, terminal text and a PDF (see domain/agreement.py for
the rule every figure follows)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ppei_tui.domain.agreement import Agreement, PairAgreement, PairTable, Ratio, evidence
from ppei_tui.domain.session import Note, Session

# Landis and Koch's (1977) bands, as the issue names them; the upper bound is exclusive.
BANDS = ((0.40, "poor", "red"), (0.60, "moderate", "yellow"), (0.80, "substantial", "green"))
TOP_BAND = ("almost perfect", "bright_green")


def band(value: float | None) -> tuple[str, str]:
    """(band name, rich colour) of a kappa; ('undefined', 'dim') for None."""
    if value is None:
        return "undefined", "dim"
    for limit, name, colour in BANDS:
        if value < limit:
            return name, colour
    return TOP_BAND


@dataclass(frozen=True)
class Observed:
    """One observer's (or coder's) session and the file it came from."""

    session: Session
    path: Path

    @property
    def label(self) -> str:
        """Who coded the notes: a re-coded copy's coder (`ppei recode`), else the observer."""
        info = self.session.info
        return info.coder or info.observer or self.path.name


def _number(ratio: Ratio) -> float | None:
    return None if ratio.value is None else round(ratio.value, 4)


def _table_json(table: PairTable) -> dict[str, Any]:
    kappa = table.kappa
    data: dict[str, Any] = {"kappa": _number(kappa), "agreement": _number(table.agreement)}
    if kappa.value is None:
        data["kappa_reason"] = kappa.reason
    data.update(
        both=table.both, only_first=table.only_first, only_second=table.only_second, neither=table.neither
    )
    return data


def _pair_json(pair: PairAgreement) -> dict[str, Any]:
    return {
        "verbs": {v.key: _table_json(v.table) for v in pair.verbs},
        "pooled": _table_json(pair.pooled),
    }


def agreement_json(result: Agreement, observed: list[Observed]) -> dict[str, Any]:
    """`{"unit", "units", "sessions", "verbs", "pooled"}`, plus `"pairs"` for three or more
    observers (keys `"1-2"`, by the sessions' order). With two observers `verbs` and `pooled`
    are that pair's; with more, `verbs` and `pooled` are the first pair's and `pooled` also
    carries Krippendorff's alpha over all observers."""
    first = result.pairs[0]
    pooled = _table_json(first.pooled)
    pooled["krippendorff_alpha"] = _number(result.alpha)
    if result.alpha.value is None:
        pooled["krippendorff_alpha_reason"] = result.alpha.reason
    document: dict[str, Any] = {
        "unit": result.coded.rule.label,
        "units": len(result.coded.units),
        "unit_labels": result.coded.units,
        "sessions": [
            {
                "file": o.path.name,
                "session_id": o.session.info.id,
                "observer": o.session.info.observer,
                **({"coder": o.session.info.coder} if o.session.info.coder else {}),
                **({"recoded_from": o.session.info.recoded_from} if o.session.info.recoded_from else {}),
                "cop": o.session.info.cop,
                "date": o.session.info.date,
                "notes": len(o.session.live_notes()),
            }
            for o in observed
        ],
        "verbs": _pair_json(first)["verbs"],
        "pooled": pooled,
    }
    if len(observed) > 2:
        document["pairs"] = {f"{p.first + 1}-{p.second + 1}": _pair_json(p) for p in result.pairs}
    return document


def _figure(ratio: Ratio) -> str:
    return "-" if ratio.value is None else f"{ratio.value:.2f}"


def agreement_lines(result: Agreement, observed: list[Observed], colour: bool) -> list[str]:
    """The terminal report: per pair, a row per verb (kappa, agreement, the four cells, band);
    rich markup when `colour`, else plain aligned text."""
    from rich.markup import escape

    def paint(text: str, style: str) -> str:
        return f"[{style}]{escape(text)}[/]" if colour else text

    import textwrap

    units = result.coded.units
    lines = [f"Agreement by {result.coded.rule.label} units ({len(units)}):"]
    lines += textwrap.wrap(", ".join(units), width=100, initial_indent="  ", subsequent_indent="  ")
    lines.append("")
    for pair in result.pairs:
        a, b = observed[pair.first], observed[pair.second]
        lines.append(f"{a.label} ({a.path.name})  and  {b.label} ({b.path.name})")
        width = max(len(v.key) for v in pair.verbs)
        lines.append(f"  {'verb':<{width}}  kappa  agree  both  1st  2nd  neither  band")
        for verb in pair.verbs:
            kappa = verb.table.kappa
            name, style = band(kappa.value)
            t = verb.table
            row = (
                f"  {verb.key:<{width}}  {_figure(kappa):>5}  {_figure(t.agreement):>5}  "
                f"{t.both:>4}  {t.only_first:>3}  {t.only_second:>3}  {t.neither:>7}  "
            )
            lines.append((escape(row) if colour else row) + paint(name, style))
        pooled = pair.pooled
        lines.append(
            f"  pooled over {pooled.units} unit-verb pairs: kappa {_figure(pooled.kappa)}, "
            f"agreement {_figure(pooled.agreement)}"
        )
        lines.append("")
    lines.append(f"Krippendorff's alpha (nominal, all {len(observed)} observers): {_figure(result.alpha)}")
    if result.alpha.value is None:
        lines.append(f"  ({result.alpha.reason})")
    return lines


def disagreement_notes(
    result: Agreement, pair: PairAgreement, observed: list[Observed]
) -> list[tuple[str, tuple[str, str], str, list[Note]]]:
    """For each (unit, verb) only one of the pair coded: who did, and their notes behind it."""
    sessions = [o.session for o in observed]
    return [
        (unit, cell, observed[who].label, evidence(sessions, result.coded, who, unit, cell))
        for unit, cell, who in result.disagreements(pair)
    ]


def stamp(now: datetime) -> str:
    return now.isoformat(timespec="seconds")
