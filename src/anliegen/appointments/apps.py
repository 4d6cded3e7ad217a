from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppointmentsConfig(AppConfig):
    name = "anliegen.appointments"
    label = "appointments"
    verbose_name = _("Appointments")

    def ready(self) -> None:
        from anliegen.appointments import nav

        nav.register()

        from anliegen.appointments.panels import APPOINTMENTS_PANEL
        from anliegen.web.panels import register_customer_panel

        register_customer_panel(APPOINTMENTS_PANEL)
