"""URLs of the programmes area: reports."""

from django.urls import path

from maillage.programmes import report_jobs  # noqa: F401  (registers the job's kind)
from maillage.programmes.views import reports

urlpatterns = [
    path("programmes/rapports/", reports.report_list, name="report_list"),
    path("programmes/rapports/nouveau/", reports.report_create, name="report_create"),
    path("programmes/rapports/<int:pk>/", reports.report_detail, name="report"),
    path(
        "programmes/rapports/<int:pk>/recit/<slug:section>/",
        reports.report_narrative,
        name="report_narrative",
    ),
    path(
        "programmes/rapports/<int:pk>/regenerer/",
        reports.report_regenerate,
        name="report_regenerate",
    ),
    path(
        "programmes/rapports/<int:pk>/rapport.<slug:fmt>",
        reports.report_download,
        name="report_download",
    ),
]
