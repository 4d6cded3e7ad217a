from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactsConfig(AppConfig):
    name = "anliegen.contacts"
    label = "contacts"
    verbose_name = _("Contact density")

    def ready(self) -> None:
        """Contact density plugs in through the extension points (architecture): the customer
        panel, the customer-change hook (KON-02), the invitation letter (KON-06), the length of
        its appointments (KON-05) and the links of a booked appointment."""
        from anliegen.appointments.lengths import register_length_policy
        from anliegen.appointments.links import register_appointment_links
        from anliegen.contacts import nav, periodic  # noqa: F401  (periodic registers the jobs)
        from anliegen.contacts.actions import on_customer_changed
        from anliegen.contacts.invitations import INVITATION_KIND
        from anliegen.contacts.panels import NEXT_CONTACT_PANEL
        from anliegen.contacts.plan_links import appointment_links, consultation_minutes
        from anliegen.contacts.work_kinds import register_kinds
        from anliegen.customers.hooks import on_customer_changed as subscribe
        from anliegen.letters.kinds import register_letter_kind
        from anliegen.web.panels import register_customer_panel

        register_customer_panel(NEXT_CONTACT_PANEL)
        subscribe(on_customer_changed)
        register_letter_kind(INVITATION_KIND)
        register_length_policy(consultation_minutes)
        register_appointment_links(appointment_links)
        nav.register()
        register_kinds()  # work-item kind: page, actions (issue 9)
