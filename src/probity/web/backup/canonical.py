"""A canonical dump of the database: every backed-up table (all but Django's sessions), every
row in the stable JSON text of :mod:`.tables`, rows sorted by primary key. Two databases with
the same dump hold the same data, whatever order their rows were written in: the check that a
restore gives back what was backed up.

The audit trail's events of backups and restores themselves (kind "backup") are left out:
``probity backup`` and ``probity restore`` each record theirs after the archive is read or
loaded, so the database restored lacks the backup's event and holds the restore's. Django's
sessions are left out, as from the backup (:data:`.tables.NOT_BACKED_UP`)."""

from __future__ import annotations

from typing import Any

from django.db import models

from probity.web.backup.tables import backed_up_models, encode_row, label, read_rows

AUDIT_EVENTS = "inspections.auditevent"


def canonical_dump(using: str) -> str:
    """The whole database as text: a ``## table`` line, then one line per row."""
    lines: list[str] = []
    for model in backed_up_models():
        pk = model._meta.pk
        assert pk is not None  # every concrete model has one
        rows = sorted(
            (r for r in read_rows(model, using) if not _of_a_backup(model, r)),
            key=lambda r: _order(r[pk.attname]),
        )
        lines.append(f"## {label(model)} ({len(rows)} rows)")
        lines.extend(encode_row(r) for r in rows)
    return "\n".join(lines) + "\n"


def _of_a_backup(model: type[models.Model], row: dict[str, Any]) -> bool:
    """Whether the row is the audit trail's event of a backup or restore."""
    return label(model) == AUDIT_EVENTS and row.get("kind") == "backup"


def _order(value: Any) -> tuple[int, Any]:
    """Numbers in number order, anything else in text order."""
    if isinstance(value, int):
        return (0, value)
    return (1, str(value))
