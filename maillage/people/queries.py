"""Reads about persons shared by the people and casework views."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import connection, models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core.models import Commune
from maillage.people.matching import full_name_key, normalise, score_keys, skeleton
from maillage.people.models import Household, HouseholdMember, Person, PersonQuerySet

CANDIDATE_LIMIT = 300
MATCH_THRESHOLD = 75


@dataclass(frozen=True)
class Match:
    person: Person
    score: int


def find_duplicates(
    user: Any,
    *,
    first_name: str,
    last_name: str,
    birth_date: date | None = None,
    exclude_pk: int | None = None,
    limit: int = 5,
) -> list[Match]:
    """Likely existing files for a new entry, best first, among the persons of the user's
    organisation (identity only: the duplicate check sees past the worker's own files)."""
    return find_duplicates_in(
        Person.objects.findable_by(user),
        first_name=first_name,
        last_name=last_name,
        birth_date=birth_date,
        exclude_pk=exclude_pk,
        limit=limit,
    )


@dataclass(frozen=True)
class Entry:
    """A person as typed (or as a file gives them), to check against the records."""

    first_name: str
    last_name: str
    birth_date: date | None = None

    def skeletons(self) -> set[str]:
        return {k for k in (skeleton(self.first_name), skeleton(self.last_name)) if k}


def find_duplicates_in(
    persons: PersonQuerySet,
    *,
    first_name: str,
    last_name: str,
    birth_date: date | None = None,
    exclude_pk: int | None = None,
    limit: int = 5,
) -> list[Match]:
    """The duplicate check among `persons` (an organisation's current persons, for a job
    that runs without a signed-in user)."""
    entry = Entry(first_name, last_name, birth_date)
    if exclude_pk is not None:
        persons = persons.exclude(pk=exclude_pk)
    return find_duplicates_many(persons, [entry], limit=limit)[0]


def find_duplicates_many(
    persons: PersonQuerySet, entries: list[Entry], *, limit: int = 5
) -> list[list[Match]]:
    """The duplicate check of many entries at once (an import's new pupils): the likely
    files of each entry, best first, in the order of `entries`.

    One indexed query fetches the candidates of every entry (sharing a name skeleton in
    either order, the exact name key or the birth date) as plain rows; rapidfuzz scores each
    entry against its own candidates only, in Python, and only the files proposed become
    `Person` objects (building 300 model instances cost more than the query).
    """
    if not entries:
        return []
    name_keys = {full_name_key(e.first_name, e.last_name) for e in entries}
    keys = set().union(*(e.skeletons() for e in entries))
    births = {e.birth_date for e in entries if e.birth_date}
    if len(entries) == 1:
        # One entry (a form's check): its candidates are capped in SQL, as in `_matches`.
        candidates = persons.filter(pk__in=_first_candidates(persons, name_keys, keys, births))
    else:
        blocking = Q(name_key__in=name_keys)
        if keys:
            blocking |= Q(first_key__in=keys) | Q(last_key__in=keys)
        if births:
            blocking |= Q(birth_date__in=births)
        candidates = persons.filter(blocking)
    rows = candidates.order_by("pk").values_list(*_ROW_FIELDS)
    fetched = list(rows) if len(entries) == 1 else rows.iterator(chunk_size=2000)
    by_key: dict[object, list[_Row]] = {}
    for row in fetched:
        # Blocks are keyed by kind, so a name key never meets a skeleton that spells the same.
        for block in (
            ("name", row[_NAME_KEY]),
            ("skeleton", row[_FIRST_KEY]),
            ("skeleton", row[_LAST_KEY]),
            ("birth", row[_BIRTH]),
        ):
            by_key.setdefault(block, []).append(row)
    return [_matches(entry, by_key, limit, persons.db) for entry in entries]


# A candidate as fetched: the identity a proposal shows (with its commune) and the keys, in
# the model's order of fields, which `Model.from_db` expects.
_IDENTITY = {"id", "organisation_id", "first_name", "last_name", "birth_date", "commune_id"}
_KEYS = {"name_key", "first_key", "last_key"}
_PERSON_FIELDS = tuple(
    f.attname for f in Person._meta.concrete_fields if f.attname in _IDENTITY | _KEYS
)
_COMMUNE_FIELDS = tuple(f.attname for f in Commune._meta.concrete_fields)
_ROW_FIELDS = _PERSON_FIELDS + tuple(f"commune__{name}" for name in _COMMUNE_FIELDS)
_ID, _BIRTH, _COMMUNE_ID, _NAME_KEY, _FIRST_KEY, _LAST_KEY = (
    _PERSON_FIELDS.index(name)
    for name in ("id", "birth_date", "commune_id", "name_key", "first_key", "last_key")
)
type _Row = tuple[Any, ...]


def _person(row: _Row, db: str) -> Person:
    """The `Person` of a fetched row, its other fields deferred, its commune loaded."""
    person = Person.from_db(db, _PERSON_FIELDS, row[: len(_PERSON_FIELDS)])
    commune = row[len(_PERSON_FIELDS) :]
    person.commune = (
        None if row[_COMMUNE_ID] is None else Commune.from_db(db, _COMMUNE_FIELDS, commune)
    )
    return person


def _first_candidates(
    persons: PersonQuerySet, name_keys: set[str], keys: set[str], births: set[date]
) -> Any:
    """The ids of the first CANDIDATE_LIMIT persons (by id) sharing a block with one entry.

    One branch per key, each read in id order from its (key, id) index and cut at the limit:
    the first distinct ids of the whole are among the first of their branch, so the cap gives
    the same persons as a cap on the union, without reading every holder of a common skeleton
    in the sector (11,000 "jn" among 500,000). SQLite does not cut inside a UNION: it reads
    whole branches, which gives the same candidates.
    """
    branches = [persons.filter(name_key__in=name_keys)]
    branches += [persons.filter(first_key=key) for key in sorted(keys)]
    branches += [persons.filter(last_key=key) for key in sorted(keys)]
    branches += [persons.filter(birth_date=born) for born in sorted(births)]
    ids = [b.order_by().values("pk") for b in branches]
    if connection.features.supports_slicing_ordering_in_compound:
        ids = [b.order_by("pk")[:CANDIDATE_LIMIT] for b in ids]
    return ids[0].union(*ids[1:]).order_by("pk")[:CANDIDATE_LIMIT]


def _matches(entry: Entry, by_key: dict[object, list[_Row]], limit: int, db: str) -> list[Match]:
    name_key = full_name_key(entry.first_name, entry.last_name)
    blocks: list[tuple[str, object]] = [("name", name_key)]
    blocks += [("skeleton", key) for key in entry.skeletons()]
    if entry.birth_date:
        blocks.append(("birth", entry.birth_date))
    seen: dict[int, _Row] = {}
    for block in blocks:
        for row in by_key.get(block, ()):
            seen.setdefault(row[_ID], row)
    ordered = sorted(seen.values(), key=lambda row: row[_ID])[:CANDIDATE_LIMIT]
    scored = [
        (row, value)
        for row in ordered
        if (value := score_keys(name_key, entry.birth_date, row[_NAME_KEY], row[_BIRTH]))
        >= MATCH_THRESHOLD
    ]
    scored.sort(key=lambda pair: -pair[1])
    return [Match(_person(row, db), value) for row, value in scored[:limit]]


@dataclass(frozen=True)
class Candidate:
    """A likely duplicate as the check shows it: identity only, and whether the user may
    open the file."""

    person: Person
    score: int
    visible: bool


def duplicate_candidates(
    user: Any,
    *,
    first_name: str,
    last_name: str,
    birth_date: date | None = None,
    exclude_pk: int | None = None,
) -> list[Candidate]:
    """`find_duplicates`, with which files the user may open (one more query)."""
    if not (first_name.strip() or last_name.strip()):
        return []
    matches = find_duplicates(
        user,
        first_name=first_name,
        last_name=last_name,
        birth_date=birth_date,
        exclude_pk=exclude_pk,
    )
    if not matches:
        return []
    visible = set(
        Person.objects.visible_to(user)
        .filter(pk__in=[m.person.pk for m in matches])
        .values_list("pk", flat=True)
    )
    return [Candidate(m.person, m.score, m.person.pk in visible) for m in matches]


def person_search(user: Any, text: str = "", *, scope: str = "visible_to") -> PersonQuerySet:
    """Current persons the user may see whose names contain every word typed, whatever the
    accents, case or order. `scope` names the scoping method (`findable_by` for the
    data-protection officer's duties)."""
    scoped: PersonQuerySet = getattr(Person.objects, scope)(user)
    persons = scoped.current().select_related("commune")
    for word in normalise(text).split():
        persons = persons.filter(name_key__contains=word)
    return persons.order_by("last_name", "first_name", "pk")


@dataclass(frozen=True)
class MemberRow:
    member: HouseholdMember
    visible: bool


@dataclass(frozen=True)
class HouseholdRow:
    """One household of a person, with its members as the user may see them."""

    household: Household
    relation: str
    membership: HouseholdMember
    members: list[MemberRow] = field(default_factory=list)


def _with_visibility(user: Any, members: list[HouseholdMember]) -> list[MemberRow]:
    ids = {m.person_id for m in members}
    visible = set(
        Person.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True)
        if ids
        else ()
    )
    return [MemberRow(m, m.person_id in visible) for m in members]


def household_members(user: Any, household: Household) -> list[MemberRow]:
    """Current members of a household; the user opens only the files they may see."""
    members = list(
        HouseholdMember.objects.filter(household=household, person__merged_into__isnull=True)
        .select_related("person")
        .without_secrets("person")  # names only
        .order_by("relation", "person__last_name", "person__first_name")
    )
    return _with_visibility(user, members)


def person_households(user: Any, person: Person) -> list[HouseholdRow]:
    """The person's households and their members (three queries, whatever the number)."""
    memberships = list(
        HouseholdMember.objects.filter(person=person)
        .select_related("household")
        .prefetch_related(
            models.Prefetch(
                "household__members",
                queryset=HouseholdMember.objects.filter(person__merged_into__isnull=True)
                .select_related("person")
                .without_secrets("person")  # names only
                .order_by("relation", "person__last_name"),
            )
        )
        .order_by("household__name")
    )
    everyone = [m for ms in memberships for m in ms.household.members.all()]
    rows = {id(row.member): row for row in _with_visibility(user, everyone)}
    return [
        HouseholdRow(
            household=ms.household,
            relation=ms.get_relation_display(),
            membership=ms,
            members=[rows[id(m)] for m in ms.household.members.all() if m.person_id != person.pk],
        )
        for ms in memberships
    ]


@dataclass(frozen=True)
class Event:
    """One dated line of a person's file."""

    on: date
    kind: str
    title: str
    detail: str = ""
    url: str = ""


def _related_model(model: type[models.Model], name: str) -> Any:
    """The model behind a relation defined by another app, or None if it is not installed:
    `people` does not import the areas that build on it."""
    try:
        return model._meta.get_field(name).related_model
    except FieldDoesNotExist:
        return None


def _has_field(model: type[models.Model], name: str) -> bool:
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


def _url(obj: Any) -> str:
    get_url = getattr(obj, "get_absolute_url", None)
    return str(get_url()) if get_url else ""


def _display(obj: Any, name: str) -> str:
    getter = getattr(obj, f"get_{name}_display", None)
    return str(getter()) if getter else str(getattr(obj, name, "") or "")


def _request_events(user: Any, person: Person) -> list[Event]:
    model = _related_model(Person, "requests")
    if model is None:
        return []
    # The timeline shows dates and kinds, never what was written: nothing encrypted is read.
    requests = model.objects.visible_to(user).filter(person=person).without_secrets()
    if _has_field(model, "themes"):
        requests = requests.prefetch_related("themes")
    events = []
    for request in requests:
        parts = [_("asked by: %(who)s") % {"who": _display(request, "requester")}]
        if _has_field(model, "themes"):
            parts += [str(theme) for theme in request.themes.all()]
        events.append(
            Event(
                request.received_on,
                "request",
                _("Request received"),
                " · ".join(p for p in parts if p),
                _url(request),
            )
        )
    return events


def _followup_events(user: Any, person: Person) -> list[Event]:
    model = _related_model(Person, "followups")
    if model is None:
        return []
    events = []
    for followup in (
        model.objects.visible_to(user)
        .filter(person=person)
        .without_secrets()
        .prefetch_related("workers")
    ):
        workers = ", ".join(w.get_full_name() or w.email for w in followup.workers.all())
        detail = _("workers: %(names)s") % {"names": workers} if workers else ""
        url = _url(followup)
        events.append(Event(followup.opened_on, "followup", _("Follow-up opened"), detail, url))
        if getattr(followup, "closed_on", None):
            events.append(Event(followup.closed_on, "followup", _("Follow-up closed"), "", url))
    interventions = _related_model(model, "interventions")
    if interventions is not None:
        for item in (
            interventions.objects.visible_to(user).filter(followup__person=person).without_secrets()
        ):
            minutes = getattr(item, "duration_minutes", None)
            parts = [_display(item, "kind")]
            if minutes:
                parts.append(_("%(minutes)s min") % {"minutes": minutes})
            detail = " · ".join(p for p in parts if p)
            events.append(Event(item.date, "intervention", _("Intervention"), detail))
    return events


def person_timeline(user: Any, person: Person) -> list[Event]:
    """Dated events of a file, newest first, from what the user may see: requests,
    follow-ups (their existence for a coordinator), interventions of the follow-ups the user
    may open, merges. A constant number of queries."""
    events = [
        Event(timezone.localtime(person.created_at).date(), "file", _("File created")),
        *_request_events(user, person),
        *_followup_events(user, person),
    ]
    for merged in person.merged_from.without_secrets():
        if merged.merged_at:
            events.append(
                Event(
                    timezone.localtime(merged.merged_at).date(),
                    "merge",
                    _("Another file merged into this one"),
                    _("%(name)s, file no. %(pk)s") % {"name": merged, "pk": merged.pk},
                )
            )
    order = {"file": 0, "merge": 1, "request": 2, "followup": 3, "intervention": 4}
    events.sort(key=lambda e: (e.on, order.get(e.kind, 5)), reverse=True)
    return events
