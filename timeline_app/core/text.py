"""Text from the data on its way out: into XML (SVG, PPTX), onto a terminal, into a name.

Imported text may hold any character: a NUL, an ESC starting a terminal sequence, a vertical
tab from a spreadsheet cell. Each destination takes what it can hold.
"""

from __future__ import annotations

import json
import re

# What XML 1.0 cannot hold at all, not even as a character reference: the C0 controls but
# tab, newline and carriage return; lone surrogates; U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Controls: C0, DEL and C1 (\x9b starts a sequence on some terminals, as ESC [ does).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _space_or_nothing(match: re.Match) -> str:
    # a vertical tab or form feed separated words (a spreadsheet's line break); the others
    # separated nothing
    return " " if match.group() in "\x0b\x0c" else ""


def xml_text(text: str) -> str:
    """`text` without the characters XML cannot hold (a vertical tab or form feed becomes a
    space): an SVG or a PPTX with one of them does not open."""
    return _NOT_XML.sub(_space_or_nothing, text)


def terminal_text(text: object, *, lines: bool = False) -> str:
    """`text` for a terminal: every control character shown as an escape (`\\x1b`, `\\n`),
    so that data can neither move the cursor, recolour, retitle the terminal, nor break a
    line of a listing. `lines`: a message of several lines keeps its line breaks."""

    def escape(m: re.Match) -> str:
        c = m.group()
        return c if lines and c == "\n" else _SHORT.get(c) or f"\\x{ord(c):02x}"

    return _CONTROL.sub(escape, str(text))


def terminal_json(value: object) -> str:
    """`value` as indented JSON for a terminal: JSON escapes the C0 controls itself; DEL and
    the C1 controls are escaped here too (still valid JSON)."""
    text = json.dumps(value, ensure_ascii=False, indent=2)
    return re.sub("[\x7f-\x9f]", lambda m: f"\\u{ord(m.group()):04x}", text)


def first_control(text: str) -> str | None:
    """The first control character in `text`, or None."""
    match = _CONTROL.search(text)
    return match.group() if match else None
