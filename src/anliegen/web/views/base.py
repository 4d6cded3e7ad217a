"""Shared plumbing of the staff web UI: organisation scope, domain errors, paging, htmx.

Every organisation page is wrapped by :func:`org_view`. It resolves the actor's
:class:`~anliegen.org.scope.Scope` from the ``org`` slug of the URL (404 for non-members) and
turns the domain errors of actions and scoped getters into responses: ``NotFound`` → 404,
``Forbidden`` → 403, ``InvalidInput``/``Conflict``/``ServiceUnavailable`` that a view did not handle itself → a message
and a redirect back.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, Concatenate, ParamSpec, TypeVar

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.http import HttpResponseClientRedirect

from anliegen.core.errors import Conflict, Forbidden, InvalidInput, NotFound, ServiceUnavailable
from anliegen.org.scope import Scope, get_scope_for

P = ParamSpec("P")
T = TypeVar("T")

OrgView = Callable[Concatenate[HttpRequest, Scope, P], HttpResponse]


def is_htmx(request: HttpRequest) -> bool:
    """True for requests sent by htmx (partial page updates)."""
    return bool(getattr(request, "htmx", False))


def back_url(request: HttpRequest, scope: Scope) -> str:
    """Where to return after a POST: the form's ``next``, else the referring page, else the
    worklist. Only URLs of this site are followed."""
    for candidate in (request.POST.get("next"), request.headers.get("Referer")):
        if candidate and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return candidate
    return resolve_url("web:postkorb", org=scope.organisation.slug)


def redirect(request: HttpRequest, url: str) -> HttpResponse:
    """A redirect that htmx follows as a full page load instead of swapping it into a target."""
    if is_htmx(request):
        return HttpResponseClientRedirect(url)
    return HttpResponseRedirect(url)


def org_view(
    view: Callable[Concatenate[HttpRequest, Scope, P], HttpResponse],
) -> Callable[Concatenate[HttpRequest, str, P], HttpResponse]:
    """Resolve the scope of ``org`` for the logged-in user and translate domain errors."""

    @wraps(view)
    def wrapper(request: HttpRequest, org: str, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            login = redirect_to_login(request.get_full_path())
            return redirect(request, login.url) if is_htmx(request) else login
        try:
            scope = get_scope_for(request.user, org)
        except NotFound as exc:
            raise Http404(exc.message) from None
        request.scope = scope  # type: ignore[attr-defined]  # read by the navigation
        try:
            response = view(request, scope, *args, **kwargs)
        except NotFound as exc:
            raise Http404(exc.message) from None
        except Forbidden as exc:
            raise PermissionDenied(exc.message) from None
        except (Conflict, InvalidInput, ServiceUnavailable) as exc:
            messages.error(request, exc.message)
            response = redirect(request, back_url(request, scope))
        # Every organisation page shows social data (§35 SGB I): keep it out of caches.
        add_never_cache_headers(response)
        return response

    return wrapper


def paginate(
    request: HttpRequest, items: QuerySet[Any], *, per_page: int | None = None
) -> Page[Any]:
    """The requested page (``?page=``) of ``items``; out-of-range pages show the last page."""
    paginator = Paginator(items, per_page or settings.ANLIEGEN_PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))


def apply_errors(form: Any, exc: InvalidInput, *, field_map: dict[str, str] | None = None) -> None:
    """Show an action's ``InvalidInput`` on the form: each ``errors`` entry next to its field
    (renamed through ``field_map``), the message itself at the top if no field matched."""
    field_map = field_map or {}
    placed = False
    for key, text in exc.errors.items():
        name = field_map.get(key, key)
        if name in form.fields:
            form.add_error(name, text)
            placed = True
    if not placed or (exc.message and exc.message not in exc.errors.values()):
        form.add_error(None, exc.message)
