"""Loading framework files: YAML → validated, frozen :class:`Framework`."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from probity.framework.checks import check_framework
from probity.framework.models import Framework

DEFAULT_FRAMEWORK = "hmip-adult-pdu-2021"


class FrameworkError(Exception):
    """A framework file that cannot be used; ``problems`` holds every ``(place, reason)``."""

    def __init__(self, source: str, problems: list[tuple[str, str]]) -> None:
        self.source = source
        self.problems = problems
        lines = [f"{source}: {place}: {reason}" for place, reason in problems]
        super().__init__("\n".join(lines))


def shipped_frameworks() -> list[str]:
    """The ids of the frameworks shipped with Probity."""
    folder = resources.files("probity.framework") / "frameworks"
    return sorted(
        p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml")
    )


@cache
def load_framework(framework_id: str = DEFAULT_FRAMEWORK) -> Framework:
    """Load a framework shipped with Probity by its id."""
    if framework_id not in shipped_frameworks():
        known = ", ".join(shipped_frameworks())
        raise FrameworkError(framework_id, [("framework", f"unknown framework; known: {known}")])
    resource = resources.files("probity.framework") / "frameworks" / f"{framework_id}.yaml"
    return parse_framework(resource.read_text(encoding="utf-8"), source=f"{framework_id}.yaml")


def load_framework_file(path: Path) -> Framework:
    """Load a framework from a YAML file of one's own."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise FrameworkError(str(path), [("file", f"cannot be read: {e}")]) from e
    return parse_framework(text, source=str(path))


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
        problems = [(_place(data, err["loc"]), err["msg"]) for err in e.errors()]
        raise FrameworkError(source, problems) from None
    problems = check_framework(fw)
    if problems:
        raise FrameworkError(source, problems)
    return fw


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
