from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkConfig(AppConfig):
    name = "anliegen.work"
    label = "work"
    verbose_name = _("Work items")

    def ready(self) -> None:
        from anliegen.work import digest, periodic  # noqa: F401  (registers the periodic jobs)
        from anliegen.work.work_kinds import register_core_kinds

        register_core_kinds()
