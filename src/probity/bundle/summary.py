"""The inspection summary: one inspection's key-question percentages and judgements, as YAML
or JSON (the format is documented in docs/summary-format.md)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from probity.bundle.problems import DataError, Problem
from probity.framework import DEFAULT_FRAMEWORK, Framework, FrameworkError, load_framework
from probity.framework.inputs import judgement_problems
from probity.framework.loader import describe_yaml_error


@dataclass(frozen=True)
class InspectionSummary:
    """What the rating engine needs for one inspection, keyed by framework ids."""

    framework: Framework
    inspection: str
    key_questions: dict[str, int | float]
    judgements: dict[str, str]


_FIELDS = {"framework", "inspection", "key_questions", "judgements"}


def read_summary(path: Path, framework: Framework | None = None) -> InspectionSummary:
    """Read and check a summary file; raise :class:`DataError` naming every bad field.

    ``framework`` overrides the file's ``framework`` field (for a framework file of one's own).
    """
    src = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as e:
        raise DataError([Problem(src, "file", "no such file")]) from e
    except (OSError, UnicodeDecodeError) as e:
        raise DataError([Problem(src, "file", f"cannot be read: {e}")]) from e
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except json.JSONDecodeError as e:
        raise DataError(
            [Problem(src, f"line {e.lineno}, column {e.colno}", f"malformed JSON: {e.msg}")]
        ) from e
    except yaml.YAMLError as e:
        raise DataError([Problem(src, "file", f"malformed YAML: {describe_yaml_error(e)}")]) from e
    return parse_summary(data, source=src, framework=framework)


def parse_summary(
    data: Any, *, source: str = "<summary>", framework: Framework | None = None
) -> InspectionSummary:
    """Check parsed summary data against its framework."""
    if not isinstance(data, dict):
        raise DataError(
            [Problem(source, "file", "must hold a mapping with key_questions and judgements")]
        )
    problems: list[Problem] = [
        Problem(source, str(k), f"unknown field; expected {', '.join(sorted(_FIELDS))}")
        for k in data
        if k not in _FIELDS
    ]
    fw = framework or _framework(data.get("framework", DEFAULT_FRAMEWORK), source, problems)
    inspection = data.get("inspection", "")
    if not isinstance(inspection, str):
        problems.append(Problem(source, "inspection", "must be text"))
    kqs = _key_questions(fw, data.get("key_questions"), source, problems) if fw else {}
    judgements = _judgements(data.get("judgements"), source, problems)
    if fw is not None:
        problems.extend(Problem(source, f, m) for f, m in judgement_problems(fw, judgements))
    if problems or fw is None:
        raise DataError(problems)
    return InspectionSummary(fw, str(inspection), kqs, judgements)


def _framework(value: Any, source: str, problems: list[Problem]) -> Framework | None:
    try:
        return load_framework(str(value))
    except FrameworkError as e:
        problems.extend(Problem(source, "framework", reason) for _, reason in e.problems)
        return None


def _key_questions(
    fw: Framework, given: Any, source: str, problems: list[Problem]
) -> dict[str, int | float]:
    if not isinstance(given, dict):
        problems.append(
            Problem(
                source,
                "key_questions",
                "missing, or not a mapping of standard id to a list of percentages",
            )
        )
        return {}
    out: dict[str, int | float] = {}
    with_kqs = [s for s in fw.standards if s.key_questions]
    for standard_id, values in given.items():
        place = f'key_questions."{standard_id}"'
        if not fw.has_standard(str(standard_id)):
            problems.append(Problem(source, place, "unknown standard"))
            continue
        standard = fw.standard(str(standard_id))
        if not standard.key_questions:
            problems.append(
                Problem(
                    source,
                    place,
                    "this standard is an inspectors' judgement; it has no key questions",
                )
            )
            continue
        ids = [kq.id for kq in standard.key_questions]
        if not isinstance(values, list):
            values = [values]
        if len(values) != len(ids):
            problems.append(
                Problem(
                    source,
                    place,
                    f"expected {len(ids)} percentage(s), one per "
                    f"key question {', '.join(ids)}; got {len(values)}",
                )
            )
            continue
        for i, (kq_id, value) in enumerate(zip(ids, values, strict=True)):
            if isinstance(value, bool) or not isinstance(value, int | float):
                problems.append(
                    Problem(source, f"{place}[{i}] ({kq_id})", f"{value!r} is not a number")
                )
            elif value != value or not 0 <= value <= 100:
                problems.append(
                    Problem(source, f"{place}[{i}] ({kq_id})", f"{value} is outside 0–100")
                )
            else:
                out[kq_id] = value
    for s in with_kqs:
        if s.id not in given and str(s.id) not in {str(k) for k in given}:
            problems.append(
                Problem(
                    source,
                    f'key_questions."{s.id}"',
                    f"missing ({s.name}: {len(s.key_questions)} key question(s))",
                )
            )
    return out


def _judgements(given: Any, source: str, problems: list[Problem]) -> dict[str, Any]:
    if given is None:
        return {}
    if not isinstance(given, dict):
        problems.append(Problem(source, "judgements", "must be a mapping of standard id to rating"))
        return {}
    return {str(k): v for k, v in given.items()}
