"""The forms of the pages that write the report's tables: a practice example (its standard,
kind, case, pseudonym and words) and a survey results file. The form collects what was typed;
the workflow (:mod:`probity.workflow.authoring_tables`) decides whether it can be kept."""

from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.core.files.uploadedfile import UploadedFile

from probity.workflow.authoring_tables import EXAMPLE_KINDS

SURVEY_UPLOAD_LIMIT = 1024 * 1024  # a survey results file is a few kilobytes
# The workflow's names of a practice example's fields, and the form's.
EXAMPLE_FIELDS = {"standard": "id_standard", "kind": "id_kind", "case": "id_case",
                  "pseudonym": "id_pseudonym", "text": "id_text"}  # fmt: skip


class PracticeExampleForm(forms.Form):
    """A practice example as typed: ``standards`` and ``cases`` are the choices offered."""

    standard = forms.ChoiceField(label="Standard", required=False)
    kind = forms.ChoiceField(
        label="Kind", choices=list(EXAMPLE_KINDS.items()), required=False,
        widget=forms.RadioSelect,
    )  # fmt: skip
    case = forms.ChoiceField(label="Case it is about", required=False)
    pseudonym = forms.CharField(label="Pseudonym", required=False, strip=False)
    text = forms.CharField(label="The example", required=False, widget=forms.Textarea,
                           strip=False)  # fmt: skip

    def __init__(self, *args: object, standards: Sequence[tuple[str, str]],
                 cases: Sequence[str], **kwargs: object) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["standard"].choices = [("", "Choose a standard"), *standards]  # type: ignore[attr-defined]
        self.fields["case"].choices = [("", "Choose a case"), *((c, c) for c in cases)]  # type: ignore[attr-defined]


def survey_upload_problem(upload: UploadedFile | None) -> str | None:
    """What is wrong with the survey file chosen, before it is read (None: nothing)."""
    if upload is None:
        return "Select a CSV file of survey results"
    if not (upload.name or "").lower().endswith(".csv"):
        return "The selected file must be a CSV file (.csv)"
    if upload.size is None or upload.size > SURVEY_UPLOAD_LIMIT:
        return "The selected file must be smaller than 1 MB"
    if upload.size == 0:
        return "The selected file is empty"
    return None
