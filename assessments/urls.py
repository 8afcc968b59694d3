from django.urls import path

from assessments import views, views_settings
from edgecare.records_common import record_paths, sign_off_paths

app_name = "assessments"

_one = "cases/<int:case_pk>/<int:pk>/"

urlpatterns = [
    path("cases/<int:case_pk>/start/", views.start, name="start"),
    *record_paths(
        _one,
        [
            ("", views.detail, "detail"),
            ("overview/", views.edit_overview, "edit_overview"),
            ("summary/", views.edit_summary, "edit_summary"),
            ("analysis/", views.edit_analysis, "edit_analysis"),
            ("domains/<int:row_pk>/", views.edit_domain, "edit_domain"),
            (
                "young-people/<int:person_pk>/",
                views.edit_young_person_view,
                "edit_young_person_view",
            ),
            ("carers/<int:person_pk>/", views.edit_carer_view, "edit_carer_view"),
            ("agencies/add/", views.edit_agency_contribution, "add_agency_contribution"),
            ("agencies/<int:item_pk>/", views.edit_agency_contribution, "edit_agency_contribution"),
            ("needs/add/", views.edit_need, "add_need"),
            ("needs/<int:item_pk>/", views.edit_need, "edit_need"),
            ("indicators/", views.edit_indicators, "edit_indicators"),
        ],
    ),
    *sign_off_paths(_one, views.SIGN_OFF),
    path(_one + "correct/", views.correct, name="correct"),
    # The organisation's outcome framework and risk factors (administrators).
    *record_paths(
        "settings/",
        [
            ("", views_settings.framework_settings, "settings"),
            ("activate/", views_settings.activate_framework, "activate_framework"),
            ("domains/add/", views_settings.edit_domain, "add_domain"),
            ("domains/<int:pk>/", views_settings.edit_domain, "edit_domain_settings"),
            ("risk-factors/add/", views_settings.edit_risk_factor, "add_risk_factor"),
            ("risk-factors/<int:pk>/", views_settings.edit_risk_factor, "edit_risk_factor"),
        ],
    ),
]
