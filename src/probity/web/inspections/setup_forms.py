"""The form of an inspection's details: creating one (framework, unit inspected, inspection id,
fieldwork dates as GOV.UK date inputs, sample windows, the lead inspector's name as the report
prints it) and changing the details that may change until fieldwork ends.

The form only reads and checks what was typed, every problem at once; whether the inspection
may be created or changed, and whether its dates hang together, is the workflow's to say
(:func:`probity.workflow.services.create_inspection`, ``update_inspection``), whose problems
the page places on these fields (:meth:`DetailsForm.problem_fields`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django import forms

from probity.web.inspections.govuk_fields import GovukDateField, add_problem, is_blank
from probity.web.inspections.models import Inspection, SampleWindow
from probity.web.inspections.people_forms import OptionGroup
from probity.workflow.store import InspectionSpec

WINDOW_ROWS = 3  # sample windows the form offers; rows left empty are ignored
NAME_LIMIT = 200  # the lead inspector's name, as stored
ID_LIMIT = 80


def window_names(i: int) -> tuple[str, str]:
    """The fields of the ``i``-th sample window (from 1): its start and its end."""
    return f"window-{i}-start", f"window-{i}-end"


def stored_details(row: Inspection) -> tuple[dict[str, Any], int]:
    """An inspection's details as the form's initial values, and the sample windows to offer
    (those stored and one more, at least :data:`WINDOW_ROWS`)."""
    windows = list(SampleWindow.objects.filter(inspection=row).order_by("position"))
    values: dict[str, Any] = {
        "lead_inspector": row.lead_inspector or "",
        "fieldwork_start": row.fieldwork_start,
        "fieldwork_end": row.fieldwork_end,
    }
    for i, w in enumerate(windows, start=1):
        start, end = window_names(i)
        values |= {start: w.start, end: w.end}
    return values, max(WINDOW_ROWS, len(windows) + 1)


class DetailsForm(forms.Form):
    """The inspection's details (``creating``: a new inspection, with its framework, unit and
    id; otherwise only the details that may change). ``frameworks``: (id, title) of those
    installed; ``units``: the units by region; ``rows``: the sample windows offered."""

    framework = forms.ChoiceField(label="Framework", widget=forms.RadioSelect)
    unit = forms.ChoiceField(label="Unit inspected")
    inspection_id = forms.CharField(
        label="Inspection id",
        required=False,
        max_length=ID_LIMIT,
        error_messages={"max_length": f"Inspection id must be {ID_LIMIT} characters or fewer"},
    )
    fieldwork_start = GovukDateField(label="Fieldwork start")
    fieldwork_end = GovukDateField(label="Fieldwork end")
    lead_inspector = forms.CharField(
        label="Lead inspector’s name",
        max_length=NAME_LIMIT,
        error_messages={
            "required": "Enter the lead inspector’s name as the report prints it",
            "max_length": f"The name must be {NAME_LIMIT} characters or fewer",
        },
    )

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        creating: bool,
        frameworks: Sequence[tuple[str, str]] = (),
        units: Sequence[OptionGroup] = (),
        rows: int = WINDOW_ROWS,
        initial: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(data, initial=dict(initial or {}), auto_id="%s")
        self.creating, self.rows = creating, rows
        self.frameworks, self.units = list(frameworks), list(units)
        choose = "Select the framework the inspection follows"
        self._choices("framework", list(self.frameworks), choose)
        self._choices(
            "unit", [o for g in self.units for o in g.options], "Select the unit inspected"
        )
        lead = self.fields.pop("lead_inspector")
        for i in range(1, rows + 1):
            start, end = window_names(i)
            self.fields[start] = GovukDateField(label=f"Start of sample window {i}", required=False)
            self.fields[end] = GovukDateField(label=f"End of sample window {i}", required=False)
        self.fields["lead_inspector"] = lead  # the fields in the order of the page
        if not creating:  # framework, unit and id stay as they were set
            for name in ("framework", "unit", "inspection_id"):
                del self.fields[name]

    def _choices(self, name: str, choices: list[tuple[str, str]], problem: str) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices
        field.error_messages |= {"required": problem, "invalid_choice": problem}

    @property
    def windows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        """Each sample window's start and end, as the page draws them."""
        return [(self[a], self[b]) for a, b in map(window_names, range(1, self.rows + 1))]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        given = 0
        for i in range(1, self.rows + 1):
            names = window_names(i)
            blank = [is_blank(self, name) for name in names]
            if all(blank):
                continue
            given += 1
            for name, empty in zip(names, blank, strict=True):
                if empty:  # half a window: the other half is missing
                    self.add_error(name, self.fields[name].error_messages["required"])
        if not given:
            self.add_error(window_names(1)[0], "Enter at least one sample window")
        return cleaned

    def problem_fields(self) -> dict[str, str]:
        """The field a problem of the workflow is about, by the name it starts with
        ("fieldwork end: ...")."""
        return {
            "inspection id": "inspection_id",
            "framework": "framework",
            "organisation": "unit",
            "fieldwork start": "fieldwork_start",
            "fieldwork end": "fieldwork_end",
            "lead inspector": "lead_inspector",
            **{f"sample window {i}": window_names(i)[1] for i in range(1, self.rows + 1)},
        }

    def add_problem(self, name: str, problem: str) -> None:
        """Say a problem on a field (``name`` "" or not a field: on the page only)."""
        add_problem(self, name, problem)

    def sample_windows(self) -> tuple[tuple[date, date], ...]:
        """The sample windows given (once valid), in the order of the rows."""
        found = []
        for i in range(1, self.rows + 1):
            start, end = (self.cleaned_data.get(name) for name in window_names(i))
            if start is not None and end is not None:
                found.append((start, end))
        return tuple(found)

    def suggested_id(self) -> str:
        """The inspection id given, or one made of the unit and the fieldwork's year."""
        given: str = self.cleaned_data["inspection_id"]
        if given:
            return given
        return f"{self.cleaned_data['unit'].lower()}-{self.cleaned_data['fieldwork_start'].year}"

    def spec(self) -> InspectionSpec:
        """The new inspection (once valid)."""
        d = self.cleaned_data
        return InspectionSpec(
            inspection_id=self.suggested_id(),
            framework=d["framework"],
            unit=d["unit"],
            fieldwork_start=d["fieldwork_start"],
            fieldwork_end=d["fieldwork_end"],
            sample_windows=self.sample_windows(),
            lead_inspector=d["lead_inspector"],
        )

    def changes(self) -> dict[str, object]:
        """The details to change (once valid)."""
        d = self.cleaned_data
        return {
            "fieldwork_start": d["fieldwork_start"],
            "fieldwork_end": d["fieldwork_end"],
            "sample_windows": self.sample_windows(),
            "lead_inspector": d["lead_inspector"],
        }
