from django.urls import path

from maillage.network.views import agreements, index, placements, trainings

app_name = "network"

urlpatterns = [
    path("reseau/", index.index, name="index"),
    # Placements (mises à disposition)
    path("reseau/mises-a-disposition/", placements.placement_list, name="placement_list"),
    path(
        "reseau/mises-a-disposition/nouvelle/",
        placements.placement_create,
        name="placement_create",
    ),
    path("reseau/mises-a-disposition/<int:pk>/", placements.placement_detail, name="placement"),
    path(
        "reseau/mises-a-disposition/<int:pk>/modifier/",
        placements.placement_edit,
        name="placement_edit",
    ),
    path(
        "reseau/mises-a-disposition/<int:pk>/supprimer/",
        placements.placement_delete,
        name="placement_delete",
    ),
    # Agreements (conventions) and their documents
    path("reseau/conventions/", agreements.agreement_list, name="agreement_list"),
    path("reseau/conventions/nouvelle/", agreements.agreement_create, name="agreement_create"),
    path("reseau/conventions/<int:pk>/", agreements.agreement_detail, name="agreement"),
    path("reseau/conventions/<int:pk>/modifier/", agreements.agreement_edit, name="agreement_edit"),
    path(
        "reseau/conventions/<int:pk>/documents/",
        agreements.agreement_documents_add,
        name="agreement_documents_add",
    ),
    path("reseau/documents/<int:pk>/", agreements.agreement_document, name="agreement_document"),
    path(
        "reseau/documents/<int:pk>/supprimer/",
        agreements.agreement_document_delete,
        name="agreement_document_delete",
    ),
    # Trainings
    path("reseau/formations/", trainings.training_list, name="training_list"),
    path("reseau/formations/heures/", trainings.training_hours, name="training_hours"),
    path("reseau/formations/nouvelle/", trainings.training_create, name="training_create"),
    path("reseau/formations/<int:pk>/", trainings.training_detail, name="training"),
    path("reseau/formations/<int:pk>/modifier/", trainings.training_edit, name="training_edit"),
    path(
        "reseau/formations/<int:pk>/supprimer/",
        trainings.training_delete,
        name="training_delete",
    ),
]
