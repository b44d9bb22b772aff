"""Pages about platforms: the list, the form, a platform's page with its members and
meetings, adding a member, and the open action items of the signed-in person."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maillage.concertation import queries, services
from maillage.concertation.forms import MEMBER, MemberForm, PlatformForm
from maillage.concertation.models import ActionStatus, Platform
from maillage.core.forms import add_service_errors, posted
from maillage.core.permissions import org_view
from maillage.core.roles import Perm
from maillage.core.scoping import get_visible_or_404

TEAM = Perm.VIEW_TEAM
MANAGE = Perm.MANAGE_NETWORK


def fetch_platform(request: HttpRequest, pk: int) -> Platform:
    return get_visible_or_404(Platform.objects.select_related("organisation"), request.user, pk=pk)


def managed_platform(request: HttpRequest, pk: int) -> Platform:
    """A platform the user sees (404 otherwise) and manages (403 otherwise)."""
    platform = fetch_platform(request, pk)
    if not services.can_manage(request.user, platform):
        raise PermissionDenied
    return platform


@org_view(TEAM)
def platform_list(request: HttpRequest) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    today = timezone.localdate()
    year_start = today.replace(month=1, day=1)
    platforms = list(queries.platform_rows(request.user))
    counts = {
        row.platform_id: row
        for row in queries.activity_by_platform(
            Platform.objects.visible_to(request.user), start=year_start, end=today
        )
    }
    return render(
        request,
        "concertation/platform_list.html",
        {
            "rows": [(p, counts.get(p.pk)) for p in platforms],
            "can_create": org.has(MANAGE),
            "year": today.year,
        },
    )


@org_view(MANAGE)
def platform_create(request: HttpRequest) -> HttpResponse:
    organisation = request.org.organisation  # type: ignore[attr-defined]
    form = PlatformForm(posted(request), organisation_id=organisation.pk)
    if form.is_bound and form.is_valid():
        try:
            platform = services.platform_create(
                actor=request.user,  # type: ignore[arg-type]
                organisation=organisation,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The platform has been created: add its members."))
            return redirect(platform.get_absolute_url() + "#members")
    return render(request, "concertation/platform_form.html", {"form": form, "platform": None})


@org_view(MANAGE)
def platform_edit(request: HttpRequest, pk: int) -> HttpResponse:
    platform = managed_platform(request, pk)
    form = PlatformForm(
        posted(request), instance=platform, organisation_id=platform.organisation_id
    )
    if form.is_bound and form.is_valid():
        try:
            services.platform_update(
                actor=request.user,  # type: ignore[arg-type]
                platform=platform,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The platform has been saved."))
            return redirect(platform)
    return render(request, "concertation/platform_form.html", {"form": form, "platform": platform})


def render_platform(
    request: HttpRequest, platform: Platform, member_form: MemberForm | None = None
) -> HttpResponse:
    manager = services.can_manage(request.user, platform)
    if member_form is None and manager:
        member_form = MemberForm(prefix=MEMBER, users=services.member_users(platform))
    today = timezone.localdate()
    context: dict[str, Any] = {
        "platform": platform,
        "page": queries.platform_page(platform),
        "member_organisations": list(platform.member_organisations.order_by("name")),
        "manager": manager,
        "member_form": member_form,
        "year": today.year,
        "activity": queries.activity_by_platform(
            Platform.objects.filter(pk=platform.pk),
            start=today.replace(month=1, day=1),
            end=today,
        )[0],
    }
    return render(request, "concertation/platform_detail.html", context)


@org_view(TEAM)
def platform_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_platform(request, fetch_platform(request, pk))


@require_POST
@org_view(MANAGE)
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    platform = managed_platform(request, pk)
    form = MemberForm(request.POST, prefix=MEMBER, users=services.member_users(platform))
    if form.is_valid():
        try:
            member = services.member_add(
                actor=request.user,  # type: ignore[arg-type]
                platform=platform,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(name)s is now a member.") % {"name": member.name})
            return redirect(platform.get_absolute_url() + "#members")
    return render_platform(request, platform, member_form=form)


@org_view(TEAM)
def my_actions(request: HttpRequest) -> HttpResponse:
    items = list(queries.my_open_actions(request.user))
    return render(
        request,
        "concertation/my_actions.html",
        {"items": items, "today": timezone.localdate(), "status_choices": ActionStatus.choices},
    )
