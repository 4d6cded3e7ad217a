from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    name = "anliegen.quality"
    label = "quality"
    verbose_name = _("Quality standards")

    def ready(self) -> None:
        from anliegen.quality import registrations

        registrations.register_all()
