"""URLs of the customer reaction pages (``/o/<org>/reaktionen/…``) and the public form
(``/portal/<org>/anliegen/``), namespace ``reactions``."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from anliegen.reactions import views, views_public

app_name = "reactions"

org = "o/<slug:org>/reaktionen/"
one = org + "<int:reaction_id>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(org, views.reaction_list, name="list"),
    path(org + "neu/", views.reaction_create, name="create"),
    path(org + "eingang/<int:reaction_id>/", views.reaction_receipt, name="receipt"),
    path(org + "vorgang/<int:item_id>/", views.item_reaction, name="item"),
    path(one, views.reaction_detail, name="detail"),
    path(one + "anhang/<int:attachment_id>/", views.attachment_download, name="attachment"),
    path(one + "<slug:name>/", views.reaction_action, name="action"),
    path("portal/<slug:org>/anliegen/", views_public.public_form, name="public_form"),
    path("portal/<slug:org>/anliegen/danke/", views_public.public_thanks, name="public_thanks"),
]
