"""ISBN-13, as a report's front matter prints it: thirteen digits (hyphens or spaces between
groups allowed), beginning 978 or 979, the last a check digit."""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"[\s-]")


def isbn13_problem(text: str) -> str | None:
    """Why ``text`` is not a valid ISBN-13, or None when it is one."""
    digits = _SEPARATORS.sub("", text)
    if not digits.isdigit() or len(digits) != 13 or not digits.isascii():
        return f"{text!r} is not an ISBN-13: thirteen digits, hyphens or spaces between groups"
    if not digits.startswith(("978", "979")):
        return f"{text!r} is not an ISBN-13: it must begin 978 or 979"
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits[:12]))
    check = (10 - total % 10) % 10
    if int(digits[12]) != check:
        return f"{text!r} is not an ISBN-13: its check digit should be {check}, not {digits[12]}"
    return None
