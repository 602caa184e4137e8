"""Loading framework files: YAML → validated, frozen :class:`Framework`."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from probity.framework.checks import check_framework
from probity.framework.models import Framework
from probity.framework.registry import (
    ENVIRONMENT_VARIABLE,
    available_frameworks,
    content_hash,
    framework_dirs,
    framework_paths,
)

DEFAULT_FRAMEWORK = "hmip-adult-pdu-2021"


class FrameworkError(Exception):
    """A framework file that cannot be used; ``problems`` holds every ``(place, reason)``."""

    def __init__(self, source: str, problems: list[tuple[str, str]]) -> None:
        self.source = source
        self.problems = problems
        lines = [f"{source}: {place}: {reason}" for place, reason in problems]
        super().__init__("\n".join(lines))


def load_framework(framework_id: str = DEFAULT_FRAMEWORK) -> Framework:
    """Load a framework by its id from the frameworks directories
    (:func:`probity.framework.registry.framework_dirs`)."""
    paths = framework_paths(framework_id)
    if not paths:
        known = ", ".join(sorted({f.id for f in available_frameworks()})) or "none"
        where = ", ".join(str(d) for d in framework_dirs())
        raise FrameworkError(
            framework_id,
            [("framework", f"unknown framework; known: {known} (in {where}; set "
              f"{ENVIRONMENT_VARIABLE} to use other directories)")],
        )  # fmt: skip
    if len(paths) > 1:
        listed = ", ".join(str(p) for p in paths)
        raise FrameworkError(
            framework_id, [("framework", f"found in more than one place: {listed}")]
        )
    return load_framework_file(paths[0], expected_id=framework_id)


def load_framework_file(path: Path, *, expected_id: str | None = None) -> Framework:
    """Load a framework from a YAML file (``expected_id``: the id its file name gives it)."""
    try:
        data = path.read_bytes()
        stat = path.stat()
    except OSError as e:
        raise FrameworkError(str(path), [("file", f"cannot be read: {e}")]) from e
    fw = _parse_cached(data, str(path), stat.st_mtime_ns)
    if expected_id is not None and fw.id != expected_id:
        raise FrameworkError(
            str(path), [("id", f"is {fw.id!r}, but the file is named for {expected_id!r}")]
        )
    return fw


@cache
def _parse_cached(data: bytes, source: str, _mtime: int) -> Framework:
    # Keyed on the bytes themselves: a changed file is parsed again, an unchanged one not.
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise FrameworkError(source, [("file", f"not UTF-8 text: {e}")]) from e
    return parse_framework(text, source=source)


def parse_framework(text: str, *, source: str = "<framework>") -> Framework:
    """Parse and validate framework YAML; raise :class:`FrameworkError` naming every problem."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        raise FrameworkError(source, [("YAML", describe_yaml_error(e))]) from e
    if not isinstance(data, dict):
        raise FrameworkError(source, [("file", "must hold a mapping (id, ratings, domains, …)")])
    try:
        fw = Framework.model_validate(data)
    except ValidationError as e:
        problems = [(_place(data, err["loc"]), _message(err)) for err in e.errors()]
        raise FrameworkError(source, problems) from None
    problems = check_framework(fw)
    if problems:
        raise FrameworkError(source, problems)
    fw._content_hash = content_hash(text.encode("utf-8"))
    return fw


def _message(error: Any) -> str:
    """Pydantic's reason, with a hint where YAML read a bare value as a number (10_14 is the
    number 1014 to YAML; "10_14" is text)."""
    message = str(error["msg"])
    if error.get("type") == "string_type" and isinstance(error.get("input"), int | float):
        message += f" (YAML read {error['input']!r} as a number: put the value in quotes)"
    return message


def describe_yaml_error(e: yaml.YAMLError) -> str:
    """A one-line account of a YAML syntax error, with its line and column."""
    mark = getattr(e, "problem_mark", None)
    problem = getattr(e, "problem", None) or str(e)
    where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
    context = getattr(e, "context", None)
    return f"{where}{problem}" + (f" ({context})" if context else "")


def _place(data: Any, loc: tuple[int | str, ...]) -> str:
    """Turn a pydantic location into a readable one, naming list items by their id."""
    parts: list[str] = []
    node = data
    for key in loc:
        if isinstance(key, int) and isinstance(node, list) and key < len(node):
            item = node[key]
            label = item.get("id") if isinstance(item, dict) else None
            parts.append(f"[id={label}]" if label is not None else f"[{key}]")
            node = item
        elif isinstance(node, dict) and key in node:
            parts.append(f".{key}")
            node = node[key]
        else:
            # A discriminated union adds its tag to the location; it is not a key of the file.
            if not (isinstance(node, dict) and node.get("kind") == key):
                parts.append(f".{key}")
            node = None
    return "".join(parts).lstrip(".") or "file"
