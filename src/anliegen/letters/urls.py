"""URLs of namespace ``letters``: the organisation's letter templates and the letters of a
customer reaction (KRM-05, KRM-08)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from anliegen.letters import views

app_name = "letters"

org = "o/<slug:org>/"
letters = org + "reaktionen/<int:reaction_id>/briefe/"
draft = letters + "entwuerfe/<int:draft_id>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(org + "briefvorlagen/", views.template_list, name="templates"),
    path(org + "briefvorlagen/<str:kind>/vorlage.docx", views.template_download, name="template"),
    path(org + "briefvorlagen/<str:kind>/standard/", views.template_revert, name="template_revert"),
    path(
        letters + "eingangsbestaetigung.docx",
        views.acknowledgement_word,
        name="acknowledgement_docx",
    ),
    path(
        letters + "eingangsbestaetigung.pdf",
        views.acknowledgement_as_pdf,
        name="acknowledgement_pdf",
    ),
    path(
        letters + "eingangsbestaetigung/versandt/",
        views.acknowledgement_sent,
        name="acknowledgement_sent",
    ),
    path(letters + "entwuerfe/", views.draft_create, name="draft_create"),
    path(draft + "fassungen/", views.draft_version, name="draft_version"),
    path(
        draft + "fassungen/<int:number>.docx",
        views.draft_version_download,
        name="draft_version_docx",
    ),
    path(draft + "einreichen/", views.draft_submit, name="draft_submit"),
    path(draft + "entscheiden/", views.draft_decide, name="draft_decide"),
    path(draft + "versandt/", views.draft_sent, name="draft_sent"),
]
