"""Rule sets in the admin (FND-09): versions are never edited. "Add" creates a new version
through ``rules.actions.create_rule_version``, validated against the family's schema; a stored
version offers a link to start the next version from its values."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from pydantic import ValidationError

from anliegen.core import clock
from anliegen.rules.actions import create_rule_version
from anliegen.rules.models import RuleSet
from anliegen.rules.queries import preset
from anliegen.rules.schemas import SCHEMAS


class RuleVersionForm(forms.ModelForm):
    key = forms.ChoiceField(label=_("rule family"), choices=[(key, key) for key in SCHEMAS])

    class Meta:
        model = RuleSet
        fields = ("organisation", "key", "valid_from", "data", "note")

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        key, data = cleaned.get("key"), cleaned.get("data")
        if key in SCHEMAS and data is not None:
            try:
                SCHEMAS[key].model_validate(data)
            except ValidationError as exc:
                messages = [
                    f"{'.'.join(str(p) for p in err['loc']) or key}: {err['msg']}"
                    for err in exc.errors()
                ]
                self.add_error("data", messages)
        return cleaned


@admin.register(RuleSet)
class RuleSetAdmin(admin.ModelAdmin):
    form = RuleVersionForm
    list_display = (
        "organisation",
        "key",
        "version",
        "valid_from",
        "note",
        "created_by",
        "created_at",
    )
    list_filter = ("organisation", "key")
    ordering = ("organisation", "key", "-version")
    readonly_fields = ("new_version",)

    def get_fields(self, request: HttpRequest, obj: RuleSet | None = None) -> list[str]:  # type: ignore[override]
        if obj is None:
            return ["organisation", "key", "valid_from", "data", "note"]
        return [
            "organisation",
            "key",
            "version",
            "valid_from",
            "data",
            "note",
            "created_by",
            "created_at",
            "new_version",
        ]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("next version"))
    def new_version(self, obj: RuleSet) -> SafeString:
        url = reverse("admin:rules_ruleset_add") + f"?from={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, _("Create a new version from these rules"))

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        initial: dict[str, Any] = dict(super().get_changeform_initial_data(request))
        source = RuleSet.objects.filter(pk=request.GET.get("from") or 0).first()
        if source is not None:
            initial.update(organisation=source.organisation_id, key=source.key, data=source.data)
        elif initial.get("key") in SCHEMAS:
            initial["data"] = preset(str(initial["key"])).model_dump(mode="json")
        initial.setdefault("valid_from", clock.today())
        return initial

    def save_model(self, request: HttpRequest, obj: RuleSet, form: Any, change: bool) -> None:
        """Store the new version through the action (audited, numbered), never by ``save()``."""
        created = create_rule_version(
            actor=request.user,  # type: ignore[arg-type]
            scope=None,
            organisation=obj.organisation,
            key=obj.key,
            data=obj.data,
            valid_from=obj.valid_from,
            note=obj.note,
        )
        obj.pk = created.pk
        obj.version = created.version
        obj.created_by = created.created_by
        obj.created_at = created.created_at
