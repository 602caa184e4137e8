"""Conditions over a case's attributes, as a framework file writes them.

A condition is a mapping. Each key names a case attribute and gives the value it must have,
or a list of values it may have; several keys must all hold. Three keys combine conditions:
``all`` (a list, every one holds), ``any`` (a list, at least one holds) and ``not`` (one
condition, which must not hold)::

    applies_when: {has_report: true}
    na_when: {not: {stage: released}}
    when: {any: [{risk_level: [3, 4]}, {multi_agency: true}]}

Conditions are plain data: they are checked against the framework's case profile when the
file is loaded (:func:`condition_problems`), evaluated on a case's attributes (:func:`holds`)
and put in words for people (:func:`describe`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

Value = str | bool | int


@dataclass(frozen=True)
class Is:
    """The attribute has one of the values."""

    attribute: str
    values: tuple[Value, ...]


@dataclass(frozen=True)
class AllOf:
    """Every part holds (an empty list always holds)."""

    parts: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    """At least one part holds."""

    parts: tuple[Condition, ...]


@dataclass(frozen=True)
class Not:
    """The part does not hold."""

    part: Condition


Condition = Is | AllOf | AnyOf | Not

_COMBINERS = ("all", "any", "not")


class ConditionSyntaxError(ValueError):
    """A condition written in a shape Probity does not read."""


def parse_condition(data: Any) -> Condition:
    """A condition from its YAML form (a mapping); raise :class:`ConditionSyntaxError`."""
    if isinstance(data, Is | AllOf | AnyOf | Not):
        return data
    if not isinstance(data, Mapping) or not data:
        raise ConditionSyntaxError(
            "a condition is a mapping of attribute to value(s), or all/any/not"
        )
    parts: list[Condition] = []
    for key, value in data.items():
        if not isinstance(key, str):
            raise ConditionSyntaxError(f"{key!r} is not an attribute name")
        if key in ("all", "any"):
            if not isinstance(value, list) or not value:
                raise ConditionSyntaxError(f"{key} takes a list of conditions")
            inner = tuple(parse_condition(v) for v in value)
            parts.append(AllOf(inner) if key == "all" else AnyOf(inner))
        elif key == "not":
            parts.append(Not(parse_condition(value)))
        else:
            values = value if isinstance(value, list) else [value]
            if not values or not all(isinstance(v, str | bool | int) for v in values):
                raise ConditionSyntaxError(
                    f"{key}: a value is text, a number, true or false (or a list of them)"
                )
            parts.append(Is(key, tuple(values)))
    return parts[0] if len(parts) == 1 else AllOf(tuple(parts))


def condition_data(condition: Condition) -> dict[str, Any]:
    """The condition in its YAML form (what :func:`parse_condition` reads)."""
    if isinstance(condition, Is):
        values = list(condition.values)
        return {condition.attribute: values[0] if len(values) == 1 else values}
    if isinstance(condition, Not):
        return {"not": condition_data(condition.part)}
    key = "all" if isinstance(condition, AllOf) else "any"
    return {key: [condition_data(p) for p in condition.parts]}


def holds(condition: Condition, attributes: Mapping[str, object]) -> bool:
    """Whether the condition holds for a case with these attributes (an attribute the case
    does not have matches no value)."""
    if isinstance(condition, Is):
        if condition.attribute not in attributes:
            return False
        value = attributes[condition.attribute]
        # True == 1 in Python: a boolean attribute must not match the number 1.
        return any(type(v) is type(value) and v == value for v in condition.values)
    if isinstance(condition, AllOf):
        return all(holds(p, attributes) for p in condition.parts)
    if isinstance(condition, AnyOf):
        return any(holds(p, attributes) for p in condition.parts)
    return not holds(condition.part, attributes)


def tests(condition: Condition) -> Iterator[Is]:
    """Every attribute test in the condition, in order."""
    if isinstance(condition, Is):
        yield condition
    elif isinstance(condition, Not):
        yield from tests(condition.part)
    else:
        for p in condition.parts:
            yield from tests(p)


def describe(condition: Condition, words: Callable[[str, Value], tuple[str, str]]) -> str:
    """The condition in words. ``words(attribute, value)`` gives the attribute's label and the
    value's label ("Stage", "Released")."""
    if isinstance(condition, Is):
        label = words(condition.attribute, condition.values[0])[0]
        shown = [words(condition.attribute, v)[1] for v in condition.values]
        either = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]
        return f"{label} is {either}"
    if isinstance(condition, Not):
        inner = describe(condition.part, words)
        if isinstance(condition.part, Is):
            return inner.replace(" is ", " is not ", 1)
        return f"not ({inner})"
    joiner = " and " if isinstance(condition, AllOf) else " or "
    parts = [describe(p, words) for p in condition.parts]
    return joiner.join(f"({i})" if " and " in i or " or " in i else i for i in parts)
