"""``/portal/<org>/anliegen/``: the public form for customer reactions, without login (KRM-01).

Spam protection (``web.public_forms``): a honeypot field, a signed render time (at least 3
seconds, at most 2 hours before sending) and a rate limit per IP address. Only accepted messages
count against the limit.
"""

from __future__ import annotations

from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect

from anliegen.core.errors import InvalidInput
from anliegen.org.models import Organisation
from anliegen.reactions import actions
from anliegen.reactions.forms import PublicReactionForm
from anliegen.web.public_forms import FormGuard
from anliegen.web.views.base import apply_errors

SALT = "anliegen.reactions.public-form"
GUARD = FormGuard(salt=SALT, group="reactions.public", rate="5/h")


def _organisation(org: str) -> Organisation:
    organisation = Organisation.objects.filter(slug=org).first()
    if organisation is None:
        raise Http404(_("Organisation not found."))
    return organisation


def issue_token(organisation: Organisation) -> str:
    return GUARD.issue_token(organisation)


def _render(
    request: HttpRequest,
    organisation: Organisation,
    form: PublicReactionForm,
    status: int = 200,
    token: str | None = None,
) -> HttpResponse:
    response = render(
        request,
        "reactions/public/form.html",
        {"organisation": organisation, "form": form, "token": token or issue_token(organisation)},
        status=status,
    )
    add_never_cache_headers(response)
    return response


@csrf_protect
def public_form(request: HttpRequest, org: str) -> HttpResponse:
    organisation = _organisation(org)
    if request.method != "POST":
        return _render(request, organisation, PublicReactionForm())
    form = PublicReactionForm(request.POST, request.FILES)
    token = GUARD.first_render_token(request.POST.get("token", ""), organisation)
    if GUARD.used_up(request, count=False):
        form.is_valid()
        form.add_error(
            None, _("Too many messages were sent from your connection. Please try again later.")
        )
        return _render(request, organisation, form, status=429, token=token)
    if not form.is_valid():
        return _render(request, organisation, form, status=422, token=token)
    if form.cleaned_data["website"]:
        form.add_error(None, _("Your message could not be sent. Please try again."))
        return _render(request, organisation, form, status=422, token=token)
    problem = GUARD.token_problem(form.cleaned_data["token"], organisation)
    if problem:
        form.add_error(None, problem)
        return _render(request, organisation, form, status=422, token=token)
    upload = form.cleaned_data.get("attachment")
    try:
        reaction = actions.record_public_reaction(
            organisation=organisation,
            kind=form.cleaned_data["kind"],
            text=form.cleaned_data["text"],
            sender_name=form.cleaned_data["sender_name"],
            sender_email=form.cleaned_data["sender_email"],
            sender_address=form.cleaned_data["sender_address"],
            customer_number=form.cleaned_data["customer_number"],
            files=[upload] if upload else [],
        )
    except InvalidInput as exc:
        apply_errors(form, exc)
        return _render(request, organisation, form, status=422, token=token)
    GUARD.used_up(request, count=True)  # only accepted messages count against the limit
    signed = signing.dumps(reaction.reference, salt=SALT + ".ref")
    url = reverse("reactions:public_thanks", args=[organisation.slug])
    return HttpResponseRedirect(f"{url}?{urlencode({'ref': signed})}")


def public_thanks(request: HttpRequest, org: str) -> HttpResponse:
    organisation = _organisation(org)
    try:
        reference = signing.loads(request.GET.get("ref", ""), salt=SALT + ".ref", max_age=3600)
    except signing.BadSignature:
        reference = None
    response = render(
        request,
        "reactions/public/thanks.html",
        {"organisation": organisation, "reference": reference},
    )
    add_never_cache_headers(response)
    return response
