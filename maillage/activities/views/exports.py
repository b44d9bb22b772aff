"""Downloads of an activity's participant list and attendance sheet (XLSX and PDF).

Each download is a read of personal data that leaves the application: it is written to the
audit log. File names carry the activity's number, never a name.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from maillage.activities import exports
from maillage.activities.models import Activity
from maillage.core import documents
from maillage.core.audit import audit_log
from maillage.core.audit_models import AuditKind
from maillage.core.permissions import org_view
from maillage.core.roles import Perm
from maillage.core.scoping import get_visible_or_404

WORK = Perm.WORK_WITH_YOUNG_PEOPLE


def _activity(request: HttpRequest, pk: int) -> Activity:
    return get_visible_or_404(Activity.objects.select_related("organisation"), request.user, pk=pk)


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _participants(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    activity = _activity(request, pk)
    data = exports.participant_list(request.user, activity)
    if fmt == "xlsx":
        content, content_type = exports.participants_xlsx(data), documents.XLSX_TYPE
    else:
        content, content_type = exports.participants_pdf(data), documents.PDF_TYPE
    audit_log(
        actor=request.user,
        action="activities.participants.exported",
        kind=AuditKind.READ,
        target=activity,
        changes={"format": fmt, "rows": len(data.lines), "sensitive": data.show_health},
    )
    return _download(content, content_type, f"participants-activite-{activity.pk}.{fmt}")


def _attendance(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    activity = _activity(request, pk)
    grid = exports.attendance_grid(request.user, activity)
    if fmt == "xlsx":
        content, content_type = exports.attendance_xlsx(grid), documents.XLSX_TYPE
    else:
        content, content_type = exports.attendance_pdf(grid), documents.PDF_TYPE
    audit_log(
        actor=request.user,
        action="activities.attendance.exported",
        kind=AuditKind.READ,
        target=activity,
        changes={"format": fmt, "rows": len(grid.rows), "sessions": len(grid.sessions)},
    )
    return _download(content, content_type, f"presences-activite-{activity.pk}.{fmt}")


@org_view(WORK)
def participants_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    return _participants(request, pk, "xlsx")


@org_view(WORK)
def participants_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _participants(request, pk, "pdf")


@org_view(WORK)
def attendance_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    return _attendance(request, pk, "xlsx")


@org_view(WORK)
def attendance_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _attendance(request, pk, "pdf")
