"""How services report bad input: French messages keyed by the form field they belong to
(`__all__` for the others), raised together so the form shows every mistake at once."""

from __future__ import annotations

from django.core.exceptions import ValidationError

Errors = dict[str, list[str]]


def raise_errors(errors: Errors) -> None:
    if errors:
        raise ValidationError(errors)
