"""Every table that points at a person, read from the model graph.

`people` does not import the areas that build on it, yet a merge must follow every row about
a person, and the privacy duties (export, erasure, retention) must know every one too. So
the list is never written by hand: it is every foreign key, one-to-one and many-to-many
table of the installed apps whose target is Person.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.apps import apps
from django.db import models

from maillage.people.models import Person


def references_to_person(
    candidates: Iterable[type[models.Model]] | None = None,
) -> list[tuple[type[models.Model], str]]:
    """(model, field name) for each field whose rows point at a Person, sorted.

    Read from every model rather than from `Person._meta.related_objects`, which leaves out
    the foreign keys declared with `related_name="+"` (absences, signals, ESF+ participants):
    a merge that trusted it left those rows on the absorbed file. The tables behind
    many-to-many fields are models of their own (`include_auto_created`), so their foreign
    keys are found like any other. `candidates` replaces the installed models (tests).
    """
    found: list[tuple[type[models.Model], str]] = []
    for model in apps.get_models(include_auto_created=True) if candidates is None else candidates:
        if model._meta.proxy:
            continue
        for field in model._meta.local_concrete_fields:
            if field.is_relation and field.related_model is Person:
                found.append((model, field.name))
    return sorted(found, key=lambda pair: (pair[0]._meta.label_lower, pair[1]))
