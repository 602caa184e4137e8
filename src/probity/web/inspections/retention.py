"""The retention policy: how long a case's personal data is kept after its inspection's report
is published, by the framework the inspection is recorded under (``PROBITY_RETENTION``:
framework id → days, ``default`` for the others). Past that day each case is erased
(:mod:`probity.web.inspections.erasure`); the published report is not touched.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

from probity.web.inspections.erasure import Erasure, ErasureKind, erase_case


class RetentionSettingError(Exception):
    """``PROBITY_RETENTION`` is not a mapping of framework ids to whole days."""


@dataclass(frozen=True)
class Due:
    """An inspection whose cases are past their retention: the cases not erased yet."""

    inspection_id: str
    framework: str
    published: date
    kept_until: date
    case_ids: tuple[str, ...]


def retention_days(framework: str) -> int:
    """Days after publication a case of an inspection under this framework is kept."""
    policy = settings.PROBITY_RETENTION
    days = policy.get(framework, policy.get("default"))
    if not isinstance(days, int) or isinstance(days, bool) or days < 0:
        raise RetentionSettingError(
            f"PROBITY_RETENTION gives no number of days (0 or more) for {framework!r} "
            "and no default"
        )
    return days


def due(today: date, *, using: str = DEFAULT_DB_ALIAS) -> list[Due]:
    """Every published inspection past its retention on ``today`` with cases not erased yet,
    by inspection id. An inspection with no publication date is never due."""
    from probity.web.inspections.models import Case, Inspection

    found = []
    published = Inspection.objects.using(using).filter(is_published=True, published__isnull=False)
    for inspection in published.order_by("inspection_id"):
        assert inspection.published is not None  # filtered above
        until = inspection.published + timedelta(days=retention_days(inspection.framework))
        if today <= until:
            continue
        erased = set(
            Erasure.objects.using(using)
            .filter(inspection_id=inspection.inspection_id)
            .values_list("case_id", flat=True)
        )
        cases = [
            c
            for c in Case.objects.using(using)
            .filter(inspection=inspection)
            .order_by("position")
            .values_list("case_id", flat=True)
            if c not in erased
        ]
        if cases:
            found.append(
                Due(
                    inspection.inspection_id,
                    inspection.framework,
                    inspection.published,
                    until,
                    tuple(cases),
                )
            )
    return found


def apply(
    found: list[Due], *, by: str, by_id: int | None = None, using: str = DEFAULT_DB_ALIAS
) -> list[Erasure]:
    """Erase every case listed, one erasure (and record) per case."""
    return [
        erase_case(
            d.inspection_id,
            case_id,
            reason=f"retention: kept until {d.kept_until.isoformat()} ({d.framework})",
            by=by,
            by_id=by_id,
            kind=ErasureKind.RETENTION,
            using=using,
        )
        for d in found
        for case_id in d.case_ids
    ]
