"""The HTTP API at ``/api/v1/`` (FND-12), part of the shell: assembles the apps' routers; auth and
:mod:`anliegen.api.auth` and :mod:`anliegen.api.problems`."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Schema

from anliegen.api.auth import TokenAuth
from anliegen.api.base import AnliegenAPI
from anliegen.api.problems import PROBLEM_BASE, PROBLEM_TYPES, error_responses
from anliegen.appointments.api import router as appointments_router
from anliegen.contacts.api import router as contacts_router
from anliegen.contacts.dashboard_api import router as contact_dashboard_router
from anliegen.core.errors import NotFound
from anliegen.customers.api import router as customers_router
from anliegen.org.api import router as org_router
from anliegen.quality.api import router as quality_router
from anliegen.quality.service_api import router as quality_services_router
from anliegen.quality.survey_api import router as survey_router
from anliegen.reactions.api import router as reactions_router
from anliegen.reactions.letters.api import router as reaction_letters_router
from anliegen.reactions.report_api import router as reaction_reports_router
from anliegen.rules.api import router as rules_router
from anliegen.servicecenter.api import router as servicecenter_router
from anliegen.servicecenter.callbacks.api import router as callback_router
from anliegen.servicecenter.callbacks.places_api import router as service_places_router
from anliegen.servicecenter.kpis.api import router as servicecenter_kpi_router
from anliegen.servicecenter.staffing.api import public as staffing_calculator_router
from anliegen.servicecenter.staffing.api import router as staffing_router
from anliegen.tickets.api import router as tickets_router
from anliegen.work.api import calculator as calculator_router
from anliegen.work.api import router as work_router

DESCRIPTION = """\
The interface of anliegen for telephony, the BA portal, reporting tools and acceptance checks.

* **Authentication:** `Authorization: Bearer <token>`; a token is created with
  `manage.py api_token USERNAME`. Only `GET /deadlines` and `GET /staffing` answer without a
  token.
* **Errors** are `application/problem+json` (RFC 9457) with a German `detail`; invalid input
  (422) lists German messages per field in `errors` and changes nothing. An object the caller
  may not see is a 404, an action they may not take on a visible object a 403.
* **Organisation-scoped** resources live under `/orgs/{org}/`, `{org}` being the slug.
* Dates are `YYYY-MM-DD`. Datetimes are ISO 8601 strings only (no Unix timestamps), in the
  years 2000–2100, with an offset of at most ±14:00; answers carry the Berlin offset. A datetime
  sent without an offset is wall time in Europe/Berlin: in the ambiguous hour of the autumn
  switch the first occurrence (+02:00), in the missing hour of the spring switch the offset
  before the switch (+01:00, so 02:30 is 03:30 summer time) — as for appointments.
* **Input limits:** texts hold no control characters (tab and line breaks only in request
  bodies), whole numbers lie between -2147483648 and 2147483647, a body without files is at
  most 2.5 MB (413 above). Refused input is a 422 on every database, and nothing is changed.
"""

api = AnliegenAPI(
    title="anliegen API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=TokenAuth(),
)

api.add_router("", calculator_router)
api.add_router("", staffing_calculator_router)
api.add_router("", org_router)
api.add_router("", customers_router)
api.add_router("", work_router)
api.add_router("", rules_router)
api.add_router("", tickets_router)
api.add_router("", reaction_reports_router)  # before …/reactions/{reaction_id}
api.add_router("", reactions_router)
api.add_router("", reaction_letters_router)
api.add_router("", contacts_router)
api.add_router("", contact_dashboard_router)
api.add_router("", appointments_router)
api.add_router("", quality_router)
api.add_router("", survey_router)
api.add_router("", quality_services_router)
api.add_router("", servicecenter_router)
api.add_router("", staffing_router)
api.add_router("", callback_router)
api.add_router("", service_places_router)
api.add_router("", servicecenter_kpi_router)


class ProblemType(Schema):
    type: str
    title: str
    status: int


@api.get(
    "/problems/{code}",
    auth=None,
    response={200: ProblemType, **error_responses(404)},
    tags=["errors"],
    summary="What a problem type means",
)
def problem_type(request: HttpRequest, code: str) -> ProblemType:
    if code not in PROBLEM_TYPES:
        raise NotFound()
    status, title = PROBLEM_TYPES[code]
    return ProblemType(type=PROBLEM_BASE + code, title=str(title), status=status)
