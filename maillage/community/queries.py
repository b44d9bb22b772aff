"""Reads of the community axis that pages share. Each is a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from maillage.activities.models import Activity
from maillage.community.models import (
    BudgetLine,
    Diagnosis,
    Observation,
    PlanAction,
    Project,
    Theme,
    YouthConsultation,
)
from maillage.community.rules import Due, due_for
from maillage.core.scoping import current_organisation_id


def project_rows(user: Any, *, status: str = "", text: str = "") -> QuerySet[Project]:
    rows = Project.objects.visible_to(user).select_related("organisation")
    if status:
        rows = rows.filter(status=status)
    if text:
        rows = rows.filter(Q(title__icontains=text) | Q(target_group__icontains=text))
    return (
        rows.annotate(planned_total=Sum("budget_lines__planned"))
        .prefetch_related("communes")
        .order_by("-updated_at", "-pk")
    )


@dataclass(frozen=True)
class ProjectPage:
    project: Project
    is_own: bool
    budget_lines: list[BudgetLine]
    planned: Decimal
    spent: Decimal
    activities: list[Activity]
    actions: list[PlanAction]


def project_for_page(user: Any) -> QuerySet[Project]:
    return (
        Project.objects.visible_to(user)
        .select_related("organisation")
        .prefetch_related("communes", "partners")
    )


def project_page(user: Any, project: Project) -> ProjectPage:
    lines = list(project.budget_lines.all())
    # Partners see the project, not the activities of another organisation's calendar:
    # only the linked activities the user may open are listed.
    activities = list(
        Activity.objects.visible_to(user)
        .filter(community_projects=project)
        .select_related("commune")
        .order_by("-starts_on")
    )
    # The plan actions of the user's own diagnoses that this project carries.
    actions = list(
        PlanAction.objects.visible_to(user).filter(projects=project).select_related("diagnosis")
    )
    return ProjectPage(
        project=project,
        is_own=project.organisation_id == current_organisation_id(user),
        budget_lines=lines,
        planned=sum((line.planned for line in lines), Decimal(0)),
        spent=sum((line.spent for line in lines), Decimal(0)),
        activities=activities,
        actions=actions,
    )


def observation_rows(
    user: Any,
    *,
    theme: str = "",
    commune: Any = None,
    source: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[Observation]:
    rows = Observation.objects.visible_to(user).select_related(
        "commune", "consultation", "evidence_file"
    )
    if theme:
        rows = rows.filter(theme=theme)
    if commune:
        rows = rows.filter(commune=commune)
    if source:
        rows = rows.filter(source=source)
    if date_from:
        rows = rows.filter(date__gte=date_from)
    if date_to:
        rows = rows.filter(date__lte=date_to)
    return rows.order_by("-date", "-pk")


def consultation_rows(user: Any) -> QuerySet[YouthConsultation]:
    return (
        YouthConsultation.objects.visible_to(user)
        .select_related("commune")
        .annotate(opinion_count=Count("opinions"))
        .order_by("-date", "-pk")
    )


@dataclass(frozen=True)
class ThemeGroup:
    theme: str
    label: Any
    observations: list[Observation]


def observations_by_theme(diagnosis: Diagnosis) -> list[ThemeGroup]:
    """The observations of the diagnosis's zone and period, grouped by theme in the order of
    the themes list: what the "observations" section of the diagnosis is assembled from."""
    rows = (
        Observation.objects.filter(
            organisation_id=diagnosis.organisation_id,
            commune__in=diagnosis.communes.all(),
            date__range=(diagnosis.period_start, diagnosis.period_end),
        )
        .select_related("commune")
        .order_by("date", "pk")
    )
    groups: dict[str, list[Observation]] = {}
    for observation in rows:
        groups.setdefault(observation.theme, []).append(observation)
    return [
        ThemeGroup(theme, Theme(theme).label, groups[theme])
        for theme in Theme.values
        if theme in groups
    ]


def diagnosis_rows(user: Any) -> QuerySet[Diagnosis]:
    return (
        Diagnosis.objects.visible_to(user)
        .prefetch_related("communes")
        .annotate(action_count=Count("actions"))
        .order_by("-period_end", "-pk")
    )


def diagnosis_for_page(user: Any) -> QuerySet[Diagnosis]:
    return Diagnosis.objects.visible_to(user).prefetch_related(
        "communes",
        Prefetch(
            "actions",
            queryset=PlanAction.objects.select_related("responsible").prefetch_related("projects"),
        ),
    )


def current_diagnosis(user: Any) -> Diagnosis | None:
    """The organisation's diagnosis adopted last: the one in force."""
    found: Diagnosis | None = (
        Diagnosis.objects.visible_to(user)
        .adopted()
        .prefetch_related("communes")
        .order_by("-adopted_on", "-pk")
        .first()
    )
    return found


def due_of(diagnosis: Diagnosis | None, today: date | None = None) -> Due:
    return due_for(diagnosis.adopted_on if diagnosis else None, today or timezone.localdate())
