from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppointmentsConfig(AppConfig):
    name = "anliegen.appointments"
    label = "appointments"
    verbose_name = _("Appointments")

    def ready(self) -> None:
        # TEMPORARY until the contacts branch is merged: contact density registers the
        # ``contact_invitation`` letter kind from ``contacts/apps.py`` there; until then it is
        # registered here with the existing default template (letters/defaults).
        from pathlib import Path

        import anliegen.letters
        from anliegen.letters.kinds import LetterKindSpec, register_letter_kind

        def invitation_sample() -> dict[str, object]:
            return {
                "customer_name": "Erika Mustermann",
                "address_lines": ["Musterstraße 1", "12345 Musterstadt"],
                "customer_number": "K12345",
                "reference": "T-1",
                "appointment_date": "Dienstag, 01.12.2026",
                "appointment_time": "09:00",
                "place": "Hauptstraße 1, Raum 101",
                "case_worker": "Max Beispiel",
            }

        defaults = Path(anliegen.letters.__file__).resolve().parent / "defaults"
        register_letter_kind(
            LetterKindSpec(
                code="contact_invitation",
                label=_("invitation to an appointment"),
                default_template=defaults / "contact_invitation.docx",
                sample_context=invitation_sample,
            )
        )

        from anliegen.appointments import nav

        nav.register()
