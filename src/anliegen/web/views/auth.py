"""Login, logout, and the way into an organisation (FND-01, NFR-05)."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from anliegen.org.models import User
from anliegen.org.scope import Scope, organisations_for
from anliegen.web.views.base import org_view


class LoginView(auth_views.LoginView):
    """Django's login (throttled by django-axes) with the German template."""

    template_name = "registration/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """Logout by POST only (a link could be triggered by any page)."""


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """``/``: the worklist of the user's first organisation."""
    user: User = request.user  # type: ignore[assignment]
    organisation = organisations_for(user).first()
    if organisation is None:
        return render(request, "web/no_organisation.html", status=403)
    return redirect("web:postkorb", org=organisation.slug)


@login_required
def switch_org(request: HttpRequest) -> HttpResponse:
    """The organisation switcher of the header (a GET form, works without JavaScript)."""
    user: User = request.user  # type: ignore[assignment]
    slug = request.GET.get("org", "")
    if not organisations_for(user).filter(slug=slug).exists():
        raise Http404(_("Organisation not found."))
    return redirect("web:postkorb", org=slug)


@org_view
def org_home(request: HttpRequest, scope: Scope) -> HttpResponse:
    return redirect("web:postkorb", org=scope.organisation.slug)
