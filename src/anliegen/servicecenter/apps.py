from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServiceCenterConfig(AppConfig):
    name = "anliegen.servicecenter"
    label = "servicecenter"
    verbose_name = _("Service centre (SOC-L)")

    def ready(self) -> None:
        from anliegen.servicecenter.plugins import NAV_ENTRIES, PROCESSING_ORDER_KIND
        from anliegen.web.navigation import register_nav_entry
        from anliegen.work.kinds import register

        register(PROCESSING_ORDER_KIND)
        for entry in NAV_ENTRIES:
            register_nav_entry(entry)
