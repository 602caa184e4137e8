"""Django admin for administrators: users, who plays which part in which inspection, and the
inspections' rows with their history.

The assessment itself (cases, answers, judgements, publication) is read-only here: changed
only through the application's pages, so that every change passes the version check, the
decision rules and the published-inspection lock.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from probity.web.inspections.models import (
    Answer,
    Case,
    Inspection,
    Judgement,
    Membership,
    PduViewer,
)


class ReadOnlyHistoryAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    """Rows and their history to read, never to change here."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class MembershipInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Membership
    extra = 1


@admin.register(Inspection)
class InspectionAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    """Who plays which part is changed here; the inspection's data and publication are not
    (``probity import`` loads it; the lead publishes it)."""

    list_display = ("inspection_id", "pdu", "region", "fieldwork_start", "is_published")
    search_fields = ("inspection_id", "pdu", "region")
    inlines = (MembershipInline,)
    exclude = ("published_html",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in Inspection._meta.fields if f.name != "published_html"]


@admin.register(Case)
class CaseAdmin(ReadOnlyHistoryAdmin):
    list_display = ("case_id", "inspection", "case_type", "rosh", "assessor", "status", "version")
    list_filter = ("inspection", "status", "case_type", "rosh")
    search_fields = ("case_id",)
    raw_id_fields = ("assessor", "updated_by")


@admin.register(Answer)
class AnswerAdmin(ReadOnlyHistoryAdmin):
    list_display = ("case", "question_id", "answer", "version")
    list_filter = ("case__inspection",)
    search_fields = ("case__case_id", "question_id")
    raw_id_fields = ("case",)


@admin.register(Judgement)
class JudgementAdmin(ReadOnlyHistoryAdmin):
    list_display = ("inspection", "standard_id", "rating")
    list_filter = ("inspection",)


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ("user", "inspection", "role")
    list_filter = ("role", "inspection")


@admin.register(PduViewer)
class PduViewerAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ("user", "pdu")
