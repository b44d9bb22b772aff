"""The public social offer, without an account: the same search and map as the team's list,
a page per service, and the open data (CSV and JSON) with the page documenting its columns.

Only `Service.objects.published()` is read here: what an organisation chose to publish.
The export's addresses are stable: `/public/offre-sociale/services.csv` and `.json`.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from maillage.core import documents
from maillage.core.permissions import public_view
from maillage.directory import queries
from maillage.directory.forms import SearchForm
from maillage.directory.views.team import RESULTS_TARGET, search_context

# Sent with the exports: open data may be cached, but not for long.
EXPORT_MAX_AGE = 3600


@public_view
@require_GET
def public_list(request: HttpRequest) -> HttpResponse:
    published = queries.public_services()
    form = SearchForm(request.GET or None, communes=queries.communes_served(published))
    context = search_context(request, form, published, public=True)
    if request.htmx and request.htmx.target == RESULTS_TARGET:  # type: ignore[attr-defined]
        return render(request, "directory/partials/service_results.html", context)
    return render(request, "directory/public/list.html", context)


@public_view
@require_GET
def public_service(request: HttpRequest, pk: int) -> HttpResponse:
    service = get_object_or_404(queries.public_services(), pk=pk)
    return render(request, "directory/public/service.html", {"service": service})


@public_view
@require_GET
def open_data(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "directory/public/open_data.html",
        {"columns": column_docs(), "count": queries.public_services().count()},
    )


def column_docs() -> list[tuple[str, str]]:
    docs = {
        "id": _("Number of the service, stable: the address of its public page ends with it."),
        "organisation": _("Name of the organisation offering the service."),
        "name": _("Name of the service."),
        "theme": _("Code of the theme (see theme_label)."),
        "theme_label": _("Theme, in words."),
        "description": _("What the service offers."),
        "age_min": _("Minimum age of the public, empty if none."),
        "age_max": _("Maximum age of the public, empty if none."),
        "gender": _("“female” or “male” if the service is restricted, empty otherwise."),
        "communes": _("Communes served (separated by “|” in the CSV); empty: any commune."),
        "address": _("Where the service is given."),
        "latitude": _("Latitude (WGS 84), empty if not located."),
        "longitude": _("Longitude (WGS 84), empty if not located."),
        "opening_hours": _("Opening hours, as the organisation writes them."),
        "phone": _("Public phone number of the service."),
        "email": _("Public e-mail address of the service."),
        "website": _("Website of the service."),
        "languages": _("Languages spoken (separated by “|” in the CSV)."),
        "free": _("“true” if the service is free, “false” otherwise."),
        "price": _("What the service costs, when it is not free."),
        "access": _("How to access the service (appointment, walk-in…)."),
        "updated_at": _("Date (YYYY-MM-DD) the entry was last updated or confirmed."),
    }
    return [(column, docs[column]) for column in queries.OPEN_DATA_COLUMNS]


def _cell(value: object) -> object:
    """An open-data cell: booleans and lists spelt as the documentation says (the guard
    against formulas is the CSV writer's)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "|".join(str(item) for item in value)
    return value


@public_view
@require_GET
def open_data_csv(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(content_type=documents.CSV_TYPE)
    response["Content-Disposition"] = 'attachment; filename="offre-sociale.csv"'
    response["Cache-Control"] = f"public, max-age={EXPORT_MAX_AGE}"
    # Open data: the comma of RFC 4180, without a byte-order mark.
    writer = documents.CsvWriter(response, delimiter=",")
    writer.writerow(queries.OPEN_DATA_COLUMNS)
    for row in queries.open_data_rows():
        writer.writerow([_cell(row[column]) for column in queries.OPEN_DATA_COLUMNS])
    return response


@public_view
@require_GET
def open_data_json(request: HttpRequest) -> HttpResponse:
    response = JsonResponse(
        {"columns": list(queries.OPEN_DATA_COLUMNS), "services": queries.open_data_rows()},
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )
    response["Cache-Control"] = f"public, max-age={EXPORT_MAX_AGE}"
    return response
