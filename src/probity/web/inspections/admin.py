"""Django admin for administrators: users, who plays which part in which inspection, and the
inspections' rows with their history."""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from probity.web.inspections.models import (
    Answer,
    Case,
    Inspection,
    Judgement,
    Membership,
    PduViewer,
)


class MembershipInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Membership
    extra = 1


@admin.register(Inspection)
class InspectionAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ("inspection_id", "pdu", "region", "fieldwork_start", "is_published")
    search_fields = ("inspection_id", "pdu", "region")
    inlines = (MembershipInline,)


@admin.register(Case)
class CaseAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ("case_id", "inspection", "case_type", "rosh", "assessor", "status", "version")
    list_filter = ("inspection", "status", "case_type", "rosh")
    search_fields = ("case_id",)
    raw_id_fields = ("assessor", "updated_by")


@admin.register(Answer)
class AnswerAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ("case", "question_id", "answer", "version")
    list_filter = ("case__inspection",)
    search_fields = ("case__case_id", "question_id")
    raw_id_fields = ("case",)


@admin.register(Judgement)
class JudgementAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ("inspection", "standard_id", "rating")
    list_filter = ("inspection",)


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ("user", "inspection", "role")
    list_filter = ("role", "inspection")


@admin.register(PduViewer)
class PduViewerAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ("user", "pdu")
