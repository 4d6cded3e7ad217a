"""Work items, their deadlines, and notifications (FND-07, FND-08, FND-11).

Tickets, reactions, callbacks, processing orders and follow-ups are all rows of one table, so
that every worklist is one indexed query. Each procedure keeps its own details in its own app,
linked one-to-one to its work item.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from anliegen.customers.models import Customer
from anliegen.org.models import Organisation, Team
from anliegen.rules.models import RuleSet


class Kind(models.TextChoices):
    """The kinds the core and the first procedures use. The field itself has no choices: every
    kind (also those added later, e.g. ``approval``) is registered in :mod:`anliegen.work.kinds`,
    which gives its label and its page."""

    TICKET = "ticket", _("ticket")
    REACTION = "reaction", _("customer reaction")
    CALLBACK = "callback", _("callback")
    PROCESSING_ORDER = "processing_order", _("processing order")
    FOLLOW_UP = "follow_up", _("follow-up")
    CONTACT = "contact", _("invitation due")


class Status(models.TextChoices):
    OPEN = "open", _("open")
    DONE = "done", _("completed")
    CANCELLED = "cancelled", _("cancelled")


class Light(models.TextChoices):
    GREEN = "green", _("green")
    AMBER = "amber", _("amber")
    RED = "red", _("red")


class WorkItem(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=20)
    title = models.CharField(_("title"), max_length=200)
    customer = models.ForeignKey(
        Customer, null=True, blank=True, on_delete=models.PROTECT, related_name="work_items"
    )
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="work_items"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="work_items",
        verbose_name=_("responsible"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    priority = models.PositiveSmallIntegerField(_("priority"), default=5)
    received_at = models.DateTimeField(_("received"))
    start_date = models.DateField(_("day of receipt"))
    due_date = models.DateField(_("due"), null=True, blank=True)
    amber_from = models.DateField(_("amber from"), null=True, blank=True)
    visible_from = models.DateField(_("in worklist from"), null=True, blank=True)
    light_notified = models.CharField(max_length=5, blank=True, default="")
    rule_set = models.ForeignKey(
        RuleSet, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="follow_ups"
    )
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["priority", "due_date", "id"]
        verbose_name = _("work item")
        verbose_name_plural = _("work items")
        indexes = [
            # The worklist of a person and of a team: open items in priority/deadline order.
            models.Index(
                fields=["assignee", "priority", "due_date", "id"],
                condition=Q(status="open"),
                name="work_open_by_assignee",
            ),
            models.Index(
                fields=["team", "priority", "due_date", "id"],
                condition=Q(status="open"),
                name="work_open_by_team",
            ),
            # The periodic traffic-light scan.
            models.Index(
                fields=["organisation", "amber_from"],
                condition=Q(status="open"),
                name="work_open_by_amber",
            ),
            models.Index(fields=["customer", "-received_at"], name="work_by_customer"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_kind_display(self) -> str:
        """The kind's German label from the registry (the field has no choices)."""
        from anliegen.work import kinds

        return kinds.label_for(self.kind)

    @property
    def kind_label(self) -> str:
        return self.get_kind_display()


class Deadline(models.Model):
    """One clock of a work item (a reaction has two: acknowledgement and resolution)."""

    item = models.ForeignKey(WorkItem, on_delete=models.CASCADE, related_name="deadlines")
    code = models.CharField(_("deadline"), max_length=30)
    due_date = models.DateField(_("due"))
    amber_from = models.DateField(_("amber from"))
    met_at = models.DateTimeField(_("met"), null=True, blank=True)

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        constraints = [
            models.UniqueConstraint(fields=["item", "code"], name="deadline_code_unique_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.due_date}"


class Notification(models.Model):
    """An in-app notification; e-mailed after commit by a background task (FND-11)."""

    class Kind(models.TextChoices):
        ITEM_ASSIGNED = "item_assigned", _("new item in your worklist")
        ITEM_AMBER = "item_amber", _("item turned amber")
        ITEM_RED = "item_red", _("item is overdue")
        ITEM_COMPLETED = "item_completed", _("item completed")
        APPROVAL_REQUESTED = "approval_requested", _("approval requested")
        FOLLOW_UP_DUE = "follow_up_due", _("follow-up due")
        OVERRUN_FLAGGED = "overrun_flagged", _("repeated deadline overruns")
        REACTION_RECEIVED = "reaction_received", _("customer reaction concerning your work")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    item = models.ForeignKey(
        WorkItem, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    params = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["user", "-created_at"]),
            models.Index(fields=["user"], condition=Q(read_at__isnull=True), name="notif_unread"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.user_id}"


class WorkPreference(models.Model):
    """What a person chose for their worklists: the order per list (kept server-side, so it
    follows them to every device) and whether they get the daily digest (opt-out)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="work_preference"
    )
    sorts = models.JSONField(default=dict, blank=True)
    digest = models.BooleanField(_("daily digest e-mail"), default=True)
    digest_sent_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("worklist preference")
        verbose_name_plural = _("worklist preferences")

    def __str__(self) -> str:
        return str(self.user_id)


class SavedView(models.Model):
    """A saved worklist view: filters plus order, personal (``team`` empty) or shared with a
    team. ``@me`` in the responsible filter means whoever opens the view."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_views"
    )
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.CASCADE, related_name="saved_views"
    )
    name = models.CharField(_("name"), max_length=80)
    filters = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("saved view")
        verbose_name_plural = _("saved views")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "owner", "team", "name"], name="saved_view_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name
