from django.urls import path

from maillage.privacy import views

app_name = "privacy"

urlpatterns = [
    path("donnees/", views.index, name="index"),
    path("donnees/personnes/<int:pk>/export.json", views.export_json, name="export_json"),
    path("donnees/personnes/<int:pk>/export.pdf", views.export_pdf, name="export_pdf"),
    path("donnees/personnes/<int:pk>/anonymiser/", views.erase, name="erase"),
    path("donnees/contacts/", views.contact_search, name="contacts"),
    path("donnees/contacts/export.json", views.contact_export, name="contact_export"),
    path("donnees/contacts/effacer/", views.contact_erase, name="contact_erase"),
    path("donnees/conservation/", views.retention, name="retention"),
    path("donnees/conservation/appliquer/", views.retention_apply, name="retention_apply"),
]
