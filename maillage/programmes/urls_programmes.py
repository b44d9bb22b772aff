"""URLs of the programmes area: programmes, their funded projects, budget, spending and
indicator targets."""

from django.urls import path

from maillage.programmes.views import programmes as views

urlpatterns = [
    path("programmes/liste/", views.programme_list, name="programme_list"),
    path("programmes/nouveau/", views.programme_create, name="programme_create"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme"),
    path("programmes/<int:pk>/modifier/", views.programme_edit, name="programme_edit"),
    # Funded projects
    path("programmes/<int:pk>/projets/", views.project_list, name="project_list"),
    path("programmes/<int:pk>/projets/nouveau/", views.project_add, name="project_add"),
    path("programmes/projets/<int:pk>/modifier/", views.project_edit, name="project_edit"),
    path("programmes/projets/<int:pk>/supprimer/", views.project_remove, name="project_remove"),
    # Budget lines
    path("programmes/<int:pk>/budget/nouvelle-ligne/", views.budget_add, name="budget_add"),
    path("programmes/budget/<int:pk>/modifier/", views.budget_edit, name="budget_edit"),
    path("programmes/budget/<int:pk>/supprimer/", views.budget_remove, name="budget_remove"),
    # Spending
    path("programmes/<int:pk>/depenses/", views.spending_list, name="spending_list"),
    path("programmes/<int:pk>/depenses/nouvelle/", views.spending_add, name="spending_add"),
    path("programmes/depenses/<int:pk>/supprimer/", views.spending_remove, name="spending_remove"),
    # Indicator targets
    path("programmes/<int:pk>/objectifs/nouveau/", views.target_set, name="target_set"),
    path("programmes/objectifs/<int:pk>/supprimer/", views.target_remove, name="target_remove"),
]
