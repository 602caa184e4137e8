"""``probity erase`` and ``probity retention``: erasing cases' personal data, on request or at
the end of the retention period (:mod:`probity.web.inspections.erasure`,
:mod:`probity.web.inspections.retention`). Typer command functions, registered by
:mod:`probity.cli`.

Exit status 2, nothing erased: no such inspection or case, an empty reason, a retention
setting without a number of days, or neither or both of ``--dry-run`` and ``--apply``.
"""

from __future__ import annotations

from typing import Annotated

import typer

from probity.bundle import Problem
from probity.web.commands import DATABASE_OPTION, _fail, _setup, command_user

BY_OPTION = typer.Option(
    "--by",
    help="The Probity user who erases, for the record (an active user; by default the record "
    'says "command line (your login name)").',
)


def erase_command(
    inspection_id: Annotated[str, typer.Argument(help="The inspection's id.")],
    case_id: Annotated[str, typer.Argument(help="The case's id in that inspection.")],
    reason: Annotated[str, typer.Option("--reason", help="Why, for the record (required).")],
    by: Annotated[str | None, BY_OPTION] = None,
    database: Annotated[str, DATABASE_OPTION] = "default",
) -> None:
    """Erase one case's personal data on request, and record it (never the data)."""
    if not reason.strip():
        _fail([Problem("--reason", "reason", "give the reason for the record")])
    _setup(database)
    from probity.web.inspections.audit_actor import acting
    from probity.web.inspections.erasure import CaseNotFoundError, erase_case

    try:
        with acting(command_user(by, database)) as actor:
            record = erase_case(
                inspection_id, case_id, reason=reason, by=actor.label, by_id=actor.user_id,
                using=database,
            )  # fmt: skip
    except CaseNotFoundError as e:
        _fail([Problem(inspection_id, case_id, str(e))])
    print(f"erased case {case_id} of {inspection_id}: {_counts(record.erased)}")


def retention_command(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="List the cases past their retention; change nothing.")
    ] = False,
    apply: Annotated[
        bool, typer.Option("--apply", help="Erase the personal data of those cases.")
    ] = False,
    by: Annotated[str | None, BY_OPTION] = None,
    database: Annotated[str, DATABASE_OPTION] = "default",
) -> None:
    """Erase the personal data of every case past its retention period (PROBITY_RETENTION)."""
    if dry_run == apply:
        _fail([Problem("retention", "options", "give exactly one of --dry-run and --apply")])
    _setup(database)
    from django.utils import timezone

    from probity.web.inspections import retention

    try:
        found = retention.due(timezone.localdate(), using=database)
    except retention.RetentionSettingError as e:
        _fail([Problem("PROBITY_RETENTION", "setting", str(e))])
    for d in found:
        print(
            f"{d.inspection_id} ({d.framework}, published {d.published.isoformat()}, kept "
            f"until {d.kept_until.isoformat()}): {len(d.case_ids)} cases: {', '.join(d.case_ids)}"
        )
    total = sum(len(d.case_ids) for d in found)
    if dry_run:
        print(f"{total} cases past their retention; nothing erased (--dry-run)")
        return
    from probity.web.inspections.audit_actor import acting

    with acting(command_user(by, database)) as actor:
        erased = retention.apply(found, by=actor.label, by_id=actor.user_id, using=database)
    print(f"erased {len(erased)} cases")


def _counts(erased: dict[str, int]) -> str:
    return ", ".join(f"{name} ({n} rows)" for name, n in sorted(erased.items())) or "nothing held"
