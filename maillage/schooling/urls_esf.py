"""URLs of the schooling area: esf."""

from django.urls import path  # noqa: F401

from maillage.schooling.views import esf as views  # noqa: F401

urlpatterns: list = []
