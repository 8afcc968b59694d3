from django.urls import path

from assessments import views, views_settings

app_name = "assessments"

_one = "cases/<int:case_pk>/<int:pk>/"

urlpatterns = [
    path("cases/<int:case_pk>/start/", views.start, name="start"),
    path(_one, views.detail, name="detail"),
    path(_one + "overview/", views.edit_overview, name="edit_overview"),
    path(_one + "summary/", views.edit_summary, name="edit_summary"),
    path(_one + "analysis/", views.edit_analysis, name="edit_analysis"),
    path(_one + "domains/<int:row_pk>/", views.edit_domain, name="edit_domain"),
    path(
        _one + "young-people/<int:person_pk>/",
        views.edit_young_person_view,
        name="edit_young_person_view",
    ),
    path(_one + "carers/<int:person_pk>/", views.edit_carer_view, name="edit_carer_view"),
    path(_one + "agencies/add/", views.edit_agency_contribution, name="add_agency_contribution"),
    path(
        _one + "agencies/<int:item_pk>/",
        views.edit_agency_contribution,
        name="edit_agency_contribution",
    ),
    path(_one + "needs/add/", views.edit_need, name="add_need"),
    path(_one + "needs/<int:item_pk>/", views.edit_need, name="edit_need"),
    path(_one + "indicators/", views.edit_indicators, name="edit_indicators"),
    path(_one + "check-answers/", views.check_answers, name="check_answers"),
    path(_one + "submit/", views.submit, name="submit"),
    path(_one + "sign-off/", views.sign_off, name="sign_off"),
    path(_one + "return/", views.return_for_changes, name="return"),
    path(_one + "correct/", views.correct, name="correct"),
    # The organisation's outcome framework and risk factors (administrators).
    path("settings/", views_settings.framework_settings, name="settings"),
    path("settings/activate/", views_settings.activate_framework, name="activate_framework"),
    path("settings/domains/add/", views_settings.edit_domain, name="add_domain"),
    path("settings/domains/<int:pk>/", views_settings.edit_domain, name="edit_domain_settings"),
    path("settings/risk-factors/add/", views_settings.edit_risk_factor, name="add_risk_factor"),
    path(
        "settings/risk-factors/<int:pk>/",
        views_settings.edit_risk_factor,
        name="edit_risk_factor",
    ),
]
