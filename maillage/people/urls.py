from django.urls import path

from maillage.people import views

app_name = "people"

urlpatterns = [
    path("jeunes/", views.person_list, name="person_list"),
    path("jeunes/nouveau/", views.person_create, name="person_create"),
    path("jeunes/doublons/", views.person_duplicates, name="person_duplicates"),
    path("jeunes/<int:pk>/", views.person_detail, name="person_detail"),
    path("jeunes/<int:pk>/modifier/", views.person_edit, name="person_edit"),
    path("jeunes/<int:pk>/fusionner/", views.person_merge, name="person_merge"),
    path("jeunes/<int:pk>/famille/nouvelle/", views.household_create, name="household_create"),
    path("familles/<int:pk>/", views.household_detail, name="household_detail"),
    path(
        "familles/<int:pk>/membres/ajouter/",
        views.household_add_member,
        name="household_add_member",
    ),
    path(
        "familles/<int:pk>/membres/<int:member_pk>/retirer/",
        views.household_remove_member,
        name="household_remove_member",
    ),
]
