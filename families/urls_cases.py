from django.urls import path

from families.views import cases

urlpatterns = [
    path("cases/", cases.case_list, name="case_list"),
    path("cases/<int:pk>/", cases.case_detail, name="case_detail"),
]
