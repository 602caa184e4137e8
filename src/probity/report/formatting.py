"""How the report prints numbers, dates and ratings: one place, so that the narrative, the
tables and the charts of a report always print the same figure the same way."""

from __future__ import annotations

from datetime import date

from probity.bundle.model import StaffingFigure
from probity.framework import Framework
from probity.rating import whole_percent_text as pct_text

NOT_AVAILABLE = "Not available"
NOT_RATED = "Not rated"

NUMBER_WORDS = (
    "no",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
)

PROGRESS_LABELS = {
    "no_progress": "No progress",
    "some_progress": "Some progress",
    "sufficient_progress": "Sufficient progress",
}


def per_cent_text(value: int) -> str:
    """A whole percentage in words, as the report's prose prints it: "39 per cent"."""
    return f"{value} per cent"


def out_of_text(count: int, of: int) -> str:
    """A count of a whole: "30 out of 42"."""
    return f"{count} out of {of}"


def number_text(value: float | int) -> str:
    """A figure as printed: whole numbers without a decimal point ("233"), others as given
    ("16.6"), thousands separated by commas as GOV.UK style asks ("3,240")."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,}"


def staffing_text(figure: StaffingFigure) -> str:
    """A staffing figure in its unit: "16.6%" for a percentage, "33.7" for others, and
    "Not available" when the value is blank."""
    if figure.value is None:
        return NOT_AVAILABLE
    text = number_text(figure.value)
    return f"{text}%" if figure.unit == "percent" else text


def number_word(n: int) -> str:
    """A small count in words ("three"), as the report writes "the following three
    questions"; larger counts stay figures."""
    return NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else str(n)


def month_year(d: date) -> str:
    """A month and year: "August 2022"."""
    return f"{d:%B} {d.year}"


def long_date(d: date) -> str:
    """A date as the report prints it: "19 December 2018"."""
    return f"{d.day} {d:%B} {d.year}"


def date_range(start: date, end: date) -> str:
    """A span of days, as short as it reads: "13–17 June 2022", "29 November – 5 December
    2021", "1 December 2021 – 7 January 2022"."""
    if start == end:
        return long_date(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{long_date(end)}"
    if start.year == end.year:
        return f"{start.day} {start:%B} – {long_date(end)}"
    return f"{long_date(start)} – {long_date(end)}"


def rating_label(fw: Framework, rating_id: str | None) -> str:
    """The framework's label of a rating, or "Not rated"."""
    return fw.rating(rating_id).label if rating_id else NOT_RATED


def place_name(fw: Framework, organisation: str) -> str:
    """The place an organisation serves, as the report's prose names it: its name less the
    framework's ``place_suffix`` ("Staffordshire and Stoke" for "Staffordshire and Stoke
    PDU")."""
    suffix = fw.wording.place_suffix
    if suffix and organisation.endswith(suffix):
        return organisation.removesuffix(suffix).strip() or organisation
    return organisation


__all__ = [
    "NOT_AVAILABLE",
    "NOT_RATED",
    "PROGRESS_LABELS",
    "date_range",
    "long_date",
    "month_year",
    "number_text",
    "number_word",
    "out_of_text",
    "pct_text",
    "per_cent_text",
    "place_name",
    "rating_label",
    "staffing_text",
]
