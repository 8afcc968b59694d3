from django.urls import path

from attachments import views

app_name = "attachments"

C = "cases/<int:case_pk>/"

urlpatterns = [
    path(C, views.documents, name="documents"),
    path(f"{C}attach/", views.attach, name="attach"),
    path(f"{C}attach/<slug:target_kind>/<int:target_pk>/", views.attach, name="attach_to"),
    path(f"{C}<int:pk>/download/", views.download, name="download"),
    path(f"{C}<int:pk>/withdraw/", views.withdraw, name="withdraw"),
]
