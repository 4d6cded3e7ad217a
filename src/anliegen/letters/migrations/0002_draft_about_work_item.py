"""Drafts refer to the work item they are about instead of ``reactions.Reaction`` (issue 10): the
letters service knows no procedure. Existing drafts keep their rows; each gets its reaction's
work item and the kind ``reaction_reply``. Letter kinds come from the registry, so the template's
``kind`` loses its fixed choices. Approval requests (KRM-08) become work items."""

import django.db.models.deletion
from django.db import migrations, models


def drafts_to_items(apps, schema_editor):
    ReplyDraft = apps.get_model("letters", "ReplyDraft")
    Reaction = apps.get_model("reactions", "Reaction")
    items = dict(Reaction.objects.values_list("id", "item_id"))
    for draft in ReplyDraft.objects.all().only("id", "reaction_id"):
        ReplyDraft.objects.filter(id=draft.id).update(
            item_id=items[draft.reaction_id], kind="reaction_reply"
        )


def items_to_drafts(apps, schema_editor):
    ReplyDraft = apps.get_model("letters", "ReplyDraft")
    Reaction = apps.get_model("reactions", "Reaction")
    reactions = dict(Reaction.objects.values_list("item_id", "id"))
    for draft in ReplyDraft.objects.all().only("id", "item_id"):
        ReplyDraft.objects.filter(id=draft.id).update(reaction_id=reactions[draft.item_id])


class Migration(migrations.Migration):

    dependencies = [
        ("letters", "0001_initial"),
        ("reactions", "0002_ui_attachments_management"),
        ("work", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="replydraft",
            name="item",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="letter_drafts",
                to="work.workitem",
            ),
        ),
        migrations.AddField(
            model_name="replydraft",
            name="kind",
            field=models.CharField(default="reaction_reply", max_length=30, verbose_name="kind"),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="replydraft",
            name="reaction",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="reply_drafts",
                to="reactions.reaction",
            ),
        ),
        migrations.RunPython(drafts_to_items, items_to_drafts),
        migrations.AlterModelOptions(
            name="replydraft",
            options={
                "ordering": ["item", "id"],
                "verbose_name": "reply draft",
                "verbose_name_plural": "reply drafts",
            },
        ),
        migrations.RemoveField(model_name="replydraft", name="reaction"),
        migrations.AlterField(
            model_name="replydraft",
            name="item",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="letter_drafts",
                to="work.workitem",
            ),
        ),
        migrations.AlterField(
            model_name="lettertemplate",
            name="kind",
            field=models.CharField(max_length=30, verbose_name="kind"),
        ),
        migrations.CreateModel(
            name="DraftApproval",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "draft",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="approvals",
                        to="letters.replydraft",
                    ),
                ),
                (
                    "item",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="draft_approval",
                        to="work.workitem",
                    ),
                ),
            ],
            options={
                "verbose_name": "approval request",
                "verbose_name_plural": "approval requests",
                "ordering": ["draft", "id"],
            },
        ),
    ]
