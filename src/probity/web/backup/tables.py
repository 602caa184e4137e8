"""Every table Django knows, read and written generically: each row as a JSON object of its
columns (by attribute name), in a text form that gives back the same values.

Generic on purpose: whatever app adds a model (history tables, users and groups, sign-in
throttling, tokens, third-party apps), its table is backed up with no list to keep up to date.
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import json
import uuid
from collections.abc import Iterable, Iterator
from typing import Any

from django.apps import apps
from django.db import connections, models
from django.utils.duration import duration_string

BATCH = 2000

# Left out of backups and dumps: Django's sessions are sign-ins, not records. A restore that
# brought them back would sign people in again whom an administrator may have signed out (after
# a lost laptop, say); everyone signs in afresh after a restore instead.
NOT_BACKED_UP = frozenset({"sessions.session"})
# Filled by ``migrate`` itself (post_migrate): present in an empty database, replaced by the
# backup's rows on restore (their ids are the ones other tables refer to).
MADE_BY_MIGRATE = frozenset({"contenttypes.contenttype", "auth.permission"})


def label(model: type[models.Model]) -> str:
    """The table's name in archives and dumps: ``app_label.model_name``."""
    return model._meta.label_lower


def all_models() -> list[type[models.Model]]:
    """Every model with a table Django manages (many-to-many tables included), by label."""
    found = [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy
    ]
    return sorted(found, key=label)


def backed_up_models() -> list[type[models.Model]]:
    """The models whose tables a backup holds: all but :data:`NOT_BACKED_UP`."""
    return [m for m in all_models() if label(m) not in NOT_BACKED_UP]


def columns(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    """The fields stored in the model's own table."""
    return list(model._meta.local_concrete_fields)


def read_rows(model: type[models.Model], using: str) -> Iterator[dict[str, Any]]:
    """The table's rows as JSON-ready objects, by primary key."""
    fields = columns(model)
    names = [f.attname for f in fields]
    rows = model._base_manager.using(using).order_by("pk").values_list(*names)
    for values in rows.iterator(chunk_size=BATCH):
        yield {name: _encode(v) for name, v in zip(names, values, strict=True)}


def encode_row(row: dict[str, Any]) -> str:
    """One row as one line of stable JSON text (keys sorted)."""
    return json.dumps(row, ensure_ascii=False, sort_keys=True, allow_nan=True)


def insert_rows(model: type[models.Model], rows: Iterable[dict[str, Any]], using: str) -> int:
    """Insert the rows as they are (ids kept; no defaults, no auto_now, no signals: nothing
    records the load itself), in batches; the number inserted."""
    fields = columns(model)
    manager: Any = model._base_manager.db_manager(using)
    ops = connections[using].ops
    count = 0
    batch: list[models.Model] = []

    def flush() -> None:
        size = max(ops.bulk_batch_size(fields, batch), 1)
        for start in range(0, len(batch), size):
            # The raw insert is the one loaddata's saves come to: values exactly as given.
            manager._insert(batch[start : start + size], fields=fields, using=using, raw=True)

    for row in rows:
        batch.append(model(**{f.attname: _decode(f, row.get(f.attname)) for f in fields}))
        count += 1
        if len(batch) >= BATCH:
            flush()
            batch = []
    if batch:
        flush()
    return count


def _encode(value: Any) -> Any:
    """A column's value as JSON: dates and times in ISO 8601 with every microsecond (Django's
    own encoder drops them), decimals and UUIDs as text, bytes in base64; JSON columns as
    they are."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return duration_string(value)
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def _decode(field: models.Field[Any, Any], value: Any) -> Any:
    """The value :func:`_encode` wrote, back as the field's Python value."""
    if value is None:
        return None
    if isinstance(field, models.BinaryField):
        return base64.b64decode(value)
    if isinstance(field, models.JSONField):
        return value
    target: Any = field
    while isinstance(target, models.ForeignKey):  # a key: its target's type
        target = target.target_field
    return target.to_python(value)
