"""URLs of namespace ``letters``: the organisation's letter templates and the approval page of a
draft (KRM-08). The letters of a procedure (a customer reaction's acknowledgement and reply
drafts) are served by the procedure's own URLs."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from anliegen.letters import views

app_name = "letters"

org = "o/<slug:org>/"
approval = org + "freigaben/<int:draft_id>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(org + "briefvorlagen/", views.template_list, name="templates"),
    path(org + "briefvorlagen/<str:kind>/vorlage.docx", views.template_download, name="template"),
    path(org + "briefvorlagen/<str:kind>/standard/", views.template_revert, name="template_revert"),
    path(approval, views.approval_detail, name="approval"),
    path(approval + "fassungen/<int:number>.docx", views.approval_version, name="approval_version"),
    path(approval + "entscheiden/", views.approval_decide, name="approval_decide"),
    path(org + "briefe/pdf/<int:batch_id>/", views.batch_detail, name="batch"),
    path(org + "briefe/pdf/<int:batch_id>/briefe.pdf", views.batch_pdf, name="batch_pdf"),
]
