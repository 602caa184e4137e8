"""``probity backup`` and ``probity restore``: Typer command functions, registered by
:mod:`probity.cli`; each sets Django up itself, as ``probity import`` does.

Exit status 2, with every reason and nothing written: an archive altered, cut short or not a
backup; one of another engine or migration state; a database not empty (without ``--force``);
an erasure ledger that cannot be read; an unknown database alias or one not migrated.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from probity.bundle import Problem
from probity.web.commands import DATABASE_OPTION, _fail, _setup


def backup_command(
    out: Annotated[Path, typer.Argument(help="The archive to write (a .zip).")],
    database: Annotated[str, DATABASE_OPTION] = "default",
) -> None:
    """Write a backup of the whole database and the files kept beside it to one archive."""
    _setup(database)
    from probity.web.backup.create import create_backup

    try:
        written = create_backup(out, using=database)
    except OSError as e:
        _fail([Problem(str(out), "file", f"cannot be written: {e}")])
    print(
        f"wrote {written.path}: {written.tables} tables, {written.rows} rows, "
        f"{written.files} files; SHA-256 {written.sha256}"
    )


def restore_command(
    archive: Annotated[Path, typer.Argument(help="A backup archive written by probity backup.")],
    database: Annotated[str, DATABASE_OPTION] = "default",
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Replace everything in a database that is not empty (by default only a newly "
            "migrated database is restored into).",
        ),
    ] = False,
) -> None:
    """Restore a backup, checked whole first, and erase again the cases erased since."""
    _setup(database)
    from probity.web.backup.restore import RestoreError, restore_backup

    try:
        restored = restore_backup(archive, using=database, force=force)
    except RestoreError as e:
        _fail([Problem(str(archive), where, why) for where, why in e.problems])
    print(
        f"restored {archive} (made {restored.created_at}): {restored.tables} tables, "
        f"{restored.rows} rows, {restored.files} files; {restored.erasures} erasures "
        "applied again from the ledger"
    )
