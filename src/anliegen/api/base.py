"""The API object: German problem+json for every error, local docs, no CDN (FND-12)."""

from __future__ import annotations

import json
import mimetypes
from collections.abc import Callable
from functools import partial, wraps
from pathlib import Path
from typing import Any

import ninja
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    JsonResponse,
)
from django.http.response import HttpResponseNotAllowed
from django.shortcuts import render
from django.urls import URLPattern, URLResolver, path, re_path
from django.utils import translation
from ninja import NinjaAPI
from ninja.openapi.docs import DocsBase
from ninja.openapi.schema import OpenAPISchema

from anliegen.api.inputs import LOCAL_TIME_PATTERN, harden
from anliegen.api.problems import (
    PROBLEM_CONTENT_TYPE,
    install_handlers,
    method_not_allowed,
    not_found,
)

#: Swagger UI as shipped inside the ninja package: served by the API itself, never from a CDN.
ASSET_DIR = Path(ninja.__file__).resolve().parent / "static" / "ninja"
ASSETS = frozenset(
    {"swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-init.js", "favicon.svg", "favicon.png"}
)
API_LANGUAGE = "de"


class LocalSwagger(DocsBase):
    """Swagger UI from local assets (ninja's own template falls back to a CDN unless the
    ``ninja`` app is installed). No validator badge: it would call validator.swagger.io."""

    settings: dict[str, Any] = {
        "layout": "BaseLayout",
        "deepLinking": True,
        "validatorUrl": None,
        "persistAuthorization": False,
        "tryItOutEnabled": False,
    }

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        openapi_url = self.get_openapi_url(api, kwargs)
        settings = json.dumps({**self.settings, "url": openapi_url}).replace("</", "<\\/")
        root = api.get_root_path(kwargs)
        return render(
            request,
            "api/docs.html",
            {
                "api": api,
                "openapi_url": openapi_url,
                "assets": f"{root}docs/assets/",
                "swagger_settings": settings,
            },
        )


def docs_asset(request: HttpRequest, name: str) -> HttpResponseBase:
    if name not in ASSETS:
        return not_found(request)
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse((ASSET_DIR / name).open("rb"), content_type=content_type)
    response["Cache-Control"] = "public, max-age=86400"
    return response


def api_index(request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
    """``GET /api/v1/``: where the OpenAPI document and the docs are."""
    root = api.get_root_path(kwargs)
    return JsonResponse(
        {
            "title": api.title,
            "version": api.version,
            "openapi": f"{root}openapi.json",
            "docs": f"{root}docs",
        }
    )


def _german(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Run the view in German (the contract promises German ``detail``) and turn ninja's plain
    405 into problem+json."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        with translation.override(API_LANGUAGE):
            try:
                response = view(request, *args, **kwargs)
            except Http404:
                return not_found(request)
            if isinstance(response, HttpResponseNotAllowed):
                allowed = [m.strip() for m in response["Allow"].split(",") if m.strip()]
                return method_not_allowed(request, allowed)
        return response

    return wrapper


def _unknown_route(request: HttpRequest, rest: str = "") -> HttpResponse:
    with translation.override(API_LANGUAGE):
        return not_found(request)


_unknown_route.csrf_exempt = True  # type: ignore[attr-defined]


def _local_times(node: Any) -> None:
    if isinstance(node, dict):
        if node.get("format") == "time":
            node["format"] = "partial-time"
            node["pattern"] = LOCAL_TIME_PATTERN
        for value in node.values():
            _local_times(value)
    elif isinstance(node, list):
        for value in node:
            _local_times(value)


class AnliegenAPI(NinjaAPI):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(docs=LocalSwagger(), **kwargs)
        install_handlers(self)

    def _get_urls(self) -> list[URLResolver | URLPattern]:
        for bound in self._get_bound_routers():
            for path_view in bound.path_operations.values():
                for operation in path_view.operations:
                    harden(operation.models)
        urls: list[URLResolver | URLPattern] = []
        for pattern in super()._get_urls():
            if isinstance(pattern, URLPattern):
                view = (
                    partial(api_index, api=self) if pattern.name == "api-root" else pattern.callback
                )
                pattern = URLPattern(
                    pattern.pattern, _german(view), pattern.default_args, pattern.name
                )
            urls.append(pattern)
        urls.append(path("docs/assets/<str:name>", docs_asset, name="docs-asset"))
        # Anything else under the API's root: a problem+json 404, not the HTML error page.
        urls.append(re_path(r"^(?P<rest>.*)$", _unknown_route, name="unknown"))
        return urls

    def get_openapi_schema(self, **kwargs: Any) -> OpenAPISchema:
        """Error responses are ``application/problem+json``; say so in the document. Times of
        day are local wall times without an offset (``08:00:00``), which JSON Schema's ``time``
        format (RFC 3339, offset required) does not describe: they get a pattern instead."""
        schema = super().get_openapi_schema(**kwargs)
        _local_times(schema)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                for status, response in responses.items():
                    content = response.get("content") or {}
                    if (
                        str(status).isdigit()
                        and int(status) >= 400
                        and "application/json" in content
                    ):
                        response["content"] = {PROBLEM_CONTENT_TYPE: content["application/json"]}
                _framework_responses(operation)
        return schema


#: What the framework answers for any operation, whatever its handler documents (issue 14,
#: fault 9): a body it cannot read (400), a missing token (401), a body over the limit (413),
#: a parameter or body it refuses (422).
_FRAMEWORK_RESPONSES = {
    400: "The request body cannot be read (no JSON, a broken multipart body).",
    401: "No valid token.",
    413: "The request body is larger than the limit.",
    422: "Invalid input; `errors` names the fields.",
}


def _framework_responses(operation: dict[str, Any]) -> None:
    responses = operation["responses"]
    has_body = "requestBody" in operation
    statuses = [
        *([400, 413] if has_body else []),
        *([401] if operation.get("security") else []),
        *([422] if has_body or operation.get("parameters") else []),
    ]
    for status in statuses:
        if str(status) not in responses and status not in responses:
            responses[status] = {
                "description": _FRAMEWORK_RESPONSES[status],
                "content": {
                    PROBLEM_CONTENT_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}
                },
            }
