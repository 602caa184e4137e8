"""Django admin for administrators: users, the organisations, the roles users hold, who plays
which part in which inspection, and the inspections' rows with their history.

The assessment itself (cases, answers, judgements, publication) is read-only here: changed
only through the application's pages, so that every change passes the version check, the
decision rules and the published-inspection lock. So are the records kept for the audit (case
events, sample draws and changes, exports, invitations, API tokens, whose hashes are not
shown); an API token can only be revoked.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from probity.framework.models import CaseAttribute
from probity.web.inspections import account_admin as account_admin  # registers the users
from probity.web.inspections import attributes, organisations, tokens
from probity.web.inspections.audit import AuditEvent, ExportRecord, Invitation
from probity.web.inspections.erasure import Erasure
from probity.web.inspections.frameworks import framework_of
from probity.web.inspections.models import (
    Answer,
    Case,
    CaseEvent,
    FrameworkVersion,
    Inspection,
    Judgement,
    Membership,
    SecondAnswer,
    SecondLookRequest,
)
from probity.web.inspections.organisations import Organisation, UserRole
from probity.web.inspections.sample import SampleChange, SampleDraw
from probity.web.inspections.tokens import ApiToken


class ReadOnlyHistoryAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    """Rows and their history to read, never to change here."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Records kept for the audit: to read, never to add, change or delete here."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AttributeFilter(admin.SimpleListFilter):
    """Cases by one value of an attribute their framework offers as a filter (``id=value``);
    the choices are those of the frameworks of the inspections stored."""

    title = "attribute"
    parameter_name = "attribute"

    def _attributes(self) -> dict[str, CaseAttribute]:
        found: dict[str, CaseAttribute] = {}
        seen: set[str] = set()
        for inspection in Inspection.objects.order_by("pk"):
            if inspection.framework_hash and inspection.framework_hash in seen:
                continue
            fw = framework_of(inspection)
            seen.add(fw.content_hash)
            for a in attributes.filter_attributes(fw):
                found.setdefault(a.id, a)
        return found

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [
            (f"{a.id}={value}", f"{a.label}: {words}")
            for a in self._attributes().values()
            for value, words in attributes.filter_choices(a)
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        chosen = self.value()
        if not chosen or "=" not in chosen:
            return queryset
        attribute_id, _, value = chosen.partition("=")
        a = self._attributes().get(attribute_id)
        if a is None or value not in dict(attributes.filter_choices(a)):
            return queryset
        return attributes.filtered(queryset, a, value)


class MembershipInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Membership
    extra = 1


@admin.register(Inspection)
class InspectionAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    """Who plays which part is changed here; the inspection's data and publication are not
    (``probity import`` loads it; the lead publishes it)."""

    list_display = ("inspection_id", "organisation", "region", "fieldwork_start", "is_published")
    search_fields = ("inspection_id", "organisation", "region")
    inlines = (MembershipInline,)
    exclude = ("published_html",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in Inspection._meta.fields if f.name != "published_html"]


@admin.register(Case)
class CaseAdmin(ReadOnlyHistoryAdmin):
    """The cases, filtered by the attributes their inspection's framework offers as filters
    (:class:`AttributeFilter`); their attributes are listed as their framework labels them."""

    list_display = ("case_id", "inspection", "described", "assessor", "status", "version")
    list_filter = ("inspection", "status", AttributeFilter)
    search_fields = ("case_id",)
    raw_id_fields = ("assessor", "updated_by")

    @admin.display(description="Attributes")
    def described(self, case: Case) -> str:
        fw = framework_of(case.inspection)
        return "; ".join(
            f"{a.label}: {a.value_label(case.attributes.get(a.id))}"
            for a in fw.case_profile.attributes
            if a.listed
        )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Case]:
        return super().get_queryset(request).select_related("inspection")  # type: ignore[no-any-return]


@admin.register(Answer)
class AnswerAdmin(ReadOnlyHistoryAdmin):
    list_display = ("case", "question_id", "answer", "version")
    list_filter = ("case__inspection",)
    search_fields = ("case__case_id", "question_id")
    raw_id_fields = ("case",)


@admin.register(SecondAnswer)
class SecondAnswerAdmin(ReadOnlyHistoryAdmin):
    list_display = ("case", "question_id", "inspector", "mode", "answer", "resolved")
    list_filter = ("mode", "case__inspection")
    search_fields = ("case__case_id", "question_id", "inspector")
    raw_id_fields = ("case", "resolved_by")


@admin.register(Judgement)
class JudgementAdmin(ReadOnlyHistoryAdmin):
    list_display = ("inspection", "standard_id", "rating")
    list_filter = ("inspection",)


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ("user", "inspection", "role")
    list_filter = ("role", "inspection")


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    """The inspectorate, its regions and units. A slug, once given, stays; a new name or
    region is carried to the unit's inspections (their ``organisation`` and ``region``)."""

    list_display = ("name", "kind", "parent", "slug")
    list_filter = ("kind",)
    search_fields = ("name", "slug")
    list_select_related = ("parent",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return ("slug",) if obj is not None else ()

    def save_model(
        self, request: HttpRequest, obj: Organisation, form: ModelForm[Organisation], change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        if change and {"name", "parent"} & set(form.changed_data):
            organisations.rename_followed(obj)


@admin.register(UserRole)
class UserRoleAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    """The roles users hold; a viewer's is of a unit or a region."""

    list_display = ("user", "role", "organisation")
    list_filter = ("role",)
    search_fields = ("user__username", "organisation__name")
    list_select_related = ("user", "organisation")


@admin.register(CaseEvent)
class CaseEventAdmin(ReadOnlyAdmin):
    list_display = ("case", "action", "from_state", "to_state", "by", "at")
    list_filter = ("case__inspection", "action")
    search_fields = ("case__case_id", "reason")
    list_select_related = ("case", "by")


@admin.register(SecondLookRequest)
class SecondLookRequestAdmin(ReadOnlyAdmin):
    list_display = ("case", "inspector", "requested_by", "requested_at", "done_at")
    list_filter = ("case__inspection",)
    search_fields = ("case__case_id",)
    list_select_related = ("case", "inspector", "requested_by")


@admin.register(SampleDraw)
class SampleDrawAdmin(ReadOnlyAdmin):
    list_display = ("inspection", "size", "seed", "by", "at")
    list_filter = ("inspection",)


@admin.register(SampleChange)
class SampleChangeAdmin(ReadOnlyAdmin):
    list_display = ("inspection", "case_id", "kind", "by", "at")
    list_filter = ("inspection", "kind")
    search_fields = ("case_id", "reason")


@admin.register(ExportRecord)
class ExportRecordAdmin(ReadOnlyAdmin):
    list_display = ("inspection", "format", "by", "at")
    list_filter = ("inspection", "format")


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "kind", "subject", "by", "actor", "inspection_label")
    list_filter = ("kind",)
    search_fields = ("subject", "actor", "inspection_label")


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ("email", "user", "invited_by", "inspection", "at")
    search_fields = ("email", "user__username")


@admin.register(Erasure)
class ErasureAdmin(ReadOnlyAdmin):
    """Each case's personal data erased: the record only (``probity erase``, ``probity
    retention``)."""

    list_display = ("inspection_id", "case_id", "kind", "by", "at")
    list_filter = ("kind",)
    search_fields = ("inspection_id", "case_id")


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    """Users' API tokens, without their hashes; they may only be revoked here."""

    list_display = ("user", "name", "prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("user__username", "name", "prefix")
    exclude = ("key_hash",)
    actions = ("revoke",)

    @admin.action(description="Revoke the selected API tokens")
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        revoked = tokens.revoke(queryset)
        self.message_user(request, f"{revoked} API token(s) revoked.", messages.SUCCESS)


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """The framework texts inspections are recorded under: to read, never to change."""

    list_display = ("framework_id", "content_hash", "recorded_at")
    readonly_fields = ("framework_id", "content_hash", "text", "recorded_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
