from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    name = "anliegen.letters"
    label = "letters"
    verbose_name = _("Letters")

    def ready(self) -> None:
        from anliegen.letters.approvals import APPROVAL_WORK_KIND
        from anliegen.work.kinds import register

        register(APPROVAL_WORK_KIND)

        from anliegen.letters import (
            nav,
            tasks,  # noqa: F401  (registers the periodic retry)
        )

        nav.register()
