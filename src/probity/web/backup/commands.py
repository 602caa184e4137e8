"""``probity backup`` and ``probity restore``: Typer command functions, registered by
:mod:`probity.cli`; each sets Django up itself, as ``probity import`` does.

Exit status 2, with every reason and nothing written: an archive altered, cut short or not a
backup; one of another engine or migration state; a database not empty (without ``--force``);
an erasure ledger that cannot be read; an unknown database alias or one not migrated.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from probity.bundle import Problem
from probity.web.commands import DATABASE_OPTION, _fail, _setup, command_user

if TYPE_CHECKING:
    from probity.web.inspections.audit_actor import CommandActor

BY_OPTION = typer.Option(
    "--by",
    help="The Probity user who runs it, for the audit trail (an active user; by default the "
    'record says "command line (your login name)").',
)


def backup_command(
    out: Annotated[Path, typer.Argument(help="The archive to write (a .zip).")],
    database: Annotated[str, DATABASE_OPTION] = "default",
    by: Annotated[str | None, BY_OPTION] = None,
) -> None:
    """Write a backup of the whole database and the files kept beside it to one archive."""
    _setup(database)
    from probity.web.backup.create import create_backup
    from probity.web.inspections.audit_actor import acting

    with acting(command_user(by, database)) as actor:
        try:
            written = create_backup(out, using=database)
        except OSError as e:
            _fail([Problem(str(out), "file", f"cannot be written: {e}")])
        _record(f"Backup written to {written.path.name}", f"SHA-256 {written.sha256}",
                actor, database)  # fmt: skip
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
    by: Annotated[str | None, BY_OPTION] = None,
) -> None:
    """Restore a backup, checked whole first, and erase again the cases erased since."""
    _setup(database)
    from probity.web.backup.restore import RestoreError, restore_backup
    from probity.web.inspections.audit_actor import acting
    from probity.web.inspections.erasure import record_reapplied

    try:
        restored = restore_backup(archive, using=database, force=force)
    except RestoreError as e:
        _fail([Problem(str(archive), where, why) for where, why in e.problems])
    # The user named is looked for in the database restored: the one they will work in.
    with acting(command_user(by, database)) as actor:
        _record(f"Restored from {archive.name} (made {restored.created_at})",
                f"{restored.erasures} erasures applied again", actor, database)  # fmt: skip
        record_reapplied(restored.reapplied, archive.name, by_id=actor.user_id,
                         actor=actor.label, using=database)  # fmt: skip
    print(
        f"restored {archive} (made {restored.created_at}): {restored.tables} tables, "
        f"{restored.rows} rows, {restored.files} files; {restored.erasures} erasures "
        "applied again from the ledger"
    )


def _record(subject: str, new: str, actor: CommandActor, database: str) -> None:
    """Keep the backup's or restore's own event in the audit trail (after the archive is
    read or loaded: it is never part of an archive, and canonical dumps leave it out)."""
    from probity.web.inspections.audit import record_event

    record_event("backup", subject, by=actor.user_id, actor=actor.label, new=new, using=database)
