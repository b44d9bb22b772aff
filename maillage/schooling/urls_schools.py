"""URLs of the schooling area: schools, pupils and threshold rules."""

from django.urls import URLPattern, path

from maillage.schooling.views import rules
from maillage.schooling.views import schools as views

urlpatterns: list[URLPattern] = [
    path("scolarite/ecoles/", views.school_list, name="school_list"),
    path("scolarite/ecoles/nouvelle/", views.school_create, name="school_create"),
    path("scolarite/ecoles/<int:pk>/", views.school_detail, name="school"),
    path("scolarite/ecoles/<int:pk>/modifier/", views.school_edit, name="school_edit"),
    path("scolarite/eleves/inscrire/", views.enrolment_create, name="enrolment_create"),
    path("scolarite/eleves/<int:pk>/", views.enrolment_detail, name="enrolment"),
    path("scolarite/eleves/<int:pk>/modifier/", views.enrolment_edit, name="enrolment_edit"),
    path("scolarite/seuils/", rules.rule_list, name="rule_list"),
    path("scolarite/seuils/nouvelle/", rules.rule_create, name="rule_create"),
    path("scolarite/seuils/<int:pk>/modifier/", rules.rule_edit, name="rule_edit"),
]
