"""What another organisation sees of a follow-up: the referrals made to it, each showing
only what the young person's consent to share with it allows."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from maillage.casework.models import ConsentScope
from maillage.casework.queries import received_referrals, shared_scope
from maillage.casework.views.followup import WORK
from maillage.core.audit import audit_log
from maillage.core.audit_models import AuditKind
from maillage.core.permissions import org_view

PAGE_SIZE = 25


@org_view(WORK)
def referrals_received(request: HttpRequest) -> HttpResponse:
    page = Paginator(received_referrals(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    for referral in page:
        referral.scope = shared_scope(referral)  # type: ignore[attr-defined]
        referral.scope_label = ConsentScope(referral.scope).label  # type: ignore[attr-defined]
    audit_log(
        actor=request.user,
        action="casework.referral.received_viewed",
        kind=AuditKind.READ,
        organisation=request.org.organisation,  # type: ignore[attr-defined]
        changes={"referrals": [referral.pk for referral in page]},
    )
    return render(request, "casework/referrals_received.html", {"page": page})
