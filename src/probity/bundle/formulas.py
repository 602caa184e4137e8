"""Text cells that a spreadsheet cannot take for a formula, and that a workbook can hold.

A text value that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is what a
spreadsheet reads as a formula (OWASP's "CSV injection"): a note typed as
``=HYPERLINK(...)`` would become a live link in the inspectorate's copy of Excel. Such a value
is written with a single quote in front, as OWASP recommends; so is a value that itself begins
with a quote, so that reading drops exactly the quote the writer added and every string comes
back as it was. Reading drops one leading quote only where what follows begins with one of
those characters or a quote: ``'=x`` typed by hand reads as ``=x``; ``'plain`` stays as it is.

A workbook's XML cannot hold most control characters (a vertical tab pasted from a word
processor, for one). In a workbook they are written as Office Open XML writes them,
``_xHHHH_`` (``_x000B_``), with the underscore of any text that looks like such an escape
written ``_x005F_``; a carriage return likewise, since XML reads a bare one as a line end.
Reading turns ``_xHHHH_`` back into the character for a control character or an underscore
(and leaves any other ``_xHHHH_`` as it is). A CSV file carries control characters as they
are; it escapes only text that looks like an escape, since it is read by the same rule.
"""

from __future__ import annotations

import re

# The characters that make a spreadsheet read a cell as a formula (OWASP).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"

# What XML 1.0 cannot hold (openpyxl's ILLEGAL_CHARACTERS_RE), and the carriage return, which
# an XML reader turns into a line feed.
_UNWRITABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0d\x0e-\x1f]")
# An underscore that a reader could take for the start of an escape; written as ``_x005F_``
# whatever follows the four digits, so that the next character's own escape cannot complete it.
_ESCAPE_LIKE = re.compile(r"_(?=x[0-9A-Fa-f]{4})")
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
_UNDERSCORE = 0x5F


def neutralised(text: str) -> str:
    """``text`` with a quote in front if it begins like a formula or with a quote."""
    if text.startswith((*FORMULA_TRIGGERS, QUOTE)):
        return QUOTE + text
    return text


def csv_cell_text(text: str) -> str:
    """A text value as a CSV cell holds it: neutralised, escape-like text escaped."""
    return _ESCAPE_LIKE.sub("_x005F_", neutralised(text))


def xlsx_cell_text(text: str) -> str:
    """A text value as a workbook's string cell holds it: neutralised, escape-like text and
    the characters XML cannot hold escaped as ``_xHHHH_``."""
    escaped = _ESCAPE_LIKE.sub("_x005F_", neutralised(text))
    return _UNWRITABLE.sub(lambda m: f"_x{ord(m.group()):04X}_", escaped)


def restored(text: str) -> str:
    """The text a cell written by :func:`csv_cell_text` or :func:`xlsx_cell_text` (or typed
    by hand) stands for: escapes of control characters and underscores turned back, then one
    leading quote dropped where what follows begins like a formula or with a quote."""
    if "_x" in text:
        text = _ESCAPED.sub(_unescaped, text)
    if text.startswith(QUOTE) and text[1:].startswith((*FORMULA_TRIGGERS, QUOTE)):
        return text[1:]
    return text


def _unescaped(match: re.Match[str]) -> str:
    code = int(match.group(1), 16)
    return chr(code) if code < 0x20 or code == _UNDERSCORE else match.group()
