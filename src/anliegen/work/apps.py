from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkConfig(AppConfig):
    name = "anliegen.work"
    label = "work"
    verbose_name = _("Work items")

    def ready(self) -> None:
        from anliegen.work import periodic  # noqa: F401  (registers the periodic jobs)
