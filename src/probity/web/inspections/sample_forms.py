"""The forms of the sample pages: the planner's figures (percentages typed, fractions to the
planner), the draw (size and seed), cases added with a reason, a case dropped with a reason,
and the uploaded list of eligible cases (its kind and size). Each reads what was typed and
notes every problem at once; the workflow decides the rest."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from probity.framework.models import Sampling
from probity.workflow import services

UPLOAD_LIMIT = 5 * 1024 * 1024  # bytes: far more than a list of eligible cases needs
UPLOAD_SUFFIXES = (".csv", ".xlsx")
SEED_LIMIT = 2**63 - 1  # the largest seed stored
REASON_LIMIT = services.REASON_LIMIT  # a reason's length, as the workflow allows it
PERCENT_LOW, PERCENT_HIGH = Decimal(0), Decimal(100)  # a percentage lies strictly between


def percent(fraction: float) -> str:
    """A fraction as the planner's inputs show it: 0.1 → "10"."""
    return f"{Decimal(str(fraction)) * 100:f}".rstrip("0").rstrip(".")


class PercentField(forms.CharField):
    """A percentage typed ("10" or "10%"), read as a fraction strictly between 0 and 1;
    ``words`` names it in its messages ("the margin")."""

    def __init__(self, *, words: str, **kwargs: Any) -> None:
        super().__init__(error_messages={"required": f"Enter the {words}"}, **kwargs)
        self.words = words

    def clean(self, value: Any) -> float:
        text = str(super().clean(value)).rstrip("%").strip()
        if not text:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        try:
            figure = Decimal(text)
        except InvalidOperation:
            raise forms.ValidationError(
                f"The {self.words} must be a number, like 10", code="invalid"
            ) from None
        if not figure.is_finite() or not PERCENT_LOW < figure < PERCENT_HIGH:
            raise forms.ValidationError(
                f"The {self.words} must be more than {PERCENT_LOW} and less than {PERCENT_HIGH}",
                code="range",
            )
        return float(figure / 100)


class PlannerForm(forms.Form):
    """The planner's margin, confidence and expected proportion, as percentages. The
    framework's sampling section gives the figures not typed (``data``: the query, which
    may give none)."""

    margin = PercentField(label="Margin (percentage points, either side)", words="margin")
    confidence = PercentField(label="Confidence (%)", words="confidence")
    expected = PercentField(label="Expected proportion (%)", words="expected proportion")

    def __init__(self, data: Mapping[str, str], defaults: Sampling) -> None:
        figures = {
            "margin": percent(defaults.margin),
            "confidence": percent(defaults.confidence),
            "expected": percent(defaults.expected),
        }
        # Always bound: a figure not in the query is the framework's.
        figures |= {name: str(data[name]) for name in figures if name in data}
        super().__init__(figures, auto_id="%s")

    def boxes(self) -> list[forms.BoundField]:
        """The figures, as the page draws them."""
        return [self[name] for name in self.fields]

    def fractions(self) -> tuple[float, float, float] | None:
        """(margin, confidence, expected) as fractions; None if any is not good."""
        if not self.is_valid():
            return None
        d = self.cleaned_data
        return d["margin"], d["confidence"], d["expected"]


def new_seed() -> int:
    """A random seed to offer (shown, so that the draw can be made again from it)."""
    return secrets.randbelow(10**9)


def _whole(text: str) -> bool:
    return text.isascii() and text.isdigit()


class DrawForm(forms.Form):
    """The sample's size and the seed of the draw."""

    size = forms.CharField(
        label="Sample size", error_messages={"required": "Enter the number of cases to draw"}
    )
    seed = forms.CharField(
        label="Seed",
        error_messages={"required": "Enter a seed: any whole number, like the one offered"},
    )

    def __init__(self, data: Mapping[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(data, auto_id="%s", **kwargs)

    def clean_size(self) -> int:
        text: str = self.cleaned_data["size"]
        if not _whole(text):
            raise forms.ValidationError("The sample size must be a whole number, like 44")
        if int(text) < 1:
            raise forms.ValidationError("The sample size must be 1 or more")
        return int(text)

    def clean_seed(self) -> int:
        text: str = self.cleaned_data["seed"]
        if not _whole(text):
            raise forms.ValidationError("The seed must be a whole number, 0 or more")
        if int(text) > SEED_LIMIT:
            raise forms.ValidationError(f"The seed must be {SEED_LIMIT} or less")
        return int(text)

    def values(self) -> tuple[int, int] | None:
        """(size, seed), or None with each problem noted."""
        if not self.is_valid():
            return None
        return self.cleaned_data["size"], self.cleaned_data["seed"]


def reason_problem(reason: str) -> str | None:
    """What is wrong with a reason typed (the workflow requires one; the page limits its
    length)."""
    if len(reason) > REASON_LIMIT:
        return f"The reason must be {REASON_LIMIT:,} characters or fewer"
    return None


def upload_problem(upload: UploadedFile | None) -> str | None:
    """What is wrong with the file chosen, before it is read (None: nothing)."""
    if upload is None:
        return "Select the list of eligible cases: a CSV file or an XLSX workbook"
    name = (upload.name or "").lower()
    if not name.endswith(UPLOAD_SUFFIXES):
        return "The selected file must be a CSV file (.csv) or an XLSX workbook (.xlsx)"
    if upload.size is None or upload.size > UPLOAD_LIMIT:
        return f"The selected file must be smaller than {UPLOAD_LIMIT // (1024 * 1024)} MB"
    if upload.size == 0:
        return "The selected file is empty"
    return None
