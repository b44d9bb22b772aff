"""URLs of the schooling area: the import of absences."""

from django.urls import path

from maillage.schooling.views import imports as views

urlpatterns = [
    path("scolarite/absences/import/", views.absence_import, name="absence_import"),
    path(
        "scolarite/absences/import/<uuid:pk>/",
        views.absence_import_preview,
        name="absence_import_preview",
    ),
    path(
        "scolarite/absences/import/verification/",
        views.absence_import_review,
        name="absence_import_review",
    ),
    path(
        "scolarite/absences/import/confirmation/",
        views.absence_import_confirm,
        name="absence_import_confirm",
    ),
    path(
        "scolarite/absences/modele.csv",
        views.absence_import_template,
        name="absence_import_template",
    ),
    path(
        "scolarite/absences/exemple.csv",
        views.absence_import_example,
        name="absence_import_example",
    ),
]
