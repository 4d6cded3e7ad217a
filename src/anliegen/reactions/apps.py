from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReactionsConfig(AppConfig):
    name = "anliegen.reactions"
    label = "reactions"
    verbose_name = _("Customer reactions")

    def ready(self) -> None:
        from anliegen.reactions.work_kinds import register_kinds

        register_kinds()  # work-item kind: page, actions (issue 9)
