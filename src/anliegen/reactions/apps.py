from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReactionsConfig(AppConfig):
    name = "anliegen.reactions"
    label = "reactions"
    verbose_name = _("Customer reactions")

    def ready(self) -> None:
        from anliegen.letters.kinds import register_letter_kind
        from anliegen.reactions.letters.kinds import ACKNOWLEDGEMENT_LETTER, REPLY_LETTER
        from anliegen.reactions.panels import REACTIONS_PANEL
        from anliegen.web.panels import register_customer_panel

        register_letter_kind(ACKNOWLEDGEMENT_LETTER)
        register_letter_kind(REPLY_LETTER)
        register_customer_panel(REACTIONS_PANEL)

        from anliegen.reactions import nav, search

        nav.register()
        search.register()

        from anliegen.reactions.work_kinds import register_kinds

        register_kinds()  # work-item kind: page, actions (issue 9)
