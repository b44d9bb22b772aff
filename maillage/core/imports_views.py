"""The import pages any app plugs its spec into: upload → preview (dry run, nothing written)
→ confirm → the job page that shows the progress of the commit. Plus the downloadable
template (CSV with the headers) and example file.

An app's views stay thin: they check the permission, then call `import_upload`,
`import_confirm`, `import_template` or `import_example` with an `ImportPages`. For files that
may be large (absences), the app's upload view starts the check in the background
(`imports_jobs.preview_start`): the job page then leads to the app's preview page
(`preview_job`, `import_preview_context`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maillage.core import documents
from maillage.core.forms import posted
from maillage.core.imports import import_file
from maillage.core.imports_files import FileProblem, store_upload, upload_path
from maillage.core.imports_jobs import PREVIEW_KIND, import_start
from maillage.core.imports_spec import ImportResult, ImportSpec
from maillage.core.models import Job
from maillage.core.scoping import get_visible_or_404


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File to import"),
        help_text=gettext_lazy(
            "CSV (separated by ; , or tabs, in any usual encoding) or Excel workbook (.xlsx)."
        ),
    )


@dataclass
class ImportPages:
    """Where an app's import pages live (URL names), and what they import."""

    spec: ImportSpec
    upload: str
    confirm: str
    template: str
    example: str
    back: str
    back_label: str
    intro: str = ""
    options: dict[str, Any] = field(default_factory=dict)
    # The page showing a background preview (`imports_jobs.preview_start`), by job pk.
    preview: str = ""

    def urls(self) -> dict[str, str]:
        return {
            "upload": reverse(self.upload),
            "confirm": reverse(self.confirm),
            "template": reverse(self.template),
            "example": reverse(self.example),
            "back": reverse(self.back),
        }


def _ids(request: HttpRequest) -> dict[str, int]:
    return {
        "organisation_id": request.org.organisation.pk,  # type: ignore[attr-defined]
        "user_id": request.user.pk,  # type: ignore[dict-item]
    }


def _context(pages: ImportPages, **extra: Any) -> dict[str, Any]:
    return {
        "spec": pages.spec,
        "pages": pages,
        "urls": pages.urls(),
        "columns": pages.spec.columns,
        **extra,
    }


def import_upload(request: HttpRequest, pages: ImportPages) -> HttpResponse:
    """GET: the form and the columns expected. POST: store the file and show its preview."""
    form = ImportUploadForm(posted(request), request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return render(request, "core/import_upload.html", _context(pages, form=form))
    try:
        token = store_upload(
            form.cleaned_data["file"], max_bytes=pages.spec.max_upload_bytes, **_ids(request)
        )
    except FileProblem as problem:
        for message in problem.messages:
            form.add_error("file", message)
        return render(request, "core/import_upload.html", _context(pages, form=form))
    path = upload_path(token, **_ids(request))
    assert path is not None
    result = import_file(
        pages.spec,
        path,
        actor=request.user,  # type: ignore[arg-type]
        organisation=request.org.organisation,  # type: ignore[attr-defined]
        options=pages.options,
    )
    can_confirm = result.ok and bool(result.created or result.updated)
    if not can_confirm:
        path.unlink(missing_ok=True)  # nothing to confirm: the file is not kept
    return render(
        request,
        "core/import_preview.html",
        _context(
            pages,
            form=ImportUploadForm(),
            result=result,
            token=token if can_confirm else "",
            can_confirm=can_confirm,
        ),
    )


def preview_job(request: HttpRequest, pk: str) -> Job:
    """The user's own finished background preview, or 404."""
    job = get_visible_or_404(Job, request.user, pk=pk)
    if job.kind != PREVIEW_KIND or "result" not in job.params:
        raise Http404
    return job


def import_preview_context(request: HttpRequest, pages: ImportPages, job: Job) -> dict[str, Any]:
    """What the preview template shows of a background preview."""
    result = ImportResult.from_json(job.params["result"])
    token = job.params.get("token", "")
    kept = upload_path(token, **_ids(request)) is not None
    can_confirm = kept and result.ok and bool(result.created or result.updated)
    return _context(
        pages,
        form=ImportUploadForm(),
        result=result,
        token=token if kept else "",
        can_confirm=can_confirm,
        review=job.params.get("review", []),
    )


def import_confirm(request: HttpRequest, pages: ImportPages) -> HttpResponse:
    """POST: queue the commit of a previewed file, then show its progress."""
    token = request.POST.get("token", "")
    if upload_path(token, **_ids(request)) is None:
        messages.error(request, _("The file is no longer available: upload it again."))
        return redirect(pages.upload)
    try:
        rows = max(int(request.POST.get("rows", "0")), 0)
    except ValueError:
        rows = 0
    job = import_start(
        actor=request.user,  # type: ignore[arg-type]
        organisation=request.org.organisation,  # type: ignore[attr-defined]
        spec=pages.spec,
        token=token,
        rows=rows,
        options=pages.options,
    )
    return redirect("core:job", pk=job.pk)


def _csv_download(rows: list[list[str]], filename: str) -> HttpResponse:
    response = HttpResponse(documents.csv_bytes(rows), content_type=documents.CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def import_template(pages: ImportPages, filename: str) -> HttpResponse:
    """An empty file with the expected headers."""
    return _csv_download([[column.name for column in pages.spec.columns]], filename)


def import_example(pages: ImportPages, filename: str) -> HttpResponse:
    """The headers and a few example rows, ready to import."""
    names = [column.name for column in pages.spec.columns]
    rows = [[example.get(name, "") for name in names] for example in pages.spec.example_rows]
    return _csv_download([names, *rows], filename)
