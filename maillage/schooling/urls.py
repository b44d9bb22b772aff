"""The schooling area's URLs, one module per part of the work."""

from django.urls import path

from maillage.schooling import urls_esf, urls_imports, urls_schools, urls_signals
from maillage.schooling.views import home

app_name = "schooling"

urlpatterns = [
    path("scolarite/", home.index, name="index"),
    *urls_signals.urlpatterns,
    *urls_imports.urlpatterns,
    *urls_schools.urlpatterns,
    *urls_esf.urlpatterns,
]
