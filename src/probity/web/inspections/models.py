"""The tables of an inspection, one model per table of the core's bundle.

Field names are the bundle's column names. Rows of a table are kept in the bundle's order
(``position``) so that an inspection exported gives back the bundle imported. No rating logic
lives here: each model only maps to and from its record of :mod:`probity.bundle.model`
(``from_domain`` / ``to_domain``); :mod:`probity.web.inspections.mapping` does whole bundles.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from probity.bundle import model as core

# The app's models kept in modules of their own, imported here so that Django finds them.
from probity.web.inspections import (  # noqa: F401
    audit,
    erasure,
    report_check,
    report_review,
    sample,
    throttle,
    tokens,
)
from probity.web.inspections.organisations import Organisation, OrganisationKind
from probity.web.inspections.report_review import ReportStageChoice

USER = settings.AUTH_USER_MODEL


class Inspection(models.Model):
    """One inspection (the bundle's ``inspection`` table)."""

    inspection_id = models.CharField(max_length=200, unique=True)
    # The organisation inspected (the framework names its column and says how to call it).
    organisation = models.CharField(max_length=200)
    region = models.CharField(max_length=200, null=True, blank=True)
    # The unit inspected, as a record; ``organisation`` and ``region`` keep its name and its
    # region's (:func:`probity.web.inspections.organisations.place`). Empty only for an
    # inspection made outside the import.
    unit = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspections",
        limit_choices_to={"kind": OrganisationKind.UNIT},
    )
    framework = models.CharField(max_length=200)
    # The SHA-256 of the framework file the inspection is recorded under (its text is kept in
    # a FrameworkVersion); blank until recorded (inspections stored before it was).
    framework_hash = models.CharField(max_length=64, blank=True, default="")
    fieldwork_start = models.DateField()
    fieldwork_end = models.DateField()
    published = models.DateField(null=True, blank=True)
    lead_inspector = models.CharField(max_length=200, null=True, blank=True)
    cases_interviewed = models.PositiveIntegerField(null=True, blank=True)
    # The report's ISBN-13 (printed in its front matter) and the language of its headings
    # (blank: English).
    isbn = models.CharField(max_length=20, null=True, blank=True)
    language = models.CharField(max_length=8, null=True, blank=True)
    # Web state, not bundle data: the organisation's viewers see an inspection only once it is
    # published, and nothing in it can be changed after that.
    is_published = models.BooleanField(default=False)
    # Where the report stands before publication (the workflow's ReportStage).
    report_stage = models.CharField(
        max_length=20, choices=ReportStageChoice.choices, default=ReportStageChoice.DRAFT
    )
    # Whether the lead chose to include the disproportionality chapter in the report.
    disproportionality = models.BooleanField(default=False)
    # The report as published, kept so that what its readers see never changes afterwards.
    published_html = models.TextField(null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["published_html"], use_base_model_db=True)

    def __str__(self) -> str:
        return str(self.inspection_id)

    @classmethod
    def from_domain(cls, record: core.Inspection) -> Inspection:
        values = _values(record)
        values["framework_hash"] = record.framework_hash or ""
        return cls(**values)

    def to_domain(self) -> core.Inspection:
        values = _fields(self, core.Inspection)
        values["framework_hash"] = self.framework_hash or None
        return core.Inspection(**values)


class FrameworkVersion(models.Model):
    """The exact text of a framework file an inspection was recorded under, by its SHA-256:
    an inspection is rated under this text, whatever the file installed now says."""

    framework_id = models.CharField(max_length=200)
    content_hash = models.CharField(max_length=64, unique=True)
    text = models.TextField()
    recorded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.framework_id} ({self.content_hash[:12]})"


class _Row(models.Model):
    """A row of one of an inspection's tables, in the bundle's order."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField()

    class Meta:
        abstract = True
        ordering = ("position",)


def _unique(name: str, *fields: str) -> list[models.BaseConstraint]:
    return [
        models.UniqueConstraint(fields=("inspection", "position"), name=f"{name}_position"),
        models.UniqueConstraint(fields=("inspection", *fields), name=f"{name}_key"),
    ]


class SampleWindow(_Row):
    """A period in which sampled sentences and licences commenced."""

    start = models.DateField()
    end = models.DateField()

    class Meta(_Row.Meta):
        constraints = _unique("sample_window", "start")

    @classmethod
    def from_domain(cls, record: core.SampleWindow, **row: Any) -> SampleWindow:
        return cls(**_values(record), **row)

    def to_domain(self) -> core.SampleWindow:
        return core.SampleWindow(**_fields(self, core.SampleWindow))


class CaseStatus(models.TextChoices):
    """Where a case stands in the inspection's work (the workflow's
    :class:`probity.workflow.model.CaseState`)."""

    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    SUBMITTED = "submitted", "Submitted"
    RETURNED = "returned", "Returned"
    QUALITY_ASSURED = "quality_assured", "Quality assured"


class Case(_Row):
    """An inspected case. ``attributes`` holds the facts the framework's case profile declares,
    by attribute id, as the bundle's validation typed them (text, true or false, a number, or
    null). ``version`` grows by one at every change (for the concurrent-edit check of the case
    form); ``updated_by`` and ``updated_at`` say who made the last one.

    ``inspector`` is the bundle's label for the assessor; ``assessor`` is the user the lead
    inspector assigned the case to (only they may edit it).
    """

    case_id = models.CharField(max_length=100)
    attributes = models.JSONField(default=dict)
    inspector = models.CharField(max_length=200)
    version = models.PositiveIntegerField(default=1)
    status = models.CharField(
        max_length=20, choices=CaseStatus.choices, default=CaseStatus.NOT_STARTED
    )
    assessor = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="assessed_cases"
    )
    updated_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["position"], use_base_model_db=True)

    class Meta(_Row.Meta):
        constraints = _unique("case", "case_id")

    def __str__(self) -> str:
        return str(self.case_id)

    @classmethod
    def from_domain(cls, record: core.Case, **row: Any) -> Case:
        values = _values(record)
        values["attributes"] = dict(record.attributes)
        return cls(**values, **row)

    def to_domain(self) -> core.Case:
        values = _fields(self, core.Case)
        values["attributes"] = dict(self.attributes)
        return core.Case(**values)


class CaseEvent(models.Model):
    """A step in a case's work (the workflow's :class:`probity.workflow.model.CaseEvent`): what
    was done, by whom, when, from and to which state, and the reason where the step asks for
    one (a return, a drop…). Kept in the order the steps were taken."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=100)
    by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    from_state = models.CharField(max_length=20, choices=CaseStatus.choices)
    to_state = models.CharField(max_length=20, choices=CaseStatus.choices)
    reason = models.TextField(null=True, blank=True)

    class Meta:
        ordering = ("at", "pk")

    def __str__(self) -> str:
        return f"{self.case} – {self.action}"


class Answer(models.Model):
    """One answer on one key question or prompt of one case. ``position`` is its place among
    all the inspection's answers; ``version`` grows by one at every change."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="answers")
    position = models.PositiveIntegerField()
    question_id = models.CharField(max_length=50)
    answer = models.CharField(max_length=50)
    note = models.TextField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords(excluded_fields=["position"], use_base_model_db=True)

    class Meta:
        ordering = ("position",)
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=("case", "question_id"), name="answer_key"),
        ]

    @classmethod
    def from_domain(cls, record: core.Answer, *, case: Case, position: int) -> Answer:
        values = _values(record)
        del values["case_id"]  # the case's own id, not this row's foreign key
        return cls(**values, case=case, position=position)

    def to_domain(self, case_id: str) -> core.Answer:
        return core.Answer(
            case_id=case_id, question_id=self.question_id, answer=self.answer, note=self.note
        )


class SecondAnswer(models.Model):
    """A second look at one answer of one case (the bundle's ``second_answers``): another
    inspector's answer, given blind or in a review, with their note and the reason for a
    review's disagreement; ``resolved`` is the answer in force once the two are reconciled
    (the first answer is kept as it was), with who resolved it and when. ``inspector`` is the
    bundle's label for the second inspector, as a case's is for its assessor."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="second_answers")
    position = models.PositiveIntegerField()
    question_id = models.CharField(max_length=50)
    answer = models.CharField(max_length=50)
    note = models.TextField(null=True, blank=True)
    inspector = models.CharField(max_length=200)
    mode = models.CharField(max_length=20)
    reason = models.TextField(null=True, blank=True)
    resolved = models.CharField(max_length=50, null=True, blank=True)
    resolved_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords(excluded_fields=["position"], use_base_model_db=True)

    class Meta:
        ordering = ("position",)
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=("case", "question_id", "inspector"), name="second_answer_key"
            ),
        ]

    @classmethod
    def from_domain(cls, record: core.SecondAnswer, *, case: Case, position: int) -> SecondAnswer:
        values = _values(record)
        del values["case_id"]  # the case's own id, not this row's foreign key
        return cls(**values, case=case, position=position)

    def to_domain(self, case_id: str) -> core.SecondAnswer:
        values = _fields(self, core.SecondAnswer)
        values["case_id"] = case_id
        return core.SecondAnswer(**values)


class SecondLookRequest(models.Model):
    """A case marked by the lead for a blind second assessment by a named inspector of the
    team (who then may not read its answers until done): who asked and when, and when the
    second assessment was done (None: still open)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="second_look_requests")
    inspector = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("requested_at", "pk")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=("case", "inspector"), name="second_look_request_key"),
        ]


class Judgement(_Row):
    """The inspectors' judgement on a standard of domain one."""

    standard_id = models.CharField(max_length=20)
    rating = models.CharField(max_length=50)
    evidence = models.TextField(null=True, blank=True)
    # Grows by one at every change, for the concurrent-edit check of the judgement page.
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords(excluded_fields=["position"], use_base_model_db=True)

    class Meta(_Row.Meta):
        constraints = _unique("judgement", "standard_id")

    @classmethod
    def from_domain(cls, record: core.Judgement, **row: Any) -> Judgement:
        return cls(**_values(record), **row)

    def to_domain(self) -> core.Judgement:
        return core.Judgement(**_fields(self, core.Judgement))


class StaffingFigure(_Row):
    """One staffing figure; ``value`` None means not available."""

    section = models.CharField(max_length=100)
    measure = models.TextField()
    value = models.FloatField(null=True, blank=True)
    unit = models.CharField(max_length=50)
    ref = models.CharField(max_length=100, null=True, blank=True)
    source = models.TextField(null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["position"], use_base_model_db=True)

    class Meta(_Row.Meta):
        constraints = _unique("staffing", "section", "measure")

    @classmethod
    def from_domain(cls, record: core.StaffingFigure, **row: Any) -> StaffingFigure:
        return cls(**_values(record), **row)

    def to_domain(self) -> core.StaffingFigure:
        return core.StaffingFigure(**_fields(self, core.StaffingFigure))


class SurveyResult(_Row):
    """A survey result: positive out of respondents."""

    survey = models.CharField(max_length=100)
    question = models.TextField()
    respondents = models.PositiveIntegerField()
    positive = models.PositiveIntegerField()
    ref = models.CharField(max_length=100, null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["position"], use_base_model_db=True)

    class Meta(_Row.Meta):
        constraints = _unique("survey", "survey", "question")

    @classmethod
    def from_domain(cls, record: core.SurveyResult, **row: Any) -> SurveyResult:
        return cls(**_values(record), **row)

    def to_domain(self) -> core.SurveyResult:
        return core.SurveyResult(**_fields(self, core.SurveyResult))


class Recommendation(_Row):
    """A recommendation: this inspection's, or a previous one with the progress found."""

    kind = models.CharField(max_length=50)
    number = models.PositiveIntegerField()
    text = models.TextField()
    addressed_to = models.TextField(null=True, blank=True)
    source = models.TextField(null=True, blank=True)
    source_date = models.DateField(null=True, blank=True)
    findings = models.TextField(null=True, blank=True)
    progress = models.TextField(null=True, blank=True)
    improvement_required = models.BooleanField(null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["position"], use_base_model_db=True)

    class Meta(_Row.Meta):
        constraints = _unique("recommendation", "kind", "number")

    @classmethod
    def from_domain(cls, record: core.Recommendation, **row: Any) -> Recommendation:
        return cls(**_values(record), **row)

    def to_domain(self) -> core.Recommendation:
        return core.Recommendation(**_fields(self, core.Recommendation))


class PracticeExample(_Row):
    """A practice example, under a pseudonym."""

    standard_id = models.CharField(max_length=20)
    kind = models.CharField(max_length=50)
    text = models.TextField()
    pseudonym = models.CharField(max_length=200, null=True, blank=True)
    case_id = models.CharField(max_length=100, null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["position"], use_base_model_db=True)

    class Meta(_Row.Meta):
        constraints = _unique("practice_example")[:1]

    @classmethod
    def from_domain(cls, record: core.PracticeExample, **row: Any) -> PracticeExample:
        return cls(**_values(record), **row)

    def to_domain(self) -> core.PracticeExample:
        return core.PracticeExample(**_fields(self, core.PracticeExample))


class NarrativeParagraph(_Row):
    """A paragraph of the report's words, or one strength or area for improvement."""

    section = models.CharField(max_length=100)
    part = models.CharField(max_length=100)
    text = models.TextField()
    heading = models.TextField(null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["position"], use_base_model_db=True)

    class Meta(_Row.Meta):
        constraints = _unique("narrative")[:1]

    @classmethod
    def from_domain(cls, record: core.NarrativeParagraph, **row: Any) -> NarrativeParagraph:
        return cls(**_values(record), **row)

    def to_domain(self) -> core.NarrativeParagraph:
        return core.NarrativeParagraph(**_fields(self, core.NarrativeParagraph))


class GlossaryTerm(_Row):
    """A term the report explains in Annexe four, besides the framework's glossary."""

    term = models.CharField(max_length=200)
    definition = models.TextField()

    history = HistoricalRecords(excluded_fields=["position"], use_base_model_db=True)

    class Meta(_Row.Meta):
        constraints = _unique("glossary")[:1]

    @classmethod
    def from_domain(cls, record: core.GlossaryTerm, **row: Any) -> GlossaryTerm:
        return cls(**_values(record), **row)

    def to_domain(self) -> core.GlossaryTerm:
        return core.GlossaryTerm(**_fields(self, core.GlossaryTerm))


class Part(models.TextChoices):
    """A user's part in one inspection (the workflow's :class:`probity.workflow.model.Part`).
    A viewer of one inspection reads it once published, as the viewers of its unit do."""

    LEAD = "lead", "Lead inspector"
    INSPECTOR = "inspector", "Inspector"
    VIEWER = "viewer", "Viewer"


class Membership(models.Model):
    """A user's part in one inspection (administrators need none)."""

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="memberships")
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="members")
    role = models.CharField(max_length=20, choices=Part.choices)
    # For an inspector: the sections of the report's words the lead gave them to write.
    report_sections = models.JSONField(default=list, blank=True)

    history = HistoricalRecords(use_base_model_db=True)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=("user", "inspection"), name="membership_key"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.inspection}"


def _values(record: object) -> dict[str, Any]:
    """A record's fields by name (the model's field names are the record's)."""
    return {name: getattr(record, name) for name in core.field_names(type(record))}


def _fields(row: models.Model, record_type: type) -> dict[str, Any]:
    """A row's values for the fields of a record type."""
    return {name: getattr(row, name) for name in core.field_names(record_type)}
