"""``/portal/<org>/rueckruf/``: customers book a callback without a login (SOC-05).

Step 1 asks for the name, the customer number or the date of birth, the phone number and the
purpose; the name must match the customer with that number or date of birth, else a neutral
message that does not tell whether such a customer exists. Step 2 offers the free times of the
customer's OS team (the same ``callback_slots.free_times`` the staff see); the booking goes
through ``callbacks.actions.book_callback`` with ``source=portal``. The thank-you page and the ``.ics``
download work only with the signed token of that booking.

Spam protection as on the public form of customer reactions (``web.public_forms``): honeypot,
minimum fill time, and a rate limit per IP address that counts every identity check, so
guessing customers is slow.
"""

from __future__ import annotations

import unicodedata
import uuid
from typing import Any

from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.csrf import csrf_protect

from anliegen.core import clock
from anliegen.core.errors import Conflict, InvalidInput
from anliegen.customers.models import Customer
from anliegen.org.models import Organisation
from anliegen.servicecenter import queries
from anliegen.servicecenter.callbacks import actions as callbacks
from anliegen.servicecenter.callbacks import checks
from anliegen.servicecenter.callbacks.booking_views import days_with_times, purpose_label, when
from anliegen.servicecenter.callbacks.forms import PortalForm, PortalTimeForm
from anliegen.servicecenter.callbacks.models import ACTIVE_STATUSES, Callback, Source
from anliegen.servicecenter.callbacks.views import ics_response
from anliegen.web.public_forms import FormGuard

SALT = "anliegen.servicecenter.portal"
GUARD = FormGuard(salt=SALT, group="servicecenter.portal", rate="10/h")
NO_SERVICE = gettext_noop(
    "We cannot offer an online callback for your place of residence. Please call us."
)
#: How long step 2 may take after the identity check.
TICKET_SECONDS = 30 * 60


def _organisation(org: str) -> Organisation:
    organisation = Organisation.objects.filter(
        slug=org, kind=Organisation.Kind.SERVICE_CENTRE
    ).first()
    if organisation is None:
        raise Http404(_("Organisation not found."))
    return organisation


def _normal(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold().replace(",", " ")
    return " ".join(text.replace("ß", "ss").split())


def name_matches(customer: Customer, name: str) -> bool:
    """ "Jana Beispiel", "Beispiel Jana" and "Beispiel, Jana" all match Jana Beispiel."""
    given = _normal(name)
    first, last = _normal(customer.first_name), _normal(customer.last_name)
    return bool(last) and given in (f"{first} {last}", f"{last} {first}")


def identify(organisation: Organisation, data: dict[str, Any]) -> Customer | None:
    """The customer whose name matches, found by customer number or else date of birth."""
    customers = Customer.objects.filter(organisation=organisation)
    number = (data.get("customer_number") or "").strip()
    if number:
        candidates = list(customers.filter(customer_number=number)[:1])
    else:
        candidates = list(customers.filter(birth_date=data["birth_date"])[:50])
    matches = [c for c in candidates if name_matches(c, data["name"])]
    return matches[0] if len(matches) == 1 else None


def _respond(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    response = render(request, f"servicecenter/portal/{template}", context, status=status)
    add_never_cache_headers(response)
    return response


def _step1(
    request: HttpRequest,
    organisation: Organisation,
    form: PortalForm,
    *,
    status: int = 200,
    token: str = "",
    error: str = "",
) -> HttpResponse:
    return _respond(
        request,
        "form.html",
        {
            "organisation": organisation,
            "form": form,
            "error": error,
            "token": token or GUARD.issue_token(organisation),
        },
        status,
    )


def _step2(
    request: HttpRequest,
    organisation: Organisation,
    ticket: dict[str, Any],
    signed: str,
    form: PortalTimeForm | None = None,
    status: int = 200,
) -> HttpResponse:
    customer = Customer.objects.get(id=ticket["customer"], organisation=organisation)
    service = queries.service_of_customer(customer)
    times = (
        days_with_times(service.inbox_team, ticket["purpose"], clock.today(), days=5)
        if service
        else []
    )
    return _respond(
        request,
        "times.html",
        {
            "organisation": organisation,
            "ticket": signed,
            "purpose": purpose_label(ticket["purpose"], organisation),
            "phone": ticket["phone"],
            "times": times,
            "form": form,
            "chosen": form.data.get("start", "") if form is not None else "",
        },
        status,
    )


@csrf_protect
def portal(request: HttpRequest, org: str) -> HttpResponse:
    organisation = _organisation(org)
    if request.method != "POST":
        return _step1(request, organisation, PortalForm())
    if "ticket" in request.POST:
        return _book(request, organisation)
    form = PortalForm(request.POST)
    token = GUARD.first_render_token(request.POST.get("token", ""), organisation)
    if GUARD.used_up(request, count=False):
        form.is_valid()
        form.add_error(
            None, _("Too many requests were sent from your connection. Please try again later.")
        )
        return _step1(request, organisation, form, status=429, token=token)
    if not form.is_valid():
        return _step1(request, organisation, form, status=422, token=token)
    problem = GUARD.problem(
        request,
        organisation,
        honeypot=form.cleaned_data["website"],
        token=form.cleaned_data["token"],
    )
    if problem:
        form.add_error(None, problem)
        return _step1(request, organisation, form, status=422, token=token)
    GUARD.used_up(request, count=True)  # every identity check counts
    data = form.cleaned_data
    customer = identify(organisation, data)
    if customer is None:
        form.add_error(
            None,
            _(
                "We could not match your details. Please check your name and your customer "
                "number or date of birth, or call us."
            ),
        )
        return _step1(request, organisation, form, status=422, token=token)
    if queries.service_of_customer(customer) is None:
        form.add_error(None, _(NO_SERVICE))
        return _step1(request, organisation, form, status=422, token=token)
    ticket = {
        "org": organisation.slug,
        "customer": customer.id,
        "purpose": data["purpose"],
        "phone": data["phone"],
        "email": data["email"],
        "key": uuid.uuid4().hex,
    }
    return _step2(request, organisation, ticket, signing.dumps(ticket, salt=SALT + ".ticket"))


def _book(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    form = PortalTimeForm(request.POST)
    try:
        ticket = signing.loads(
            request.POST.get("ticket", ""), salt=SALT + ".ticket", max_age=TICKET_SECONDS
        )
        if ticket["org"] != organisation.slug:
            raise signing.BadSignature
    except (signing.BadSignature, KeyError, TypeError):
        return _refused(
            request, organisation, _("Your entries have expired. Please fill in the form again.")
        )
    signed = request.POST["ticket"]
    if not form.is_valid():
        return _step2(request, organisation, ticket, signed, form, status=422)
    customer = Customer.objects.get(id=ticket["customer"], organisation=organisation)
    service = queries.service_of_customer(customer)
    if service is None:
        return _refused(request, organisation, _(NO_SERVICE))
    start = form.cleaned_data["start"]
    try:
        callback = callbacks.book_callback(
            organisation=organisation,
            team=service.inbox_team,
            purpose=ticket["purpose"],
            start=start,
            customer=customer,
            phone=ticket["phone"],
            email=ticket["email"],
            source=Source.PORTAL,
            actor=None,
            idempotency_key=f"portal-{ticket['key']}",
            request_hash=checks.request_hash(
                team=service.inbox_team_id,
                purpose=ticket["purpose"],
                start=start,
                customer_number=customer.customer_number,
                phone=ticket["phone"],
            ),
        )
    except (InvalidInput, Conflict) as exc:
        form.add_error("start", exc.message)
        return _step2(
            request,
            organisation,
            ticket,
            signed,
            form,
            status=409 if isinstance(exc, Conflict) else 422,
        )
    token = signing.dumps(callback.id, salt=SALT + ".booking")
    url = reverse("servicecenter:portal_thanks", args=[organisation.slug])
    return HttpResponseRedirect(f"{url}?{urlencode({'t': token})}")


def _refused(request: HttpRequest, organisation: Organisation, message: str) -> HttpResponse:
    return _step1(request, organisation, PortalForm(), status=422, error=message)


def _booking(request: HttpRequest, organisation: Organisation) -> Callback:
    """The booking the signed token names (no other)."""
    try:
        callback_id = signing.loads(request.GET.get("t", ""), salt=SALT + ".booking")
        return Callback.objects.select_related("organisation").get(
            id=int(callback_id), organisation=organisation
        )
    except (signing.BadSignature, Callback.DoesNotExist, TypeError, ValueError):
        raise Http404(_("Booking not found.")) from None


def thanks(request: HttpRequest, org: str) -> HttpResponse:
    organisation = _organisation(org)
    callback = _booking(request, organisation)
    return _respond(
        request,
        "thanks.html",
        {
            "organisation": organisation,
            "callback": callback,
            "when": when(callback),
            "purpose": purpose_label(callback.purpose),
            "active": callback.status in ACTIVE_STATUSES,
            "token": request.GET.get("t", ""),
        },
    )


def portal_ics(request: HttpRequest, org: str) -> HttpResponse:
    organisation = _organisation(org)
    response = ics_response(_booking(request, organisation))
    add_never_cache_headers(response)
    return response
