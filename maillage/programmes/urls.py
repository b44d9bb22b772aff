"""The programmes area's URLs, one module per part of the work."""

from django.urls import path

from maillage.programmes import urls_programmes, urls_reports
from maillage.programmes.views import home

app_name = "programmes"

urlpatterns = [
    path("programmes/", home.index, name="index"),
    *urls_programmes.urlpatterns,
    *urls_reports.urlpatterns,
]
