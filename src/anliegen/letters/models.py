"""Letters: the organisations' Word templates (KRM-05, KON-06) and drafts that are approved before
they are sent (KRM-08, *Schlusszeichnung*). The kinds of letters come from the registry
:mod:`anliegen.letters.kinds`; a draft belongs to a work item (its subject), never to a
procedure's model."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from anliegen.letters.kinds import letter_kind
from anliegen.org.models import Organisation
from anliegen.work.models import WorkItem


class LetterTemplate(models.Model):
    """An uploaded ``.docx`` template of one kind. The newest row of an organisation and kind is
    the one in use (``active``); older versions are kept. Without an active row the shipped
    default applies."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    #: A code of the letter-kind registry (``letters.kinds``).
    kind = models.CharField(_("kind"), max_length=30)
    docx = models.BinaryField(_("Word document"))
    filename = models.CharField(_("file name"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"))
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["organisation", "kind", "-uploaded_at", "-id"]
        verbose_name = _("letter template")
        verbose_name_plural = _("letter templates")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind"],
                condition=models.Q(active=True),
                name="letter_template_one_active",
            )
        ]

    def __str__(self) -> str:
        spec = letter_kind(self.kind)
        return f"{spec.label if spec else self.kind}: {self.filename}"


class DraftState(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted for approval")
    RETURNED = "returned", _("returned")
    APPROVED = "approved", _("approved")
    SENT = "sent", _("sent")


class SendChannel(models.TextChoices):
    LETTER = "letter", _("letter")
    FAX = "fax", _("fax")
    EMAIL = "email", _("e-mail")


class ReplyDraft(models.Model):
    """A letter that goes out only after approval (KRM-08): a reply to a customer reaction, or
    any other kind whose registration carries an approval policy. ``item`` is the work item the
    letter is about (its subject); ``kind`` the letter kind that says who writes and approves."""

    item = models.ForeignKey(WorkItem, on_delete=models.CASCADE, related_name="letter_drafts")
    kind = models.CharField(_("kind"), max_length=30)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"))
    state = models.CharField(
        _("state"), max_length=10, choices=DraftState.choices, default=DraftState.DRAFT
    )
    sent_at = models.DateField(_("sent"), null=True, blank=True)
    sent_channel = models.CharField(
        _("sent by"), max_length=10, choices=SendChannel.choices, blank=True
    )

    class Meta:
        ordering = ["item", "id"]
        verbose_name = _("reply draft")
        verbose_name_plural = _("reply drafts")

    def __str__(self) -> str:
        return f"Draft {self.pk} of item {self.item_id}"


class DraftVersion(models.Model):
    """One version of a reply draft; every version is kept (KRM-08)."""

    draft = models.ForeignKey(ReplyDraft, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    docx = models.BinaryField(_("Word document"))
    filename = models.CharField(_("file name"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"))
    comment = models.TextField(_("reviewer's comment"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    approved = models.BooleanField(_("approved"), null=True, blank=True)

    class Meta:
        ordering = ["draft", "number"]
        verbose_name = _("draft version")
        verbose_name_plural = _("draft versions")
        constraints = [
            models.UniqueConstraint(fields=["draft", "number"], name="draft_version_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.draft_id} v{self.number}"


class DraftApproval(models.Model):
    """An approval request: the work item in one approver's Postkorb (kind ``approval``) asking
    them to decide on a submitted draft; completed when the draft is decided (KRM-08)."""

    draft = models.ForeignKey(ReplyDraft, on_delete=models.CASCADE, related_name="approvals")
    item = models.OneToOneField(WorkItem, on_delete=models.CASCADE, related_name="draft_approval")

    class Meta:
        ordering = ["draft", "id"]
        verbose_name = _("approval request")
        verbose_name_plural = _("approval requests")

    def __str__(self) -> str:
        return f"Approval of draft {self.draft_id} ({self.item_id})"


class PdfBatch(models.Model):
    """Letters converted into one PDF by the background worker (issue 21), e.g. the 30–60
    invitations of a weekly plan: the Word documents wait here (a ZIP, in order) until the worker
    has made the PDF. Only the person who asked for it sees it."""

    class State(models.TextChoices):
        PENDING = "pending", _("being prepared")
        DONE = "done", _("ready")
        FAILED = "failed", _("failed")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    #: A code of the letter-kind registry (``letters.kinds``).
    kind = models.CharField(_("kind"), max_length=30)
    title = models.CharField(_("title"), max_length=200)
    filename = models.CharField(_("file name"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("created"))
    letters = models.PositiveIntegerField(_("letters"))
    documents = models.BinaryField(_("Word documents (ZIP)"))
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    pdf = models.BinaryField(_("PDF"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("PDF batch")
        verbose_name_plural = _("PDF batches")
        indexes = [models.Index(fields=["state", "created_at"], name="pdf_batch_state_created")]

    def __str__(self) -> str:
        return f"{self.title} ({self.letters})"
