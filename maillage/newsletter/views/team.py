"""The team's newsletter pages: subscribers, issues, the composer, the preview, the sending
and its log. Every page needs `Perm.MANAGE_NETWORK` (the network's shared records)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_POST

from maillage.core.forms import add_service_errors, posted
from maillage.core.permissions import org_view
from maillage.core.roles import Perm
from maillage.core.scoping import get_visible_or_404
from maillage.newsletter import mails, queries, services
from maillage.newsletter.forms import IssueForm
from maillage.newsletter.models import Issue, Subscriber

MANAGE = Perm.MANAGE_NETWORK
PAGE_SIZE = 50
# The preview shows the mail as mail clients do: with its own style sheet, inline.
PREVIEW_CSP = {
    "default-src": ["'none'"],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'none'"],
}


def _issue(request: HttpRequest, pk: int) -> Issue:
    return get_visible_or_404(
        Issue.objects.select_related("organisation", "job"), request.user, pk=pk
    )


@org_view(MANAGE)
def index(request: HttpRequest) -> HttpResponse:
    subscribers = Subscriber.objects.visible_to(request.user)
    issues = queries.issues_with_counts(Issue.objects.visible_to(request.user))
    organisation = request.org.organisation  # type: ignore[attr-defined]
    return render(
        request,
        "newsletter/index.html",
        {
            "counts": queries.subscriber_counts(subscribers),
            "issues": issues,
            "subscribe_url": mails.subscribe_url(organisation),
        },
    )


@org_view(MANAGE)
def subscriber_list(request: HttpRequest) -> HttpResponse:
    confirmed = Subscriber.objects.visible_to(request.user).confirmed().order_by("email", "pk")
    page = Paginator(confirmed, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "newsletter/subscribers.html", {"page": page})


def _choices(request: HttpRequest, issue: Issue | None) -> tuple[Any, Any]:
    organisation = request.org.organisation  # type: ignore[attr-defined]
    news = queries.candidate_news(request.user, since=queries.last_sent_at(organisation))
    activities = queries.candidate_activities(request.user, today=timezone.localdate())
    if issue is not None:
        # What the draft holds stays offered, even if no longer among the candidates.
        news = (news | issue.news.all()).distinct()
        activities = (activities | issue.activities.all()).distinct()
    return news, activities


def _save(request: HttpRequest, issue: Issue | None) -> HttpResponse:
    news, activities = _choices(request, issue)
    if issue is None:
        # Everything new is preselected: the team unticks what it leaves out.
        initial: dict[str, Any] = {"news": list(news), "activities": list(activities)}
    else:
        initial = {
            "subject": issue.subject,
            "introduction": issue.introduction,
            "news": list(issue.news.all()),
            "activities": list(issue.activities.all()),
        }
    form = IssueForm(posted(request), initial=initial, news=news, activities=activities)
    if form.is_bound and form.is_valid():
        actor: Any = request.user
        try:
            if issue is None:
                issue = services.issue_create(
                    actor=actor,
                    organisation=request.org.organisation,  # type: ignore[attr-defined]
                    **form.values(),
                )
            else:
                issue = services.issue_update(actor=actor, issue=issue, **form.values())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The issue has been saved."))
            return redirect("newsletter:issue", pk=issue.pk)
    return render(request, "newsletter/issue_form.html", {"form": form, "issue": issue})


@org_view(MANAGE)
def issue_create(request: HttpRequest) -> HttpResponse:
    return _save(request, None)


@org_view(MANAGE)
def issue_edit(request: HttpRequest, pk: int) -> HttpResponse:
    issue = _issue(request, pk)
    if not issue.editable:
        messages.error(request, _("This issue has been sent: it can no longer be changed."))
        return redirect("newsletter:issue", pk=issue.pk)
    return _save(request, issue)


@org_view(MANAGE)
def issue_detail(request: HttpRequest, pk: int) -> HttpResponse:
    issue = _issue(request, pk)
    return render(
        request,
        "newsletter/issue_detail.html",
        {
            "issue": issue,
            "news": list(issue.news.order_by("-published_at", "-pk")),
            "activities": list(issue.activities.order_by("starts_on", "title", "pk")),
            "recipients": queries.recipients(issue).count(),
            "log": queries.send_log(issue),
        },
    )


@org_view(MANAGE)
@csp_override(PREVIEW_CSP)
def issue_preview(request: HttpRequest, pk: int) -> HttpResponse:
    issue = _issue(request, pk)
    html = mails.render_issue(issue).html.replace(mails.PLACEHOLDER, "#")
    return HttpResponse(html)


@require_POST
@org_view(MANAGE)
def issue_send(request: HttpRequest, pk: int) -> HttpResponse:
    issue = _issue(request, pk)
    try:
        job = services.issue_send(actor=request.user, issue=issue)  # type: ignore[arg-type]
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("newsletter:issue", pk=issue.pk)
    return redirect("core:job", pk=job.pk)


@org_view(MANAGE)
def issue_log(request: HttpRequest, pk: int) -> HttpResponse:
    issue = _issue(request, pk)
    return render(
        request, "newsletter/issue_log.html", {"issue": issue, "log": queries.send_log(issue)}
    )
