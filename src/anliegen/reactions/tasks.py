"""Background tasks of customer reactions (Django Tasks API). Tasks take ids."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from anliegen.reactions.models import Reaction

logger = logging.getLogger("anliegen.reactions")


@task()
def send_public_confirmation(reaction_id: int) -> bool:
    """Confirm a reaction sent through the public form to the sender's e-mail address, with its
    reference number (KRM-01). Says nothing about the customer record."""
    reaction = Reaction.objects.select_related("organisation").filter(id=reaction_id).first()
    if reaction is None or not reaction.sender_email:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Your message to %(org)s, reference number %(ref)s") % {
            "org": reaction.organisation.name,
            "ref": reaction.reference,
        }
        body = _(
            "Thank you for your message. We have received it and will examine it.\n\n"
            "Reference number: %(ref)s\n\n"
            "Please quote this number if you contact us about it.\n\n%(org)s"
        ) % {"ref": reaction.reference, "org": reaction.organisation.name}
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [reaction.sender_email])
    except OSError:
        logger.warning("confirmation e-mail for reaction %s failed", reaction_id)
        return False
    return True
