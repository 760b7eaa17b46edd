"""Fonts for the PDF, and safe conversion of typed text into reportlab paragraph markup.

reportlab's built-in Helvetica covers Latin-1 only: Greek, Cyrillic and CJK would come out as
black boxes with no error. So we register a Unicode TrueType font when the machine has one
(DejaVu Sans, from Debian's fonts-dejavu-core), reportlab's CID fonts for Chinese, Japanese
and Korean, and mark any character that still has no glyph as [U+XXXX], reporting it.
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont

from ppei_tui.domain.controls import CONTROL_CHARACTERS, visible_controls
from ppei_tui.outputs.pdf_bidi import (
    MIRROR_ALIAS_BASE,
    is_mirror_alias,
    mirror_alias,
    mirror_of_alias,
    mirror_pairs,
    shape,
    visual,
    visual_lines,
)
from ppei_tui.outputs.pdf_emoji import emoji_sequences, unjoined_list

FONT_DIR_ENV = "PPEI_FONT_DIR"
SEARCH_DIRS = [
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/dejavu",
    "/usr/local/share/fonts",
    "/Library/Fonts",
    str(Path.home() / "Library/Fonts"),
    str(Path.home() / ".fonts"),
]
FACES = {"": "DejaVuSans.ttf", "-Bold": "DejaVuSans-Bold.ttf", "-Oblique": "DejaVuSans-Oblique.ttf"}
SYMBOL_FILES = ("Symbola.ttf", "Symbola_hint.ttf", "NotoSansSymbols2-Regular.ttf")
# TrueType CJK fonts reportlab can embed (CFF-based .otf fonts it cannot).
CJK_FILES = ("wqy-microhei.ttc", "wqy-zenhei.ttc", "uming.ttc", "ukai.ttc", "NanumGothic.ttf", "ipagp.ttf")
SYSTEM_FONT_ROOTS = ("/usr/share/fonts", "/usr/local/share/fonts", str(Path.home() / ".local/share/fonts"))
# (font name, code point ranges) for reportlab's built-in CID fonts.
CID_FONTS = [
    ("HeiseiMin-W3", [(0x3040, 0x30FF), (0x31F0, 0x31FF)]),  # Japanese kana
    ("HYSMyeongJo-Medium", [(0x1100, 0x11FF), (0x3130, 0x318F), (0xAC00, 0xD7AF)]),  # Hangul
    (
        "STSong-Light",
        [
            (0x2E80, 0x2FDF),
            (0x3000, 0x303F),
            (0x3400, 0x4DBF),
            (0x4E00, 0x9FFF),
            (0xF900, 0xFAFF),
            (0xFF00, 0xFFEF),
        ],
    ),  # CJK ideographs and punctuation
]
# What Helvetica (WinAnsi encoding) can draw.
LATIN1 = (
    frozenset(range(0x20, 0x7F))
    | frozenset(range(0xA0, 0x100))
    | frozenset([0x2013, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2026, 0x20AC])
)


class LeftToRight(str):
    """Typed text whose paragraph reads left to right whatever its first letter: a file name
    or path (folders, then the file name, then its extension). UAX #9 leaves a paragraph's
    direction to a higher-level protocol (rule HL1); only the Hebrew or Arabic runs inside it
    are reordered. Plain `str` text takes the direction of its first strong letter (P2-P3)."""

    __slots__ = ()


def font_warnings(missing: dict[str, int], unjoined: dict[str, list[str]], unembedded: set[str]) -> list[str]:
    """What a PDF's reader should be told about its fonts, one line each: characters no font
    could draw (each named once, as `Ж U+0416`), emoji drawn as their parts (and where), CJK text
    in reportlab's non-embedded fonts. Every PDF the app writes warns through this."""
    warnings = []
    if missing:
        shown = ", ".join(sorted(missing))
        warnings.append(f"no font on this machine can draw {shown}; printed as [U+XXXX] in the PDF")
    if unjoined:
        warnings.append(
            f"emoji made of several characters print as their parts, side by side (reportlab "
            f"cannot join them, whatever the font): {unjoined_list(unjoined)}"
        )
    if unembedded:
        sample = "".join(sorted(unembedded)[:12])
        warnings.append(
            f"Chinese/Japanese/Korean text ({sample}) uses reportlab's built-in CJK fonts, which are not "
            "embedded: viewers without Asian fonts show boxes. Install a TrueType CJK font "
            "(Debian: fonts-wqy-microhei) and write the report again."
        )
    return warnings


def _find(filename: str) -> Path | None:
    """The first font file named `filename` in the search folders. A folder this user cannot
    read (another user's HOME, a chmod-700 `~/.fonts`) is passed over, as a missing one is:
    Path.is_file raised PermissionError there and `ppei templates check` crashed looking for
    Symbola. The PDF then says which characters had no font (font_warnings)."""
    dirs = [os.environ[FONT_DIR_ENV]] if os.environ.get(FONT_DIR_ENV) else []
    for directory in dirs + SEARCH_DIRS:
        candidate = Path(directory) / filename
        if _readable_file(candidate):
            return candidate
    for root in SYSTEM_FONT_ROOTS:
        try:
            if Path(root).is_dir():
                for candidate in Path(root).rglob(filename):
                    if _readable_file(candidate):
                        return candidate
        except PermissionError:  # an unreadable folder under a font root: look in the next root
            continue
    return None


def _readable_file(path: Path) -> bool:
    """A regular file this process may open; False where it, or a folder on its way, cannot be
    read: a font we cannot open is a font we do not have."""
    try:
        return path.is_file() and os.access(path, os.R_OK)
    except PermissionError:
        return False


@dataclass
class FontSet:
    """The fonts one PDF uses, with each font's set of drawable code points."""

    regular: str
    bold: str
    italic: str
    unicode_ttf: bool
    fallbacks: list[tuple[str, frozenset[int] | list[tuple[int, int]]]] = field(default_factory=list)
    covered: frozenset[int] = LATIN1
    # What the bold and italic faces draw, where they draw less than the regular one (DejaVu
    # Sans Oblique has no Arabic): a character the face lacks is drawn in the regular face.
    face_coverage: dict[str, frozenset[int]] = field(default_factory=dict)
    missing: dict[str, int] = field(default_factory=dict)
    unembedded: set[str] = field(default_factory=set)
    # emoji of several characters drawn apart (pdf_emoji) -> where: ["the note at 0:01:05"]
    unjoined: dict[str, list[str]] = field(default_factory=dict)

    def font_for(self, char: str) -> str | None:
        code = ord(char)
        if code in self.covered:
            return ""
        for name, coverage in self.fallbacks:
            if isinstance(coverage, frozenset):
                if code in coverage:
                    return name
            elif any(low <= code <= high for low, high in coverage):
                self.unembedded.add(char)
                return name
        return None

    def warnings(self) -> list[str]:
        """font_warnings for everything drawn with this set so far."""
        return font_warnings(self.missing, self.unjoined, self.unembedded)

    def runs(self, text: str, place: str = "", face: str = "") -> list[tuple[str, str]]:
        """Split typed text into (segment, font) runs; font "" is the main font, or `face`
        (bold, italic) when given: a character that face lacks and the regular face has is
        drawn in the regular face (an upright Arabic word in an italic quote, never boxes).

        A control character is drawn as the sign the app shows for it (ESC as ␛: there is no
        glyph to miss, domain/controls.visible_controls). Characters no font can draw become
        [U+XXXX] (in the main font) and are counted in `missing`. An emoji made of several
        characters is drawn apart and noted in `unjoined` with `place` (the note it is in).
        Line breaks are kept as "\n" segments of their own.
        """
        if not text:
            return []
        text = shape(visible_controls(text))
        lacking = self._lacking(face)
        if set(text) <= self._plain_chars and not (lacking and any(ord(c) in lacking for c in text)):
            return [(text, "")]
        for sequence in emoji_sequences(text):
            places = self.unjoined.setdefault(sequence, [])
            if place and place not in places:
                places.append(place)
        runs: list[tuple[str, str]] = []
        run_font, run = "", cast(list[str], [])

        def flush() -> None:
            if run:
                runs.append(("".join(run), run_font))
                run.clear()

        for char in text:
            if is_mirror_alias(char) and self.font_for(char) is None:
                char = mirror_of_alias(char)  # no font here has the alias: draw the mirror itself
            if char == "\n":
                flush()
                runs.append(("\n", ""))
                continue
            font = self.font_for(" " if char == "\t" else char)
            if font == "" and ord(char) in lacking:
                font = self.regular
            if font is None and unicodedata.category(char) == "Cf":
                continue  # zero-width format characters (ZWJ, ZWNJ, LRM...) have no visible form
            if font is None:
                flush()
                label = f"U+{ord(char):04X}"
                key = label if unicodedata.category(char).startswith("C") else f"{char} {label}"
                self.missing[key] = self.missing.get(key, 0) + 1
                runs.append((f"[{label}]", ""))
                continue
            if font != run_font:
                flush()
                run_font = font
            run.append(" " if char == "\t" else char)
        flush()
        return runs

    def markup(self, text: str) -> str:
        """Typed text as paragraph markup: escaped, line breaks kept, fonts switched per script,
        right-to-left text shaped and in display order line by line (each line in the direction
        of its first strong letter; a LeftToRight text's lines left to right)."""
        parts = []
        rtl = False if isinstance(text, LeftToRight) else None
        for segment, font in self.runs(visual_lines(visible_controls(text), rtl)):
            if segment == "\n":
                parts.append("<br/>")
            elif font:
                parts.append(f'<font name="{font}">{escape(segment)}</font>')
            else:
                parts.append(escape(segment).replace("\n", "<br/>"))
        return "".join(parts)

    def plain(self, text: str) -> str:
        """Text for a single-font string (drawing labels): undrawable characters marked, a
        control character drawn as its sign, or in caret notation (^[) when the font lacks it."""
        out = []
        if not CONTROL_CHARACTERS.isdisjoint(text):
            text = "".join(self._control_sign(c) if c in CONTROL_CHARACTERS else c for c in text)
        for char in visual(text.replace("\n", " ")):
            if is_mirror_alias(char) and ord(char) not in self.covered:
                char = mirror_of_alias(char)
            if ord(char) in self.covered:
                out.append(char)
            else:
                label = f"U+{ord(char):04X}"
                key = label if unicodedata.category(char).startswith("C") else f"{char} {label}"
                self.missing[key] = self.missing.get(key, 0) + 1
                out.append(f"[{label}]")
        return "".join(out)

    def _control_sign(self, char: str) -> str:
        sign = visible_controls(char)
        if ord(sign) in self.covered:
            return sign
        code = ord(char)
        return "^?" if code == 0x7F else f"^{chr(code + 0x40)}" if code < 0x20 else "?"

    def _lacking(self, face: str) -> frozenset[int]:
        """What the regular face draws and `face` does not (cached: runs is called per note)."""
        if face not in self.face_coverage:
            return frozenset()
        cache: dict[str, frozenset[int]] = self.__dict__.setdefault("_lacking_cache", {})
        if face not in cache:
            cache[face] = self.covered - self.face_coverage[face]
        return cache[face]

    @property
    def _plain_chars(self) -> frozenset[str]:
        cached = getattr(self, "_plain_cache", None)
        if cached is None:
            cached = frozenset(chr(c) for c in self.covered if c < 0x3000) | {"\n"}
            self._plain_cache = cached
        return cached


def _ttf_coverage(font_name: str) -> frozenset[int]:
    """The characters the font draws, with the mirror aliases it has (_add_mirror_aliases)."""
    face = pdfmetrics.getFont(font_name).face
    _add_mirror_aliases(face)
    return frozenset(
        code
        for code in face.charToGlyph
        if code >= 0x20
        and (not unicodedata.category(chr(code)).startswith("C") or is_mirror_alias(chr(code)))
    )


def _add_mirror_aliases(face: ttfonts.TTFontFace) -> None:
    """Give the face a code for each mirrored character it can draw (pdf_bidi.mirror_alias):
    the mirror's glyph and width under the alias, as reportlab itself gives a private code to a
    glyph harfbuzz shapes (TTFont.hbFont). The text layer maps the alias to the typed character
    (_as_typed), so a right-to-left "(בזמן)" is drawn with mirrored brackets and read as typed."""
    for typed, mirror in mirror_pairs():
        glyph = face.charToGlyph.get(ord(mirror))
        if glyph is not None:
            alias = ord(mirror_alias(typed))
            face.charToGlyph[alias] = glyph
            face.charWidths[alias] = face.charWidths.get(ord(mirror), face.defaultWidth)


# The Arabic presentation forms blocks (Forms-A, Forms-B): the joined letters arabic-reshaper draws.
PRESENTATION_FORMS = ((0xFB50, 0xFDFF), (0xFE70, 0xFEFF))


def _as_typed(code: int) -> str:
    """What a drawn character stands for in the text layer: an Arabic joined form (ﻣ, the
    ligature ﻻ) the letters it joins, in reading order (م, لا), by its Unicode compatibility
    decomposition (NFKC); any other character itself."""
    if any(low <= code <= high for low, high in PRESENTATION_FORMS):
        return unicodedata.normalize("NFKC", chr(code))
    if code >= MIRROR_ALIAS_BASE and is_mirror_alias(chr(code)):
        return chr(code - MIRROR_ALIAS_BASE)
    return chr(code)


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap, with characters beyond U+FFFF written as UTF-16 surrogate
    pairs as the PDF reference requires (reportlab writes `<1F60A>`, which readers cut to
    U+1F60: a drawn 😊 extracted as `ὠ`), and Arabic joined forms mapped back to the letters
    typed (`_as_typed`): the glyphs stay joined, copying or searching the PDF finds the text
    as typed (PDF 32000-1 §9.10.3: a code may map to several characters, as a ligature does)."""
    entries = [f"<{i:02X}> <{_as_typed(v).encode('utf-16-be').hex().upper()}>" for i, v in enumerate(subset)]
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            "/CIDSystemInfo",
            f"<< /Registry ({fontname})",
            f"/Ordering ({fontname})",
            "/Supplement 0",
            ">> def",
            f"/CMapName /{fontname} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>",
            "endcodespacerange",
            f"{len(subset)} beginbfchar",
            *entries,
            "endbfchar",
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )


def _keep_every_character_in_the_text_layer() -> None:
    """Use `_to_unicode_cmap` for embedded TrueType subsets (same output for U+0000-U+FFFF)."""
    if ttfonts.makeToUnicodeCMap is not _to_unicode_cmap:
        ttfonts.makeToUnicodeCMap = _to_unicode_cmap


def load_fonts() -> FontSet:
    """Register the best fonts this machine has; fall back to Helvetica (Latin-1 only)."""
    _keep_every_character_in_the_text_layer()
    paths = {suffix: _find(filename) for suffix, filename in FACES.items()}
    if paths[""] is not None:
        for suffix, path in paths.items():
            name = f"PpeiSans{suffix}"
            if name not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont(name, str(path or paths[""])))
        fonts = FontSet(
            "PpeiSans", "PpeiSans-Bold", "PpeiSans-Oblique", True, covered=_ttf_coverage("PpeiSans")
        )
        for face in (fonts.bold, fonts.italic):
            fonts.face_coverage[face] = _ttf_coverage(face)
    else:
        fonts = FontSet("Helvetica", "Helvetica-Bold", "Helvetica-Oblique", False)
    for filename in SYMBOL_FILES:
        path = _find(filename)
        if path is not None:
            if "PpeiSymbols" not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont("PpeiSymbols", str(path)))
            fonts.fallbacks.append(("PpeiSymbols", _ttf_coverage("PpeiSymbols")))
            break
    for filename in CJK_FILES:
        path = _find(filename)
        if path is not None:
            if "PpeiCJK" not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont("PpeiCJK", str(path), subfontIndex=0))
            fonts.fallbacks.append(("PpeiCJK", _ttf_coverage("PpeiCJK")))
            break
    for name, ranges in CID_FONTS:
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(UnicodeCIDFont(name))
        fonts.fallbacks.append((name, ranges))
    return fonts
