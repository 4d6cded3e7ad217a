"""Forms of the letter pages (templates, drafts and their approval, KRM-08). They only parse
input; checks with German messages live in :mod:`anliegen.letters.validation` and the actions."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from anliegen.letters.models import SendChannel


class TemplateUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Word document (.docx)"),
        help_text=_("At most 5 MB. Placeholders in double curly braces, e.g. {{ customer_name }}."),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".docx,application/vnd.openxmlformats-officedocument."
                "wordprocessingml.document"
            }
        ),
    )


class DraftUploadForm(forms.Form):
    file = forms.FileField(label=_("Word document (.docx)"), required=False)


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea)


class DraftSentForm(forms.Form):
    channel = forms.ChoiceField(label=_("Sent by"), choices=SendChannel.choices)
    date = forms.DateField(label=_("Sent on"), widget=forms.DateInput(attrs={"type": "date"}))
