from django.urls import include, path

from assessments import views, views_settings
from edgecare.records_common import sign_off_paths

app_name = "assessments"

_one = "cases/<int:case_pk>/<int:pk>/"

urlpatterns = [
    path("cases/<int:case_pk>/start/", views.start, name="start"),
    path(
        _one,
        include(
            [
                path("", views.detail, name="detail"),
                path("overview/", views.edit_overview, name="edit_overview"),
                path("summary/", views.edit_summary, name="edit_summary"),
                path("analysis/", views.edit_analysis, name="edit_analysis"),
                path("domains/<int:row_pk>/", views.edit_domain, name="edit_domain"),
                path(
                    "young-people/<int:person_pk>/",
                    views.edit_young_person_view,
                    name="edit_young_person_view",
                ),
                path("carers/<int:person_pk>/", views.edit_carer_view, name="edit_carer_view"),
                path(
                    "agencies/add/", views.edit_agency_contribution, name="add_agency_contribution"
                ),
                path(
                    "agencies/<int:item_pk>/",
                    views.edit_agency_contribution,
                    name="edit_agency_contribution",
                ),
                path("needs/add/", views.edit_need, name="add_need"),
                path("needs/<int:item_pk>/", views.edit_need, name="edit_need"),
                path("indicators/", views.edit_indicators, name="edit_indicators"),
            ]
        ),
    ),
    path(_one, include(sign_off_paths(views.SIGN_OFF))),
    path(_one + "correct/", views.correct, name="correct"),
    # The organisation's outcome framework and risk factors (administrators).
    path(
        "settings/",
        include(
            [
                path("", views_settings.framework_settings, name="settings"),
                path("activate/", views_settings.activate_framework, name="activate_framework"),
                path("domains/add/", views_settings.edit_domain, name="add_domain"),
                path("domains/<int:pk>/", views_settings.edit_domain, name="edit_domain_settings"),
                path("risk-factors/add/", views_settings.edit_risk_factor, name="add_risk_factor"),
                path(
                    "risk-factors/<int:pk>/",
                    views_settings.edit_risk_factor,
                    name="edit_risk_factor",
                ),
            ]
        ),
    ),
]
