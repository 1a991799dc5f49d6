"""Text from the data on its way out: into XML (SVG, PPTX), onto a terminal, into a name.

Imported text may hold any character: a NUL, an ESC starting a terminal sequence, a vertical
tab from a spreadsheet cell. Each destination takes what it can hold.
"""

from __future__ import annotations

import json

# Tables for str.translate (one pass in C). What XML 1.0 cannot hold at all, not even as a
# character reference: the C0 controls but tab, newline and carriage return (a vertical tab
# or form feed separated words: a space), lone surrogates, U+FFFE and U+FFFF.
_C0 = [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)]
_NOT_XML: dict[int, str | None] = {c: None for c in [*_C0, *range(0xD800, 0xE000), 0xFFFE, 0xFFFF]}
_NOT_XML.update({0x0B: " ", 0x0C: " "})
# Controls: C0, DEL and C1 (\x9b starts a sequence on some terminals, as ESC [ does).
_CONTROLS = [*range(0x00, 0x20), *range(0x7F, 0xA0)]
_SHORT = {0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t"}
_ESCAPED = {c: _SHORT.get(c, f"\\x{c:02x}") for c in _CONTROLS}
_ESCAPED_BUT_LINES = {**_ESCAPED, 0x0A: "\n"}
_JSON_LEFT = {c: f"\\u{c:04x}" for c in range(0x7F, 0xA0)}  # JSON escapes C0 itself


def xml_text(text: str) -> str:
    """`text` without the characters XML cannot hold (a vertical tab or form feed becomes a
    space): an SVG or a PPTX with one of them does not open."""
    return text.translate(_NOT_XML)


def terminal_text(text: object, *, lines: bool = False) -> str:
    """`text` for a terminal: every control character shown as an escape (`\\x1b`, `\\n`),
    so that data can neither move the cursor, recolour, retitle the terminal, nor break a
    line of a listing. `lines`: a message of several lines keeps its line breaks."""
    return str(text).translate(_ESCAPED_BUT_LINES if lines else _ESCAPED)


def terminal_json(value: object) -> str:
    """`value` as indented JSON for a terminal: JSON escapes the C0 controls itself; DEL and
    the C1 controls are escaped here too (still valid JSON)."""
    return json.dumps(value, ensure_ascii=False, indent=2).translate(_JSON_LEFT)


def first_control(text: str) -> str | None:
    """The first control character in `text`, or None."""
    return next((c for c in text if c in _CONTROL_SET), None)


_CONTROL_SET = frozenset(map(chr, _CONTROLS))
