"""URLs of the schooling area: signals."""

from django.urls import path  # noqa: F401

from maillage.schooling.views import signals as views  # noqa: F401

urlpatterns: list = []
