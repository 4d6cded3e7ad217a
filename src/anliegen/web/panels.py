"""Customer-page panels: what procedures show on the customer record (extension points).

A procedure registers a panel from its ``AppConfig.ready()``: a template and a function that
returns the template's context for one customer, or ``None`` when the panel has nothing to show
for this viewer. The customer page renders the panels in ``order``; it never imports a procedure.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.http import HttpRequest

    from anliegen.customers.models import Customer
    from anliegen.org.scope import Scope

PanelContext = Callable[["HttpRequest", "Scope", "Customer"], Mapping[str, Any] | None]


@dataclass(frozen=True)
class CustomerPanel:
    code: str
    template: str
    context: PanelContext
    order: int = 100


@dataclass(frozen=True)
class RenderedPanel:
    code: str
    template: str
    context: Mapping[str, Any]


_PANELS: dict[str, CustomerPanel] = {}


def register_customer_panel(panel: CustomerPanel) -> CustomerPanel:
    existing = _PANELS.get(panel.code)
    if existing is not None and existing != panel:
        raise ValueError(f"customer panel {panel.code!r} is already registered")
    _PANELS[panel.code] = panel
    return panel


def customer_panels(request: HttpRequest, scope: Scope, customer: Customer) -> list[RenderedPanel]:
    """The panels that have something to show on this customer's page, in order."""
    rendered = []
    for panel in sorted(_PANELS.values(), key=lambda p: (p.order, p.code)):
        context = panel.context(request, scope, customer)
        if context is not None:
            rendered.append(RenderedPanel(panel.code, panel.template, context))
    return rendered
