from django.urls import path

from imports import views

app_name = "imports"

urlpatterns = [
    path("", views.import_start, name="start"),
    path("import/", views.import_confirm, name="confirm"),
    path("history/", views.import_history, name="history"),
    path("template.csv", views.import_template, name="template"),
]
