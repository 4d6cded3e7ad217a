from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactsConfig(AppConfig):
    name = "anliegen.contacts"
    label = "contacts"
    verbose_name = _("Contact density")

    def ready(self) -> None:
        from anliegen.contacts import periodic  # noqa: F401  (registers the periodic jobs)
        from anliegen.contacts.work_kinds import register_kinds

        register_kinds()  # work-item kind: page, actions (issue 9)
        from anliegen.contacts.panels import NEXT_CONTACT_PANEL
        from anliegen.web.panels import register_customer_panel

        register_customer_panel(NEXT_CONTACT_PANEL)
