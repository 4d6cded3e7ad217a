"""Admin of letter templates and reply drafts (read mostly; the pages do the work)."""

from __future__ import annotations

from django.contrib import admin

from anliegen.letters.models import DraftVersion, LetterTemplate, ReplyDraft


@admin.register(LetterTemplate)
class LetterTemplateAdmin(admin.ModelAdmin[LetterTemplate]):
    list_display = ["organisation", "kind", "filename", "uploaded_by", "uploaded_at", "active"]
    list_filter = ["organisation", "kind", "active"]
    readonly_fields = ["uploaded_by", "uploaded_at"]
    exclude = ["docx"]


class DraftVersionInline(admin.TabularInline[DraftVersion, ReplyDraft]):
    model = DraftVersion
    extra = 0
    exclude = ["docx"]
    readonly_fields = [
        "number",
        "filename",
        "uploaded_by",
        "created_at",
        "approved",
        "comment",
        "decided_by",
        "decided_at",
    ]
    can_delete = False


@admin.register(ReplyDraft)
class ReplyDraftAdmin(admin.ModelAdmin[ReplyDraft]):
    list_display = ["id", "item", "kind", "state", "created_by", "created_at", "sent_at"]
    list_filter = ["state"]
    readonly_fields = [
        "item",
        "kind",
        "created_by",
        "created_at",
        "state",
        "sent_at",
        "sent_channel",
    ]
    inlines = [DraftVersionInline]
