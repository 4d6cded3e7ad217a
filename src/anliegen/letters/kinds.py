"""The registry of letter kinds (architecture: extension points).

The letters service keeps templates, rendering (``.docx``/PDF), versions and approval. What a
kind of letter is for, its shipped default template and the placeholders it fills belong to the
procedure that sends it, which registers the kind from its ``AppConfig.ready()``. The service-
centre callback letter and the survey invitation plug in the same way, without touching this
package.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class LetterKindSpec:
    """One kind of letter.

    ``default_template`` is the shipped ``.docx`` used while an organisation has uploaded none.
    ``sample_context`` fills every placeholder with example values; uploads are checked by
    rendering them with it, and the template page previews with it. ``placeholders`` documents
    the placeholders for the people who edit templates (name → German explanation).
    """

    code: str
    label: str | Promise
    default_template: Path
    sample_context: Callable[[], Mapping[str, Any]]
    placeholders: Mapping[str, str | Promise] = field(default_factory=dict)


_KINDS: dict[str, LetterKindSpec] = {}


def register_letter_kind(spec: LetterKindSpec) -> LetterKindSpec:
    existing = _KINDS.get(spec.code)
    if existing is not None and existing != spec:
        raise ValueError(f"letter kind {spec.code!r} is already registered")
    _KINDS[spec.code] = spec
    return spec


def letter_kind(code: str) -> LetterKindSpec | None:
    return _KINDS.get(code)


def letter_kinds() -> list[LetterKindSpec]:
    return sorted(_KINDS.values(), key=lambda spec: spec.code)
