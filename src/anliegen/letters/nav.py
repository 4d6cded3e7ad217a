"""Navigation entry of the letter templates (issue 9 defect 4, issue 10); ``visible`` is
``letter_templates.may_manage_templates``, the check of the page."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from anliegen.org.scope import Scope
from anliegen.web.navigation import NavEntry, register_nav_entry


def _may_manage_templates(scope: Scope) -> bool:
    from anliegen.letters.letter_templates import may_manage_templates

    return may_manage_templates(scope)


def register() -> None:
    register_nav_entry(
        NavEntry(
            "briefvorlagen",
            _("Letter templates"),
            "letters:templates",
            _may_manage_templates,
            order=85,
        )
    )
