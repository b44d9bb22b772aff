"""Schools of the directory, their pupils in the team, and each pupil's enrolment.

The list of schools is the network's directory: every member of a team reads it, and those
who manage the network's shared records add and correct schools. Pupils are young people:
their pages are for the people who work with them.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core.forms import add_service_errors, posted
from maillage.core.permissions import org_view
from maillage.core.roles import Perm
from maillage.core.scoping import get_visible_or_404
from maillage.core.validation import parse_id
from maillage.people.models import Person
from maillage.people.queries import person_search
from maillage.schooling import school_queries as queries
from maillage.schooling import schools as services
from maillage.schooling.forms_schools import (
    EnrolmentForm,
    PersonSearchForm,
    SchoolFilterForm,
    SchoolForm,
    YearForm,
)
from maillage.schooling.models import Enrolment, School, SchoolYear
from maillage.schooling.school_years import current_school_year
from maillage.schooling.signal_queries import absence_curve

PAGE_SIZE = 25
PUPILS_PAGE_SIZE = 50
PERSON_RESULTS = 20
YOUNG = Perm.WORK_WITH_YOUNG_PEOPLE


def _school(request: HttpRequest, pk: int) -> School:
    return get_visible_or_404(School.objects.select_related("organisation"), request.user, pk=pk)


def _current_year() -> SchoolYear:
    return current_school_year(timezone.localdate())


@org_view(Perm.VIEW_TEAM)
def school_list(request: HttpRequest) -> HttpResponse:
    form = SchoolFilterForm(request.GET or None)
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    year = _current_year()
    rows = queries.school_rows(
        request.user, year, text=data.get("q") or "", mine=bool(data.get("mine"))
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "year": year}
    return render(request, "schooling/school_list.html", context)


@org_view(Perm.MANAGE_NETWORK)
def school_create(request: HttpRequest) -> HttpResponse:
    form = SchoolForm(posted(request))
    if form.is_bound and form.is_valid():
        try:
            school = services.school_create(
                actor=request.user,  # type: ignore[arg-type]
                acting_for=request.org.organisation,  # type: ignore[attr-defined]
                **form.cleaned_data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The school has been added to the directory."))
            return redirect(school)
    return render(request, "schooling/school_form.html", {"form": form, "school": None})


@org_view(Perm.MANAGE_NETWORK)
def school_edit(request: HttpRequest, pk: int) -> HttpResponse:
    school = _school(request, pk)
    form = SchoolForm(posted(request), initial=SchoolForm.initial_for(school))
    if form.is_bound and form.is_valid():
        try:
            services.school_update(
                actor=request.user,  # type: ignore[arg-type]
                acting_for=request.org.organisation,  # type: ignore[attr-defined]
                school=school,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The school has been saved."))
            return redirect(school)
    return render(request, "schooling/school_form.html", {"form": form, "school": school})


@org_view(YOUNG)
def school_detail(request: HttpRequest, pk: int) -> HttpResponse:
    school = get_visible_or_404(
        School.objects.select_related("organisation", "organisation__commune"),
        request.user,
        pk=pk,
    )
    current = _current_year()
    form = YearForm(request.GET or None, initial={"year": current})
    year = (form.cleaned_data.get("year") if form.is_valid() else None) or current
    pupils = queries.school_pupils(request.user, school, year)
    page = Paginator(pupils, PUPILS_PAGE_SIZE).get_page(request.GET.get("page"))
    rules = queries.active_rules(request.user)
    on = queries.badge_day(year, timezone.localdate())
    rows = [(e, queries.reached_rules(rules, e, e.unjustified, on)) for e in page]  # type: ignore[attr-defined]
    context = {"school": school, "form": form, "year": year, "page": page, "rows": rows}
    return render(request, "schooling/school_detail.html", context)


@org_view(YOUNG)
def enrolment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = get_visible_or_404(
        Enrolment.objects.select_related("person", "school__organisation", "school_year"),
        request.user,
        pk=pk,
    )
    months, totals = queries.absences_by_month(request.user, enrolment, timezone.localdate())
    context = {
        "enrolment": enrolment,
        "months": months,
        "totals": totals,
        "recent": queries.recent_absences(request.user, enrolment),
        "recent_limit": queries.RECENT_ABSENCES,
        "curve": absence_curve(
            organisation_id=enrolment.organisation_id,
            person_id=enrolment.person_id,
            school_year=enrolment.school_year,
        ),
    }
    return render(request, "schooling/enrolment_detail.html", context)


def _chosen_person(request: HttpRequest) -> Person | None:
    """The young person to enrol, from `?person=` (kept in the form's address on POST)."""
    pk = request.GET.get("person")
    if not pk:
        return None
    return get_visible_or_404(Person.objects.current(), request.user, pk=pk)


@org_view(YOUNG)
def enrolment_create(request: HttpRequest) -> HttpResponse:
    """Two steps on one page: find the young person, then enrol them."""
    person = _chosen_person(request)
    if person is None:
        search = PersonSearchForm(request.GET or None)
        text = search.cleaned_data.get("q", "") if search.is_valid() else ""
        found = list(person_search(request.user, text)[:PERSON_RESULTS]) if text else []
        context = {"search": search, "found": found, "searched": bool(text)}
        context["school_pk"] = request.GET.get("school", "")
        return render(request, "schooling/enrolment_search.html", context)
    initial: dict[str, Any] = {"school_year": _current_year()}
    if (school := parse_id(request.GET.get("school"))) is not None:
        initial["school"] = school
    form = EnrolmentForm(posted(request), initial=initial, user=request.user)
    if form.is_bound and form.is_valid():
        try:
            enrolment = services.enrolment_create(
                actor=request.user,  # type: ignore[arg-type]
                organisation=request.org.organisation,  # type: ignore[attr-defined]
                person=person,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The young person has been enrolled."))
            return redirect(reverse("schooling:enrolment", args=[enrolment.pk]))
    context = {"form": form, "person": person, "enrolment": None}
    return render(request, "schooling/enrolment_form.html", context)


@org_view(YOUNG)
def enrolment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = get_visible_or_404(
        Enrolment.objects.select_related("person", "school__organisation", "school_year"),
        request.user,
        pk=pk,
    )
    initial = {
        "school": enrolment.school_id,
        "school_year": enrolment.school_year_id,
        "matricule": enrolment.matricule,
        "grade": enrolment.grade,
        "class_name": enrolment.class_name,
    }
    form = EnrolmentForm(posted(request), initial=initial, user=request.user)
    if form.is_bound and form.is_valid():
        try:
            services.enrolment_update(
                actor=request.user,  # type: ignore[arg-type]
                enrolment=enrolment,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The enrolment has been saved."))
            return redirect(reverse("schooling:enrolment", args=[enrolment.pk]))
    context = {"form": form, "person": enrolment.person, "enrolment": enrolment}
    return render(request, "schooling/enrolment_form.html", context)
