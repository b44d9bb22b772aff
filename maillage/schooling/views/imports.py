"""The import of absences: choose the school and the file → the check runs in the background
→ the preview (nothing written), with the review of uncertain pupils → confirm → the job page
that shows the commit's progress.

The pages are the shared import pipeline's; what is particular here is the school, chosen
with the file, and the review step.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from maillage.core.forms import posted
from maillage.core.imports_files import FileProblem, store_upload, upload_path
from maillage.core.imports_jobs import preview_start
from maillage.core.imports_views import (
    ImportPages,
    import_confirm,
    import_example,
    import_preview_context,
    import_template,
    preview_job,
)
from maillage.core.permissions import org_view
from maillage.core.roles import Perm
from maillage.core.scoping import get_visible_or_404
from maillage.people.models import Person
from maillage.schooling.imports import AbsenceImport
from maillage.schooling.models import School
from maillage.schooling.pupils import pupil_match_confirm
from maillage.schooling.school_years import school_year_for

WORK = Perm.WORK_WITH_YOUNG_PEOPLE


class AbsenceUploadForm(forms.Form):
    school = forms.ModelChoiceField(
        label=gettext_lazy("School"), queryset=School.objects.none(), empty_label=None
    )
    file = forms.FileField(
        label=gettext_lazy("File to import"),
        help_text=gettext_lazy(
            "CSV (separated by ; , or tabs, in any usual encoding) or Excel workbook (.xlsx), "
            "as the school exports it."
        ),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["school"]
        field.queryset = School.objects.visible_to(user).select_related("organisation")


def _pages(school: School | None = None) -> ImportPages:
    return ImportPages(
        spec=AbsenceImport(),
        upload="schooling:absence_import",
        confirm="schooling:absence_import_confirm",
        template="schooling:absence_import_template",
        example="schooling:absence_import_example",
        back="schooling:index",
        back_label=_("Schooling"),
        intro=_(
            "One line per pupil and half-day, as the school’s software exports it. Importing "
            "the same file again changes nothing; a later file that says otherwise of a "
            "half-day wins, and the change is kept."
        ),
        options={"school": school.pk} if school else {},
        preview="schooling:absence_import_preview",
    )


def _ids(request: HttpRequest) -> dict[str, int]:
    return {
        "organisation_id": request.org.organisation.pk,  # type: ignore[attr-defined]
        "user_id": request.user.pk,  # type: ignore[dict-item]
    }


def _check(request: HttpRequest, school: School, token: str) -> HttpResponse:
    """Start the check of a stored file; its job page leads to the preview."""
    pages = _pages(school)
    job = preview_start(
        actor=request.user,  # type: ignore[arg-type]
        organisation=request.org.organisation,  # type: ignore[attr-defined]
        spec=pages.spec,
        token=token,
        preview=pages.preview,
        options=pages.options,
    )
    return redirect("core:job", pk=job.pk)


def _page(request: HttpRequest, form: AbsenceUploadForm) -> HttpResponse:
    pages = _pages()
    context = {"pages": pages, "urls": pages.urls(), "columns": pages.spec.columns, "form": form}
    return render(request, "schooling/absence_import.html", context)


@org_view(WORK)
def absence_import(request: HttpRequest) -> HttpResponse:
    """GET: the form; POST: store the file and check it in the background."""
    form = AbsenceUploadForm(posted(request), request.FILES or None, user=request.user)
    if request.method != "POST" or not form.is_valid():
        return _page(request, form)
    try:
        token = store_upload(
            form.cleaned_data["file"], max_bytes=AbsenceImport.max_upload_bytes, **_ids(request)
        )
    except FileProblem as problem:
        for message in problem.messages:
            form.add_error("file", message)
        return _page(request, form)
    return _check(request, form.cleaned_data["school"], token)


@org_view(WORK)
def absence_import_preview(request: HttpRequest, pk: str) -> HttpResponse:
    """What the file would change, and the pupils to review before it can be imported."""
    job = preview_job(request, pk)
    school = get_visible_or_404(School, request.user, pk=job.params["options"].get("school"))
    pages = _pages(school)
    context = import_preview_context(request, pages, job)
    context["school"] = school
    context["form"] = AbsenceUploadForm(user=request.user, initial={"school": school})
    return render(request, "schooling/absence_import_preview.html", context)


class ReviewForm(forms.Form):
    token = forms.CharField(max_length=64)
    school = forms.IntegerField()
    matricule = forms.CharField(max_length=50)
    first_name = forms.CharField(max_length=100)
    last_name = forms.CharField(max_length=100)
    birth_date = forms.DateField(input_formats=["%Y-%m-%d"])
    day = forms.DateField(input_formats=["%Y-%m-%d"])
    person = forms.CharField(max_length=20)


@require_POST
@org_view(WORK)
def absence_import_review(request: HttpRequest) -> HttpResponse:
    """Confirm who an uncertain pupil is (a proposed person or a new one), then check the same
    file again."""
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose who this pupil is."))
        return redirect("schooling:absence_import")
    data = form.cleaned_data
    school = get_visible_or_404(School, request.user, pk=data["school"])
    year = school_year_for(data["day"])
    if year is None or upload_path(data["token"], **_ids(request)) is None:
        messages.error(request, _("The file is no longer available: upload it again."))
        return redirect("schooling:absence_import")
    person: Person | None = None
    if data["person"] != "new":
        person = get_visible_or_404(Person, request.user, scope="findable_by", pk=data["person"])
    try:
        pupil_match_confirm(
            actor=request.user,  # type: ignore[arg-type]
            organisation=request.org.organisation,  # type: ignore[attr-defined]
            school=school,
            school_year=year,
            matricule=data["matricule"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            birth_date=data["birth_date"],
            person=person,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The pupil is matched. The file is being checked again."))
    return _check(request, school, data["token"])


@require_POST
@org_view(WORK)
def absence_import_confirm(request: HttpRequest) -> HttpResponse:
    """Queue the commit of a previewed file for the school it was checked for."""
    school = get_visible_or_404(School, request.user, pk=request.POST.get("school") or 0)
    return import_confirm(request, _pages(school))


@org_view(WORK)
def absence_import_template(request: HttpRequest) -> HttpResponse:
    return import_template(_pages(), "modele-import-absences.csv")


@org_view(WORK)
def absence_import_example(request: HttpRequest) -> HttpResponse:
    return import_example(_pages(), "exemple-import-absences.csv")
