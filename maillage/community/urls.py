from django.urls import path

from maillage.community.views import diagnoses, home, observations, projects

app_name = "community"

urlpatterns = [
    path("communautaire/", home.index, name="index"),
    # Projects
    path("communautaire/projets/", projects.project_list, name="project_list"),
    path("communautaire/projets/nouveau/", projects.project_create, name="project_create"),
    path("communautaire/projets/<int:pk>/", projects.project_detail, name="project"),
    path("communautaire/projets/<int:pk>/modifier/", projects.project_edit, name="project_edit"),
    path("communautaire/projets/<int:pk>/budget/ajout/", projects.budget_add, name="budget_add"),
    path("communautaire/budget/<int:pk>/supprimer/", projects.budget_remove, name="budget_remove"),
    # Observations and youth consultations
    path("communautaire/constats/", observations.observation_list, name="observation_list"),
    path(
        "communautaire/constats/nouveau/",
        observations.observation_create,
        name="observation_create",
    ),
    path("communautaire/consultations/", observations.consultation_list, name="consultation_list"),
    path(
        "communautaire/consultations/nouvelle/",
        observations.consultation_create,
        name="consultation_create",
    ),
    path(
        "communautaire/consultations/<int:pk>/",
        observations.consultation_detail,
        name="consultation",
    ),
    path(
        "communautaire/consultations/<int:pk>/avis/",
        observations.opinion_add,
        name="opinion_add",
    ),
    path(
        "communautaire/constats/<int:pk>/piece/",
        observations.observation_file,
        name="observation_file",
    ),
    # The community social diagnosis and its action plan
    path("communautaire/diagnostics/", diagnoses.diagnosis_list, name="diagnosis_list"),
    path("communautaire/diagnostics/nouveau/", diagnoses.diagnosis_create, name="diagnosis_create"),
    path("communautaire/diagnostics/<int:pk>/", diagnoses.diagnosis_detail, name="diagnosis"),
    path(
        "communautaire/diagnostics/<int:pk>/modifier/",
        diagnoses.diagnosis_edit,
        name="diagnosis_edit",
    ),
    path(
        "communautaire/diagnostics/<int:pk>/diagnostic.pdf",
        diagnoses.diagnosis_pdf,
        name="diagnosis_pdf",
    ),
    path(
        "communautaire/diagnostics/<int:pk>/adoption/",
        diagnoses.diagnosis_adopt,
        name="diagnosis_adopt",
    ),
    path(
        "communautaire/diagnostics/<int:pk>/actions/ajout/",
        diagnoses.action_add,
        name="action_add",
    ),
    path(
        "communautaire/actions/<int:pk>/supprimer/", diagnoses.action_remove, name="action_remove"
    ),
]
