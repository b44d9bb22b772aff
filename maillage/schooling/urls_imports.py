"""URLs of the schooling area: imports."""

from django.urls import path  # noqa: F401

from maillage.schooling.views import imports as views  # noqa: F401

urlpatterns: list = []
