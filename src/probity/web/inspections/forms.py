"""The forms of the case pages: the assessment of one standard (built from the framework and
what each question allows on the case), the case list's filters (the framework's filter
attributes), and assigning a case.

Field names of the assessment form are ``answer-<question id>`` (yes, no or na) and
``note-<key question id>``; a value the question does not allow on the case is an error that
names the question, so the form never passes on data the core would reject.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth.models import User
from django.db.models import QuerySet

from probity.framework import Framework, KeyQuestion, Prompt, Standard
from probity.framework.applicability import NA_ONLY, QuestionRule
from probity.framework.models import CaseAttribute
from probity.web.inspections import attributes
from probity.web.inspections.models import Case, CaseStatus
from probity.workflow.store import StoredAnswer

ANSWER_WORDS = {"yes": "Yes", "no": "No", "na": "Not applicable"}
CONTINUE, DRAFT = "continue", "draft"
UNASSIGNED = "none"


def shortened(text: str, words: int = 8) -> str:
    """The first words of a question, for an error message that names it."""
    parts = text.split()
    return text if len(parts) <= words else " ".join(parts[:words]) + "…"


@dataclass(frozen=True)
class PromptItem:
    """A prompt on the page: its radios, or ``field`` None when it cannot apply to the case
    (it is then saved as ``na`` without asking)."""

    prompt: Prompt
    field: forms.BoundField | None
    hint: str
    saved: str  # the stored answer, in words ("" if none)


@dataclass(frozen=True)
class Section:
    """One key question on the page: its radios, its prompts and the notes on it."""

    key_question: KeyQuestion
    field: forms.BoundField
    prompts: list[PromptItem]
    note: forms.BoundField
    hint: str
    saved: str  # the stored answer, in words ("" if none)


class AssessmentForm(forms.Form):
    """The answers to one standard's questions on one case."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    action = forms.ChoiceField(
        choices=[(CONTINUE, "Save and continue"), (DRAFT, "Save as draft")], required=False
    )

    def __init__(
        self,
        data: Mapping[str, Any] | None,
        *,
        case: Case,
        standard: Standard,
        rules: Mapping[str, QuestionRule],
        stored: Mapping[str, StoredAnswer],
    ) -> None:
        initial: dict[str, Any] = {"version": case.version}
        for qid, a in stored.items():
            initial[f"answer-{qid}"] = a.answer
            initial[f"note-{qid}"] = a.note or ""
        super().__init__(data, initial=initial, auto_id="%s")
        self.case, self.standard, self.rules, self.stored = case, standard, rules, stored
        self.current: dict[str, str] = {}  # field name → the saved answer, after a conflict
        for kq in standard.key_questions:
            # The page asks a key question's prompts first, then the key question itself.
            for p in kq.prompts:
                self._add_prompt(p)
            self.fields[f"answer-{kq.id}"] = self._choice(kq.id, kq.text, "key question")
            self.fields[f"note-{kq.id}"] = forms.CharField(
                label=f"Notes on {kq.id}",
                required=False,
                max_length=10_000,
                widget=forms.Textarea,
                error_messages={"max_length": f"Notes on {kq.id} must be 10,000 characters or "
                                "fewer"},
            )  # fmt: skip
        for p in standard.other_prompts.prompts if standard.other_prompts else ():
            self._add_prompt(p)

    def _choice(self, qid: str, text: str, kind: str) -> forms.ChoiceField:
        allowed = self.rules[qid].allowed
        words = " or ".join(ANSWER_WORDS[a] for a in ("yes", "no", "na") if a in allowed)
        return forms.ChoiceField(
            label=text,
            required=False,
            widget=forms.RadioSelect,
            choices=[(a, ANSWER_WORDS[a]) for a in ("yes", "no", "na") if a in allowed],
            error_messages={
                "invalid_choice": f"{kind.capitalize()} {qid} is answered {words} on case "
                f"{self.case.case_id}, not “%(value)s”"
            },
        )

    def _add_prompt(self, p: Prompt) -> None:
        if self.rules[p.id].allowed != NA_ONLY:
            self.fields[f"answer-{p.id}"] = self._choice(p.id, f"{p.id} {p.text}", "prompt")

    def sections(self) -> list[Section]:
        """The key questions with their prompts, in framework order, for the template."""
        return [
            Section(
                key_question=kq,
                field=self[f"answer-{kq.id}"],
                prompts=[self._item(p) for p in kq.prompts],
                note=self[f"note-{kq.id}"],
                hint=self._saved_hint(f"answer-{kq.id}"),
                saved=self._saved(kq.id),
            )
            for kq in self.standard.key_questions
        ]

    def other_prompts(self) -> list[PromptItem]:
        """The standard's prompts under no key question (under a heading of their own)."""
        group = self.standard.other_prompts
        return [self._item(p) for p in group.prompts] if group else []

    def _item(self, p: Prompt) -> PromptItem:
        name = f"answer-{p.id}"
        if name not in self.fields:
            return PromptItem(p, None, "", self._saved(p.id))
        hints = []
        if "na" in self.rules[p.id].allowed:
            hints.append("Select Not applicable if this does not apply to the case.")
        hints.append(self._saved_hint(name))
        return PromptItem(p, self[name], " ".join(h for h in hints if h), self._saved(p.id))

    def _saved(self, qid: str) -> str:
        a = self.stored.get(qid)
        return "" if a is None else ANSWER_WORDS.get(a.answer, a.answer)

    def _saved_hint(self, name: str) -> str:
        """After a conflict: the saved answer, where it differs from the one chosen."""
        saved = self.current.get(name)
        return f"Saved answer now: {saved}." if saved else ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for p in self.standard.prompts:
            posted = self.data.get(f"answer-{p.id}")
            if self.rules[p.id].allowed == NA_ONLY and posted not in (None, "", "na"):
                self.add_error(
                    None,
                    f"Prompt {p.id} does not apply to case {self.case.case_id}: it cannot be "
                    f"answered “{posted}”",
                )
        for kq in self.standard.key_questions:
            answered = bool(data.get(f"answer-{kq.id}")) or kq.id in self.stored
            if data.get("action") == CONTINUE and not answered:
                self.add_error(
                    f"answer-{kq.id}", f"Select yes or no for {kq.id} “{shortened(kq.text)}”"
                )
            elif data.get(f"note-{kq.id}") and not answered:
                self.add_error(
                    f"note-{kq.id}",
                    f"Notes on {kq.id} need an answer to {kq.id}: select yes or no to keep them",
                )
        return data

    def answers(self) -> dict[str, str]:
        """The answers chosen, by question id (questions left unanswered are left out)."""
        return {
            name.removeprefix("answer-"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("answer-") and value
        }

    def notes(self) -> dict[str, str | None]:
        """The notes sent, by key question id (a note not sent at all is left out)."""
        return {
            name.removeprefix("note-"): value or None
            for name, value in self.cleaned_data.items()
            if name.startswith("note-") and name in self.data
        }

    def error_list(self) -> list[tuple[str, str]]:
        """(field id, message) for the error summary, in the page's order."""
        found = [("", str(e)) for e in self.non_field_errors()]
        for name in self.fields:
            found.extend((name, str(e)) for e in self.errors.get(name, []))
        return found

    def show_saved(self, stored: Mapping[str, StoredAnswer]) -> None:
        """After a conflict: note, beside each question, the saved answer where it differs
        from the one chosen."""
        for name in self.fields:
            if not name.startswith("answer-"):
                continue
            saved = stored.get(name.removeprefix("answer-"))
            if saved is not None and saved.answer != self.data.get(name):
                self.current[name] = ANSWER_WORDS.get(saved.answer, saved.answer)


class CaseFilterForm(forms.Form):
    """The case list's filters (a GET form): the inspector, the status, and each attribute the
    framework offers as a filter, by its id (``attribute-<id>`` where the id is the name of
    another filter). A value that is not a choice is ignored."""

    inspector = forms.ChoiceField(label="Inspector", required=False)
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *CaseStatus.choices]
    )

    def __init__(
        self,
        data: Mapping[str, Any],
        *,
        fw: Framework,
        inspectors: list[User],
        present: Mapping[str, list[object]] | None = None,
    ) -> None:
        super().__init__(data, auto_id="filter-%s")
        people = [(str(u.pk), u.get_full_name() or u.get_username()) for u in inspectors]
        field = self.fields["inspector"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "Any inspector"), *people, (UNASSIGNED, "Not assigned")]
        self.attribute_fields: dict[str, CaseAttribute] = {}
        for a in attributes.filter_attributes(fw):
            name = a.id if a.id not in self.fields else f"attribute-{a.id}"
            offered = attributes.filter_choices(a, (present or {}).get(a.id, ()))
            self.fields[name] = forms.ChoiceField(
                label=a.label, required=False, choices=[("", "Any"), *offered]
            )
            self.attribute_fields[name] = a

    def apply(self, cases: QuerySet[Case]) -> QuerySet[Case]:
        """The cases that pass every valid filter."""
        self.is_valid()
        chosen = {k: v for k, v in self.cleaned_data.items() if v}
        if chosen.get("inspector") == UNASSIGNED:
            cases = cases.filter(assessor__isnull=True)
        elif "inspector" in chosen:
            cases = cases.filter(assessor_id=int(chosen["inspector"]))
        if "status" in chosen:
            cases = cases.filter(status=chosen["status"])
        for name, a in self.attribute_fields.items():
            if name in chosen:
                cases = attributes.filtered(cases, a, chosen[name])
        return cases


if TYPE_CHECKING:
    _UserChoiceField = forms.ModelChoiceField[User]
else:  # Django's form fields are not subscriptable at run time
    _UserChoiceField = forms.ModelChoiceField


class _InspectorField(_UserChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.get_username()


class AssignForm(forms.Form):
    """Assign a case to one of its inspection's inspectors."""

    assessor = _InspectorField(
        queryset=User.objects.none(), label="Assign to", empty_label="Choose an inspector"
    )

    def __init__(
        self, data: Mapping[str, Any] | None, *, case: Case, inspectors: QuerySet[User]
    ) -> None:
        super().__init__(data, initial={"assessor": case.assessor_id}, auto_id="%s")
        field = self.fields["assessor"]
        assert isinstance(field, _InspectorField)
        field.queryset = inspectors
        field.error_messages = {
            "required": f"Select the inspector to assign case {case.case_id} to",
            "invalid_choice": f"Select one of this inspection's inspectors to assign case "
            f"{case.case_id} to",
        }
