from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServiceCenterConfig(AppConfig):
    name = "anliegen.servicecenter"
    label = "servicecenter"
    verbose_name = _("Service centre (SOC-L)")

    def ready(self) -> None:
        from anliegen.letters.kinds import register_letter_kind
        from anliegen.servicecenter.callbacks.messages import LETTER as CALLBACK_LETTER
        from anliegen.servicecenter.panels import SERVICE_CENTRE_PANEL
        from anliegen.servicecenter.plugins import (
            CALLBACK_KIND,
            NAV_ENTRIES,
            PROCESSING_ORDER_KIND,
        )
        from anliegen.web.navigation import register_nav_entry
        from anliegen.web.panels import register_customer_panel
        from anliegen.work.kinds import register

        register(PROCESSING_ORDER_KIND)
        register(CALLBACK_KIND)
        # The callback letter; importing callback_messages registers its periodic retry job.
        register_letter_kind(CALLBACK_LETTER)
        register_customer_panel(SERVICE_CENTRE_PANEL)
        for entry in NAV_ENTRIES:
            register_nav_entry(entry)
