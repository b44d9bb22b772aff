"""The import of services into the social offer (kept apart so its pages stay in one place)."""

from django.urls import path

from maillage.directory import views_import

urlpatterns: list = [
    path("offre-sociale/import/", views_import.service_import, name="service_import"),
    path(
        "offre-sociale/import/confirmer/",
        views_import.service_import_confirm,
        name="service_import_confirm",
    ),
    path(
        "offre-sociale/import/modele.csv",
        views_import.service_import_template,
        name="service_import_template",
    ),
    path(
        "offre-sociale/import/exemple.csv",
        views_import.service_import_example,
        name="service_import_example",
    ),
]
