from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TicketsConfig(AppConfig):
    name = "anliegen.tickets"
    label = "tickets"
    verbose_name = _("Service-centre tickets")

    def ready(self) -> None:
        from anliegen.tickets import (
            nav,
            periodic,  # noqa: F401  (registers the periodic jobs)
            search,
        )
        from anliegen.tickets.work_kinds import register_kinds

        nav.register()
        search.register()
        register_kinds()  # work-item kind: page, actions (issue 9)
