"""Small template helpers of the staff UI: accessible form widgets and traffic lights."""

from __future__ import annotations

from django import template
from django.forms import BoundField
from django.utils.html import format_html
from django.utils.safestring import SafeString

from anliegen.web.forms import LIGHT_LABELS

register = template.Library()


@register.simple_tag
def field_widget(field: BoundField, **attrs: str) -> SafeString:
    """The field's widget, tied to its help text and error message by ``aria-describedby``
    and marked ``aria-invalid`` when it has errors (WCAG 1.3.1, 3.3.1)."""
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}-help")
    if field.errors:
        described.append(f"{field.auto_id}-error")
    widget_attrs: dict[str, str | bool] = dict(attrs)
    if described:
        widget_attrs["aria-describedby"] = " ".join(described)
    if field.errors:
        widget_attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=widget_attrs)


@register.simple_tag
def light(value: str | None) -> SafeString:
    """A traffic light as a coloured dot plus its name: never colour alone (WCAG 1.4.1)."""
    if not value:
        return SafeString("")
    label = LIGHT_LABELS.get(value, value)  # type: ignore[call-overload]
    return format_html(
        '<span class="light light--{}"><span class="light__dot" aria-hidden="true"></span>{}</span>',
        value,
        label,
    )


@register.filter
def light_label(value: str) -> str:
    return str(LIGHT_LABELS.get(value, value))  # type: ignore[call-overload]


@register.filter
def age_today(customer: object, today: object) -> object:
    """The customer's age on ``today`` (derived, never stored: FND-04)."""
    return customer.age_on(today)  # type: ignore[attr-defined]


@register.filter
def state_name(code: str) -> str:
    """The German name of a federal state code (``BB`` → Brandenburg)."""
    from anliegen.fristen import STATE_NAMES

    return STATE_NAMES.get(code, code)
