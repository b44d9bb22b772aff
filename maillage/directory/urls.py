from django.urls import path

from maillage.directory.views import imports, public, team

app_name = "directory"

urlpatterns = [
    # The team's pages
    path("offre-sociale/", team.service_list, name="service_list"),
    path("offre-sociale/nouveau/", team.service_create, name="service_create"),
    path("offre-sociale/<int:pk>/", team.service_detail, name="service"),
    path("offre-sociale/<int:pk>/modifier/", team.service_edit, name="service_edit"),
    path("offre-sociale/<int:pk>/publier/", team.service_publish, name="service_publish"),
    path("offre-sociale/<int:pk>/retirer/", team.service_unpublish, name="service_unpublish"),
    path("offre-sociale/<int:pk>/confirmer/", team.service_confirm, name="service_confirm"),
    # The public social offer and its open data, without an account
    path("public/offre-sociale/", public.public_list, name="public_list"),
    path("public/offre-sociale/<int:pk>/", public.public_service, name="public_service"),
    path("public/offre-sociale/donnees/", public.open_data, name="open_data"),
    path("public/offre-sociale/services.csv", public.open_data_csv, name="open_data_csv"),
    path("public/offre-sociale/services.json", public.open_data_json, name="open_data_json"),
    # Services imported from a file
    path("offre-sociale/import/", imports.service_import, name="service_import"),
    path(
        "offre-sociale/import/confirmer/",
        imports.service_import_confirm,
        name="service_import_confirm",
    ),
    path(
        "offre-sociale/import/modele.csv",
        imports.service_import_template,
        name="service_import_template",
    ),
    path(
        "offre-sociale/import/exemple.csv",
        imports.service_import_example,
        name="service_import_example",
    ),
]
