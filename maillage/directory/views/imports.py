"""The import of services from a CSV or XLSX file: the shared import pages, with the spec of
the social offer. A user imports into their own organisation's entries only: the pipeline
is given the organisation they work for, and the file has no organisation column."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maillage.core.imports_views import (
    ImportPages,
    import_confirm,
    import_example,
    import_template,
    import_upload,
)
from maillage.core.permissions import org_view
from maillage.core.roles import Perm
from maillage.directory.imports import ServiceImport

MANAGE = Perm.MANAGE_NETWORK


def _pages() -> ImportPages:
    return ImportPages(
        spec=ServiceImport(),
        upload="directory:service_import",
        confirm="directory:service_import_confirm",
        template="directory:service_import_template",
        example="directory:service_import_example",
        back="directory:service_list",
        back_label=_("Social offer"),
        intro=_(
            "Add or update your organisation’s services from a file, one service per line. "
            "A line whose name matches one of your services updates it; the others are "
            "created. Columns absent from the file leave your services’ values unchanged."
        ),
    )


@org_view(MANAGE)
def service_import(request: HttpRequest) -> HttpResponse:
    return import_upload(request, _pages())


@require_POST
@org_view(MANAGE)
def service_import_confirm(request: HttpRequest) -> HttpResponse:
    return import_confirm(request, _pages())


@org_view(MANAGE)
def service_import_template(request: HttpRequest) -> HttpResponse:
    return import_template(_pages(), "modele-import-services.csv")


@org_view(MANAGE)
def service_import_example(request: HttpRequest) -> HttpResponse:
    return import_example(_pages(), "exemple-import-services.csv")
