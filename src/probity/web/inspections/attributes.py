"""A case's attributes as the framework declares them: in words for the pages, and as
filters of a case list (choices, and the stored JSON value each stands for).

A filter's value travels as text in a query string: a choice attribute's value id, ``yes``
or ``no`` for a boolean, the value itself for text and whole numbers. Nothing here names an
attribute: every label and value comes from the framework's case profile.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import QuerySet

from probity.framework.models import AttributeType, CaseAttribute, Framework

YES, NO = "yes", "no"


def described(fw: Framework, attributes: Mapping[str, object]) -> list[tuple[str, str]]:
    """Every attribute of the case profile with its label and the case's value in words."""
    return [(a.label, a.value_label(attributes.get(a.id))) for a in fw.case_profile.attributes]


def listed_attributes(fw: Framework) -> tuple[CaseAttribute, ...]:
    """The attributes a case list shows as columns."""
    return tuple(a for a in fw.case_profile.attributes if a.listed)


def filter_attributes(fw: Framework) -> tuple[CaseAttribute, ...]:
    """The attributes a case list may be filtered by."""
    return tuple(a for a in fw.case_profile.attributes if a.filter)


def closed(a: CaseAttribute) -> bool:
    """Whether the attribute's values are known from the framework alone (a choice, or yes or
    no); the others offer the values found among the cases."""
    return a.type in (AttributeType.CHOICE, AttributeType.BOOLEAN)


def filter_choices(a: CaseAttribute, present: Iterable[object] = ()) -> list[tuple[str, str]]:
    """The values a filter offers, as (query value, words): a choice attribute's values, yes
    and no for a boolean, else the values ``present`` among the cases, in order."""
    if a.type is AttributeType.CHOICE:
        return [(v.id, v.label) for v in a.values]
    if a.type is AttributeType.BOOLEAN:
        return [(YES, a.value_label(True)), (NO, a.value_label(False))]
    found = sorted({v for v in present if v is not None}, key=lambda v: (str(type(v)), v))
    return [(str(v), a.value_label(v)) for v in found]


def filter_value(a: CaseAttribute, text: str) -> object:
    """The stored value a filter's query value stands for."""
    if a.type is AttributeType.BOOLEAN:
        return text == YES
    if a.type is AttributeType.INTEGER:
        return int(text)
    return text


def lookup(a: CaseAttribute) -> str:
    """The queryset lookup of the attribute's stored value."""
    return f"attributes__{a.id}"


def filtered(cases: QuerySet[Any], a: CaseAttribute, text: str) -> QuerySet[Any]:
    """The cases whose attribute has the value a filter's query value stands for."""
    return cases.filter(**{lookup(a): filter_value(a, text)})
