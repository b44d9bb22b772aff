"""Forgetting persons: what an erasure does, and what the retention run does to persons known
only through activities once their delay is over. One routine, driven by the classified
references (`privacy.references`), so a new table about persons is erased like the others.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone

from maillage.people.models import Person
from maillage.privacy.references import REFERENCES, Fate, with_merged

ERASED_NAME = "Personne"
ANONYMISED_FIELDS = [
    "first_name",
    "last_name",
    "birth_date",
    "school",
    "phone",
    "email",
    "address",
    "anonymised_at",
    "name_key",
    "first_key",
    "last_key",
]


def anonymise(person: Person) -> None:
    """In memory: what identifies the person goes, what anonymous counts need stays (birth
    year, gender, commune)."""
    person.first_name = ERASED_NAME
    person.last_name = f"anonymisée n° {person.pk}"
    if person.birth_date:
        person.birth_date = person.birth_date.replace(month=1, day=1)
    person.school = person.phone = person.email = person.address = ""
    person.anonymised_at = timezone.now()
    person.refresh_keys()


def persons_forget(person_ids: Iterable[int]) -> dict[str, int]:
    """Anonymise the persons and the files merged into theirs; delete the rows that go with
    them and clear the personal fields of every other row about them. Returns the rows
    touched per reference (`app.model.field`), for the audit log. Set-based; run it inside
    the caller's transaction."""
    group = with_merged(person_ids)
    counts: dict[str, int] = {}
    for ref in REFERENCES:
        if ref.model is Person:
            continue  # the files merged into theirs: anonymised below, like them
        if ref.fate is Fate.DELETED:
            touched = ref.delete(group)
        else:
            rows = ref.rows(group)
            for child in ref.children:
                child.model._default_manager.filter(**{f"{child.link}__in": rows}).update(
                    **child.blanks
                )
            touched = rows.update(**ref.blanks) if ref.blanks else rows.count()
        if touched:
            counts[ref.key] = touched
    persons = list(Person.objects.filter(pk__in=group))
    for person in persons:
        anonymise(person)
    Person.objects.bulk_update(persons, ANONYMISED_FIELDS, batch_size=500)
    return counts
