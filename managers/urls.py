from django.urls import path

from managers import views, views_outcomes

app_name = "managers"

urlpatterns = [
    path("caseloads/", views.caseloads, name="caseloads"),
    path("caseloads/cases/", views.caseload_cases, name="caseload_cases"),
    path("cases/<int:pk>/allocate/", views.allocate, name="allocate"),
    path("attention/", views.attention, name="attention"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/<int:pk>/", views.notification_open, name="notification_open"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path("outcomes/", views_outcomes.outcomes, name="outcomes"),
    path("outcomes/export.csv", views_outcomes.outcomes_csv, name="outcomes_csv"),
    path("outcomes/report.pdf", views_outcomes.outcomes_pdf, name="outcomes_pdf"),
    path("cost-assumptions/", views_outcomes.cost_assumptions, name="cost_assumptions"),
]
