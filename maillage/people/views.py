"""Pages about young people and households: thin, the rules live in services and queries."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from maillage.core.audit import audit_log
from maillage.core.audit_models import AuditKind
from maillage.core.forms import posted
from maillage.core.links import links_for
from maillage.core.permissions import org_view
from maillage.core.roles import OVERSIGHT_ROLES, Perm
from maillage.core.scoping import current_roles, get_visible_or_404
from maillage.people import services
from maillage.people.forms import (
    DuplicateQueryForm,
    HouseholdCreateForm,
    HouseholdMemberForm,
    MergeForm,
    PersonForm,
    PersonSearchForm,
    RelationForm,
    safe_field_name,
)
from maillage.people.models import Household, HouseholdMember, Person, Relation
from maillage.people.queries import (
    duplicate_candidates,
    household_members,
    person_households,
    person_search,
    person_timeline,
)

WORK = Perm.WORK_WITH_YOUNG_PEOPLE
PAGE_SIZE = 25


def _has_oversight(request: HttpRequest) -> bool:
    return bool(current_roles(request.user) & OVERSIGHT_ROLES)


def _next_or(request: HttpRequest, fallback: str) -> str:
    wanted = request.POST.get("next") or request.GET.get("next", "")
    # A local path only: redirect() would take a bare word ("x") for a URL name and fail.
    if wanted.startswith("/") and url_has_allowed_host_and_scheme(
        wanted, {request.get_host()}, request.is_secure()
    ):
        return wanted
    return fallback


@org_view(WORK)
def person_list(request: HttpRequest) -> HttpResponse:
    form = PersonSearchForm(request.GET or None)
    text = form.cleaned_data["q"] if form.is_valid() else ""
    # The list shows names, birth dates, communes and schools: the contacts are not read.
    found = person_search(request.user, text).without_secrets()
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "q": text}
    if request.htmx and request.htmx.target == "person-results":  # type: ignore[attr-defined]
        return render(request, "people/partials/person_results.html", context)
    return render(request, "people/person_list.html", context)


def _household_from(request: HttpRequest) -> Household | None:
    """The household a new person joins, when the form is opened from a household."""
    pk = request.POST.get("famille") or request.GET.get("famille")
    if not pk:
        return None
    return get_visible_or_404(Household, request.user, pk=pk)


@org_view(WORK)
def person_create(request: HttpRequest) -> HttpResponse:
    household = _household_from(request)
    data = request.POST if request.method == "POST" else None
    form = PersonForm(data, user=request.user)
    relation_form = RelationForm(data, prefix="household") if household else None
    if data is not None and form.is_valid() and (relation_form is None or relation_form.is_valid()):
        try:
            with transaction.atomic():
                person = services.person_create(
                    actor=request.user,  # type: ignore[arg-type]
                    organisation=request.org.organisation,  # type: ignore[attr-defined]
                    **form.person_data(),
                )
                if household is not None and relation_form is not None:
                    services.household_add_member(
                        actor=request.user,  # type: ignore[arg-type]
                        household=household,
                        person=person,
                        relation=relation_form.cleaned_data["relation"],
                    )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("The file of %(name)s has been created.") % {"name": person}
            )
            # A page that sent the worker here to record someone (a registration) gets them
            # back with the new person picked.
            back = _next_or(request, "")
            if back:
                return redirect(f"{back}{'&' if '?' in back else '?'}jeune={person.pk}")
            return redirect(person)
    return render(
        request,
        "people/person_form.html",
        {
            "form": form,
            "relation_form": relation_form,
            "household": household,
            "next": _next_or(request, ""),
        },
    )


@require_GET
@org_view(WORK)
def person_duplicates(request: HttpRequest) -> HttpResponse:
    """The live duplicate check of a `PersonForm` being typed (an HTMX fragment)."""
    prefix = safe_field_name(request.GET.get("prefix")) or None
    query = DuplicateQueryForm(request.GET, prefix=prefix)
    candidates = []
    if query.is_valid() or "birth_date" in query.errors:
        cleaned: dict[str, Any] = getattr(query, "cleaned_data", {})
        candidates = duplicate_candidates(
            request.user,
            first_name=cleaned.get("first_name", ""),
            last_name=cleaned.get("last_name", ""),
            birth_date=cleaned.get("birth_date"),
        )
    form = PersonForm(user=request.user, prefix=prefix)
    return render(
        request,
        "people/partials/duplicates.html",
        {
            "candidates": candidates,
            "confirm": form["confirm_new"],
            "pick": safe_field_name(request.GET.get("pick")),
        },
    )


@org_view(WORK)
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_visible_or_404(
        Person.objects.select_related("commune", "created_by", "merged_into"), request.user, pk=pk
    )
    audit_log(actor=request.user, action="people.person.viewed", kind=AuditKind.READ, target=person)
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "households": person_households(request.user, person),
            "timeline": person_timeline(request.user, person),
            "links": links_for("people.person", request, person) if person.is_current else [],
            "can_merge": _has_oversight(request) and person.is_current,
            "merged_into_visible": person.merged_into_id is not None
            and Person.objects.visible_to(request.user).filter(pk=person.merged_into_id).exists(),
        },
    )


def _current_or_redirect(request: HttpRequest, person: Person) -> HttpResponse | None:
    if person.is_current:
        return None
    messages.error(request, _("This file has already been merged or anonymised."))
    return redirect(person)


@org_view(WORK)
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_visible_or_404(Person, request.user, pk=pk)
    if (refused := _current_or_redirect(request, person)) is not None:
        return refused
    form = PersonForm(posted(request), instance=person, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(
                actor=request.user,  # type: ignore[arg-type]
                person=person,
                data=form.person_data(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The file has been updated."))
            return redirect(person)
    elif request.method != "POST":
        # The form shows the contacts: opening it is reading the file.
        audit_log(
            actor=request.user, action="people.person.viewed", kind=AuditKind.READ, target=person
        )
    return render(request, "people/person_edit.html", {"form": form, "person": person})


@org_view(WORK)
def person_merge(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_visible_or_404(Person.objects.select_related("commune"), request.user, pk=pk)
    if not _has_oversight(request):
        raise PermissionDenied
    if (refused := _current_or_redirect(request, person)) is not None:
        return refused
    candidates = duplicate_candidates(
        request.user,
        first_name=person.first_name,
        last_name=person.last_name,
        birth_date=person.birth_date,
        exclude_pk=person.pk,
    )
    form = MergeForm(posted(request), candidates=candidates)
    other = None
    if request.method == "POST" and form.is_valid():
        other = (
            Person.objects.visible_to(request.user)
            .select_related("commune")
            .filter(pk=form.cleaned_data["other_pk"])
            .first()
        )
        try:
            if other is None:
                raise ValidationError(
                    {"other_id": _("No file has this number in your organisation.")}
                )
            if form.cleaned_data["confirm"]:
                services.person_merge(actor=request.user, keep=person, absorb=other)  # type: ignore[arg-type]
                messages.success(
                    request,
                    _("%(other)s has been merged into this file.") % {"other": other},
                )
                return redirect(person)
            services.person_merge_check(actor=request.user, keep=person, absorb=other)  # type: ignore[arg-type]
        except ValidationError as exc:
            form.add_error(None, exc)
            other = None
    return render(
        request,
        "people/person_merge.html",
        {"person": person, "form": form, "other": other, "candidates": candidates},
    )


@org_view(WORK)
def household_create(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_visible_or_404(Person, request.user, pk=pk)
    if (refused := _current_or_redirect(request, person)) is not None:
        return refused
    form = HouseholdCreateForm(
        posted(request),
        initial={
            "name": _("Family %(name)s") % {"name": person.last_name},
            "relation": Relation.YOUNG_PERSON,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            household = services.household_create(
                actor=request.user,  # type: ignore[arg-type]
                organisation=request.org.organisation,  # type: ignore[attr-defined]
                name=form.cleaned_data["name"],
                member=person,
                relation=form.cleaned_data["relation"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The household has been created."))
            return redirect(household)
    return render(request, "people/household_create.html", {"form": form, "person": person})


@org_view(WORK)
def household_detail(request: HttpRequest, pk: int) -> HttpResponse:
    household = get_visible_or_404(Household, request.user, pk=pk)
    members = household_members(request.user, household)
    search = PersonSearchForm(request.GET or None)
    results: list[tuple[Person, HouseholdMemberForm]] = []
    if search.is_valid() and search.cleaned_data["q"]:
        found = person_search(request.user, search.cleaned_data["q"]).exclude(
            households__household=household
        )[:10]
        results = [
            (p, HouseholdMemberForm(user=request.user, initial={"person": p.pk}, prefix=f"p{p.pk}"))
            for p in found
        ]
    audit_log(
        actor=request.user, action="people.household.viewed", kind=AuditKind.READ, target=household
    )
    return render(
        request,
        "people/household_detail.html",
        {"household": household, "members": members, "search": search, "results": results},
    )


@require_POST
@org_view(WORK)
def household_add_member(request: HttpRequest, pk: int) -> HttpResponse:
    household = get_visible_or_404(Household, request.user, pk=pk)
    prefix = safe_field_name(request.POST.get("prefix")) or None
    form = HouseholdMemberForm(request.POST, user=request.user, prefix=prefix)
    if not form.is_valid():
        messages.error(request, _("This person cannot be added: choose a file from the list."))
        return redirect(household)
    try:
        member = services.household_add_member(
            actor=request.user,  # type: ignore[arg-type]
            household=household,
            person=form.cleaned_data["person"],
            relation=form.cleaned_data["relation"],
        )
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(
            request, _("%(name)s has been added to the household.") % {"name": member.person}
        )
    return redirect(_next_or(request, household.get_absolute_url()))


@require_POST
@org_view(WORK)
def household_remove_member(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    household = get_visible_or_404(Household, request.user, pk=pk)
    # Only members whose file the user may open: removing is a change to that file.
    member = get_visible_or_404(
        HouseholdMember.objects.select_related("person").filter(
            household=household, person__in=Person.objects.visible_to(request.user)
        ),
        request.user,
        pk=member_pk,
    )
    services.household_remove_member(actor=request.user, member=member)  # type: ignore[arg-type]
    messages.success(
        request, _("%(name)s is no longer a member of the household.") % {"name": member.person}
    )
    fallback = (
        household.get_absolute_url()
        if Household.objects.visible_to(request.user).filter(pk=household.pk).exists()
        else member.person.get_absolute_url()
    )
    return redirect(_next_or(request, fallback))
