"""Django form fields in the GOV.UK Design System's shape, and the error summary of a form.

:class:`GovukDateField` is a GOV.UK date input: three boxes named ``<name>-day``,
``<name>-month`` and ``<name>-year`` (ids the same), read together as one date, with the
pattern's messages ("Enter the …", "… must include a month", "… must be a real date, like
27 3 2027"). Its bound field (:class:`DateBoundField`) gives a template the three boxes as
typed, and the id an error summary links to: the day's box.

:func:`error_summary` lists a form's errors as the GOV.UK error summary shows them: each
field's in the order of the fields, linked to the field, then those of the whole form."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms

DATE_PARTS = (("day", "Day", "govuk-input--width-2"), ("month", "Month", "govuk-input--width-2"),
              ("year", "Year", "govuk-input--width-4"))  # fmt: skip
EXAMPLE = "27 3 2027"


class DateWidget(forms.MultiWidget):
    """Three text boxes, ``<name>-day``, ``<name>-month``, ``<name>-year``."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__([forms.TextInput() for _ in DATE_PARTS], attrs)
        self.widgets_names = [f"-{part}" for part, _, _ in DATE_PARTS]

    def decompress(self, value: Any) -> list[str]:
        """A stored date as the boxes show it: 5 3 2027 (no leading zeros)."""
        if isinstance(value, date):
            return [str(value.day), str(value.month), str(value.year)]
        return ["", "", ""]

    def id_for_label(self, id_: str) -> str:
        """The day's box: where a label or an error summary's link lands."""
        return f"{id_}-day" if id_ else ""


@dataclass(frozen=True)
class DateBox:
    """One box of a date input as a template draws it."""

    id: str
    name: str
    label: str
    width: str
    value: str


class DateBoundField(forms.BoundField):
    """A date input bound to a form: its boxes, with what was typed (or the stored date)."""

    @property
    def boxes(self) -> list[DateBox]:
        value = self.value()
        typed = value if isinstance(value, (list, tuple)) else DateWidget().decompress(value)
        typed = [str(v or "").strip() for v in typed] + ["", "", ""]
        return [
            DateBox(f"{self.auto_id}-{part}", f"{self.html_name}-{part}", label, width, typed[i])
            for i, (part, label, width) in enumerate(DATE_PARTS)
        ]

    @property
    def anchor(self) -> str:
        """The id the error summary links to: the day's box."""
        return f"{self.auto_id}-day"


class GovukDateField(forms.MultiValueField):
    """A GOV.UK date input, read as a :class:`datetime.date` (None when left empty and not
    required). ``label`` names the date in its messages: "Enter the fieldwork start",
    "Fieldwork start must include a month", "Fieldwork start must be a real date, like
    27 3 2027"."""

    widget = DateWidget
    bound_field_class = DateBoundField

    def __init__(self, *, label: str, required: bool = True, **kwargs: Any) -> None:
        parts = [forms.CharField(required=False) for _ in DATE_PARTS]
        super().__init__(
            parts,
            require_all_fields=False,
            label=label,
            required=required,
            error_messages={"required": f"Enter the {label.lower()}"},
            **kwargs,
        )

    def clean(self, value: Any) -> Any:
        # Spaces typed around a figure are no figure: a box of spaces is an empty box.
        if isinstance(value, (list, tuple)):
            value = [str(v).strip() if v is not None else "" for v in value]
        return super().clean(value)

    def compress(self, data_list: list[str]) -> date | None:
        """The date the boxes say, or a ValidationError saying what is wrong with them."""
        if not data_list:
            return None
        label = str(self.label)
        missing = [part for (part, _, _), typed in zip(DATE_PARTS, data_list, strict=False)
                   if not typed]  # fmt: skip
        if missing:
            raise forms.ValidationError(
                f"{label} must include a {' and a '.join(missing)}", code="incomplete"
            )
        try:
            day, month, year = (int(typed) for typed in data_list)
            if not 1000 <= year <= 9999:
                raise ValueError(year)
            return date(year, month, day)
        except ValueError:
            raise forms.ValidationError(
                f"{label} must be a real date, like {EXAMPLE}", code="invalid"
            ) from None


def is_blank(form: forms.Form, name: str) -> bool:
    """Whether a field of a bound form was left empty (every box of a date input)."""
    value = form[name].value()
    parts = value if isinstance(value, (list, tuple)) else [value]
    return not any(str(v or "").strip() for v in parts)


def anchor(field: forms.BoundField) -> str:
    """The id an error summary links to for a field: the day's box of a date input, the first
    radio of radios (which carries the field's id), the input of the others."""
    if isinstance(field, DateBoundField):
        return field.anchor
    return field.id_for_label or field.auto_id or ""


def error_summary(form: forms.Form) -> list[tuple[str, str]]:
    """The form's errors for the GOV.UK error summary: (the id linked to, the message), each
    field's in the order of the fields, then those of the whole form (which link nowhere)."""
    found = []
    for name in form.fields:
        found += [(anchor(form[name]), str(e)) for e in form.errors.get(name, [])]
    return found + [("", str(e)) for e in form.non_field_errors()]


def add_problem(form: forms.Form, name: str, problem: str) -> None:
    """Say a problem on a field of the form (``name`` not a field: on the whole form)."""
    form.add_error(name if name in form.fields else None, problem)
