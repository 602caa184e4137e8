"""``probity import`` and ``probity export``: bundles into and out of the web application's
database. Typer command functions, registered by :mod:`probity.cli`; each sets Django up
itself (``DJANGO_SETTINGS_MODULE``, local by default; the database from ``DATABASE_URL``).

An inspection is stored with the exact text of the framework it was read under (the one
installed under the id it names, or ``--framework-file``) and is exported under that same
text, whatever the file installed now says.

Every change a command makes is recorded as the command's in the audit trail: its Probity
user's (``--by USERNAME``), or else the command line's with the login name of whoever ran it
(:mod:`probity.web.inspections.audit_actor`), never a user of the pages. ``probity export``
records each export (:class:`probity.web.inspections.audit.ExportRecord`) for the Probity
user ``--by`` names (required), as the pages and the API record theirs.

Exit status 2: the bundle or the framework file is faulty (every problem listed), the
inspection is already stored (without ``--replace``), is published (never replaced: its
report is frozen) or is not found, the user of ``--by`` is not an active user, a text is
too long for a workbook's cell, or the database is not migrated. Nothing is written (or
recorded) then.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console

from probity.bundle import DataError, Problem, read_bundle, write_csv_folder, write_workbook
from probity.framework import Framework, FrameworkError, parse_framework

if TYPE_CHECKING:
    from django.contrib.auth.models import User

EXIT_BAD_INPUT = 2
DATABASE_OPTION = typer.Option(
    "--database", help="The database alias of the settings (default: the DATABASE_URL one)."
)
BY_OPTION = typer.Option(
    "--by",
    help="The Probity user (user name) the audit trail records as making the changes; without "
    "it, the command line and your login name.",
)
FRAMEWORK_FILE_OPTION = typer.Option(
    "--framework-file",
    help="Read the bundle under a framework YAML file of your own (its id must be the one the "
    "bundle names), instead of the frameworks directory's; the inspection records its text.",
)


def import_command(
    bundle: Annotated[
        Path, typer.Argument(help="A bundle: a folder of CSV files, or an .xlsx workbook.")
    ],
    replace: Annotated[
        bool,
        typer.Option(
            "--replace",
            help="Replace an inspection already stored with this id (never a published one).",
        ),
    ] = False,
    database: Annotated[str, DATABASE_OPTION] = "default",
    framework_file: Annotated[Path | None, FRAMEWORK_FILE_OPTION] = None,
    by: Annotated[str | None, BY_OPTION] = None,
) -> None:
    """Load a bundle into the database (checked first; all of it or nothing)."""
    fw, text = _framework_file(framework_file)
    try:
        data = read_bundle(bundle, framework=fw)
    except DataError as e:
        _fail(e.problems)
    _setup(database)
    from django.db import transaction

    from probity.web.inspections.audit import record_event
    from probity.web.inspections.audit_actor import acting
    from probity.web.inspections.mapping import (
        InspectionExistsError,
        InspectionPublishedError,
        from_bundle,
    )
    from probity.web.inspections.organisations import OrganisationConflictError

    verb = "replaced" if replace else "imported"
    try:
        with acting(command_user(by, database)) as actor, transaction.atomic(using=database):
            stored = from_bundle(
                data, replace=replace, using=database, framework=fw, framework_text=text
            )
            record_event(
                "import", f"Inspection {verb} from {bundle.name}", inspection=stored,
                by=actor.user.pk if actor.user else None, actor=actor.label, using=database,
                new=f"{len(data.cases)} cases, {len(data.answers)} answers",
            )  # fmt: skip
    except OrganisationConflictError as e:
        _fail([Problem(str(bundle), "region", str(e))])
    except InspectionPublishedError as e:
        _fail(
            [
                Problem(
                    str(bundle),
                    "inspection_id",
                    f"inspection {e.inspection_id!r} is published and cannot be replaced: "
                    "its report is frozen (a correction is published as a new version)",
                )
            ]
        )
    except InspectionExistsError as e:
        _fail(
            [
                Problem(
                    str(bundle),
                    "inspection_id",
                    f"inspection {e.inspection_id!r} is already stored; "
                    "use --replace to replace it",
                )
            ]
        )
    print(
        f"{verb} {data.inspection.inspection_id}: "
        f"{len(data.cases)} cases, {len(data.answers)} answers"
    )


def export_command(
    inspection_id: Annotated[str, typer.Argument(help="The inspection's id.")],
    out: Annotated[Path, typer.Argument(help="Where to write it: an .xlsx, or a folder.")],
    by: Annotated[
        str,
        typer.Option(
            "--by",
            help="The user name of the Probity user the export is for (an active user of the "
            "database; required): every export is recorded with who, when and in which form, "
            "and is listed on the inspection's export page as the pages' downloads are. "
            "`probity users add` adds a user.",
        ),
    ],
    database: Annotated[str, DATABASE_OPTION] = "default",
) -> None:
    """Write a stored inspection as a bundle: a CSV folder, or an .xlsx workbook; the export
    is recorded for the user named by --by."""
    _setup(database)
    from django.contrib.auth.models import User
    from django.db import transaction

    from probity.web.inspections.audit import ExportRecord
    from probity.web.inspections.exports import by_command
    from probity.web.inspections.mapping import find_inspection, to_bundle

    inspection = find_inspection(inspection_id, using=database)
    user = User.objects.using(database).filter(username=by, is_active=True).first()
    problems = []
    if inspection is None:
        problems.append(Problem(inspection_id, "inspection_id", "no such inspection is stored"))
    if user is None:
        problems.append(
            Problem("--by", by, f"no active user named {by!r}: the export is recorded for one")
        )
    if inspection is None or user is None:
        _fail(problems)
    from probity.web.inspections.frameworks import framework_of

    data = to_bundle(inspection, using=database)
    fw = framework_of(inspection)  # the framework it is recorded under
    xlsx = out.suffix.lower() == ".xlsx"
    # Recorded first, in a transaction that a failed write rolls back: no record of an
    # export that was not written.
    try:
        with transaction.atomic(using=database):
            ExportRecord.objects.using(database).create(
                inspection=inspection, by=user, format=by_command("xlsx" if xlsx else "csv")
            )
            if xlsx:
                write_workbook(data, out, fw)
            else:
                write_csv_folder(data, out, fw)
    except DataError as e:  # text a workbook cannot hold
        _fail(e.problems)
    print(f"wrote {out}")


def command_user(username: str | None, database: str) -> User | None:
    """The active user of ``--by`` (None without it); exit status 2 for any other name."""
    if username is None:
        return None
    from django.contrib.auth.models import User

    user = User.objects.using(database).filter(username=username, is_active=True).first()
    if user is None:
        _fail([Problem("--by", username, "no active user with this user name")])
    return user


def _framework_file(path: Path | None) -> tuple[Framework | None, str | None]:
    """The framework file given with ``--framework-file``, loaded, and its text (None, None
    without one)."""
    if path is None:
        return None, None
    try:
        text = path.read_bytes().decode("utf-8")  # read once: the text parsed is the one kept
    except (OSError, UnicodeDecodeError) as e:
        _fail([Problem(str(path), "file", f"cannot be read as UTF-8 text: {e}")])
    try:
        return parse_framework(text, source=str(path)), text
    except FrameworkError as e:
        _fail([Problem(e.source, place, reason) for place, reason in e.problems])


def _setup(database: str) -> None:
    """Configure Django; refuse an unknown alias or a database that is not migrated."""
    from probity.web import setup

    setup()
    from django.conf import settings
    from django.db import connections
    from django.db.migrations.executor import MigrationExecutor

    if database not in settings.DATABASES:
        _fail([Problem("--database", database, "no such database in the settings")])
    executor = MigrationExecutor(connections[database])
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        _fail(
            [
                Problem(
                    database,
                    "database",
                    "not migrated: run `python -m probity.web migrate` first",
                )
            ]
        )


def _fail(problems: list[Problem]) -> NoReturn:
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    err.print(f"[bold red]{len(problems)} problem(s):[/]")
    for p in problems:
        err.print(f"  {p}", markup=False)
    raise typer.Exit(EXIT_BAD_INPUT)
