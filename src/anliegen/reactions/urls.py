"""URLs of the customer reaction pages (``/o/<org>/reaktionen/…``) and the public form
(``/portal/<org>/anliegen/``), namespace ``reactions``."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from anliegen.reactions import views, views_public
from anliegen.reactions.letters import views as letter_views

app_name = "reactions"

org = "o/<slug:org>/reaktionen/"
one = org + "<int:reaction_id>/"
letters = one + "briefe/"
draft = letters + "entwuerfe/<int:draft_id>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(org, views.reaction_list, name="list"),
    path(org + "neu/", views.reaction_create, name="create"),
    path(org + "eingang/<int:reaction_id>/", views.reaction_receipt, name="receipt"),
    path(org + "vorgang/<int:item_id>/", views.item_reaction, name="item"),
    path(one, views.reaction_detail, name="detail"),
    path(one + "anhang/<int:attachment_id>/", views.attachment_download, name="attachment"),
    # Closing a petition (KRM-02), the petition's way to finish its work item.
    path(
        one + "petition/erledigen/",
        views.reaction_action,
        {"name": "petition"},
        name="petition_close",
    ),
    path(one + "<slug:name>/", views.reaction_action, name="action"),
    # The letters block (KRM-05, KRM-08).
    path(
        letters + "eingangsbestaetigung.docx",
        letter_views.acknowledgement_word,
        name="acknowledgement_docx",
    ),
    path(
        letters + "eingangsbestaetigung.pdf",
        letter_views.acknowledgement_as_pdf,
        name="acknowledgement_pdf",
    ),
    path(
        letters + "eingangsbestaetigung/versandt/",
        letter_views.acknowledgement_sent,
        name="acknowledgement_sent",
    ),
    path(letters + "entwuerfe/", letter_views.draft_create, name="draft_create"),
    path(draft + "fassungen/", letter_views.draft_version, name="draft_version"),
    path(
        draft + "fassungen/<int:number>.docx",
        letter_views.draft_version_download,
        name="draft_version_docx",
    ),
    path(draft + "einreichen/", letter_views.draft_submit, name="draft_submit"),
    path(draft + "entscheiden/", letter_views.draft_decide, name="draft_decide"),
    path(draft + "versandt/", letter_views.draft_sent, name="draft_sent"),
    path("portal/<slug:org>/anliegen/", views_public.public_form, name="public_form"),
    path("portal/<slug:org>/anliegen/danke/", views_public.public_thanks, name="public_thanks"),
]
