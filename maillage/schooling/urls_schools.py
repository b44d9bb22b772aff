"""URLs of the schooling area: schools."""

from django.urls import path  # noqa: F401

from maillage.schooling.views import schools as views  # noqa: F401

urlpatterns: list = []
