from django.urls import path

from api import views_accounts

app_name = "service_accounts"

urlpatterns = [
    path("", views_accounts.account_list, name="list"),
    path("add/", views_accounts.account_add, name="add"),
    path("<int:pk>/created/", views_accounts.account_created, name="created"),
    path("<int:pk>/revoke/", views_accounts.account_revoke, name="revoke"),
]
