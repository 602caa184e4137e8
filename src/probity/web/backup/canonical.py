"""A canonical dump of the database: every backed-up table (all but Django's sessions), every
row in the stable JSON text of :mod:`.tables`, rows sorted by primary key. Two databases with
the same dump hold the same data, whatever order their rows were written in: the check that a
restore gives back what was backed up.

Nothing needs leaving out as a record of the backup itself: ``probity backup`` only reads (it
writes no export or audit row), and a restore writes only what the archive holds, plus the
erasures the ledger applies again (the same rows as the erased database had). Django's
sessions are left out, as from the backup (:data:`.tables.NOT_BACKED_UP`)."""

from __future__ import annotations

from typing import Any

from probity.web.backup.tables import backed_up_models, encode_row, label, read_rows


def canonical_dump(using: str) -> str:
    """The whole database as text: a ``## table`` line, then one line per row."""
    lines: list[str] = []
    for model in backed_up_models():
        pk = model._meta.pk
        assert pk is not None  # every concrete model has one
        rows = sorted(read_rows(model, using), key=lambda r: _order(r[pk.attname]))
        lines.append(f"## {label(model)} ({len(rows)} rows)")
        lines.extend(encode_row(r) for r in rows)
    return "\n".join(lines) + "\n"


def _order(value: Any) -> tuple[int, Any]:
    """Numbers in number order, anything else in text order."""
    if isinstance(value, int):
        return (0, value)
    return (1, str(value))
