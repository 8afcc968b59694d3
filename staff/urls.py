from django.urls import path

from staff import views

app_name = "staff"

urlpatterns = [
    path("", views.staff_list, name="list"),
    path("add/", views.staff_add, name="add"),
    path("<int:pk>/", views.staff_detail, name="detail"),
    path("<int:pk>/change/", views.staff_edit, name="edit"),
    path("<int:pk>/deactivate/", views.staff_deactivate, name="deactivate"),
    path("<int:pk>/reactivate/", views.staff_reactivate, name="reactivate"),
    path("<int:pk>/set-up-link/", views.staff_send_set_up_link, name="send_set_up_link"),
    path("<int:pk>/enrolment-code/", views.staff_enrolment_code, name="enrolment_code"),
    path("set-up/<uidb64>/<token>/", views.AccountSetUpView.as_view(), name="set_up_account"),
]
