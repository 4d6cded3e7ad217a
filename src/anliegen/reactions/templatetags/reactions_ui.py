"""Template tags of customer reactions for other apps' pages (the customer timeline, KRM-09)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from anliegen.reactions.queries import reactions_visible_to

register = template.Library()


@register.simple_tag(takes_context=True)
def reaction_link(context: dict[str, Any], entry: Any) -> SafeString:
    """A link from a history entry to its reaction, only for those who may see the reaction
    (complaints about conduct and petitions: management and its office only)."""
    request = context.get("request")
    scope = getattr(request, "scope", None)
    if scope is None or getattr(entry, "ref_type", "") != "reactions.reaction" or not entry.ref_id:
        return SafeString("")
    if not reactions_visible_to(scope).filter(id=entry.ref_id).exists():
        return SafeString("")
    url = reverse("reactions:detail", args=[scope.organisation.slug, entry.ref_id])
    return format_html(
        '<a class="timeline__action" href="{}">{}</a>', url, _("Open the customer reaction")
    )
