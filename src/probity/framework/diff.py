"""What changed between two versions of a framework, in words: what a lead is told when the
framework file of an inspection has changed since it was recorded."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from probity.framework.models import Framework

_SHOWN = 60


def _short(value: Any) -> str:
    """A value as a line prints it: text quoted and cut short, anything else as it is."""
    text = " ".join(str(value).split())
    text = text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"
    return repr(text) if isinstance(value, str) else text


def _keyed(items: list[Any]) -> dict[str, Any] | None:
    """A list of mappings with unique ids (or symbols, or refs) as a mapping by that key."""
    for key in ("id", "symbol", "ref", "rating"):
        if items and all(isinstance(i, dict) and key in i for i in items):
            ids = [f"[{i[key]}]" for i in items]
            if len(set(ids)) == len(ids):
                return dict(zip(ids, items, strict=True))
    return None


def _walk(path: str, old: Any, new: Any) -> Iterator[str]:
    if old == new:
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for key in [*old, *(k for k in new if k not in old)]:
            where = f"{path}.{key}" if path and not str(key).startswith("[") else f"{path}{key}"
            if key not in new:
                yield f"{where}: removed (was {_short(old[key])})"
            elif key not in old:
                yield f"{where}: added ({_short(new[key])})"
            else:
                yield from _walk(where, old[key], new[key])
        return
    if isinstance(old, list) and isinstance(new, list):
        a, b = _keyed(old), _keyed(new)
        if a is not None and b is not None:
            yield from _walk(path, a, b)
            if [k for k in a if k in b] != [k for k in b if k in a]:
                yield f"{path}: reordered"
            return
    yield f"{path}: {_short(old)} → {_short(new)}"


def framework_changes(old: Framework, new: Framework, limit: int = 20) -> list[str]:
    """The differences between two versions of a framework, one line each ("standards.2.2.
    name: 'Assessment' → 'Assessing'"), at most ``limit`` lines and a count of the rest."""
    lines = list(_walk("", old.model_dump(mode="json"), new.model_dump(mode="json")))
    if len(lines) > limit:
        lines = [*lines[:limit], f"… and {len(lines) - limit} more change(s)"]
    return lines
