"""/api/v1/: the read-only API, its OpenAPI schema and its documentation page."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from api import views

app_name = "api"


class Docs(SpectacularSwaggerSplitView):
    # Swagger UI's start-up script comes from this view (?script), never inline: see the template.
    template_name = "api/swagger_ui.html"
    authentication_classes: list = []
    permission_classes: list = []


class Schema(SpectacularAPIView):
    authentication_classes: list = []
    permission_classes: list = []


urlpatterns = [
    path("cases/", views.CaseList.as_view(), name="case_list"),
    path("cases/<str:pk>/", views.CaseDetail.as_view(), name="case_detail"),
    path("outcome-report/", views.OutcomeReportView.as_view(), name="outcome_report"),
    path("anonymised-case-rows/", views.AnonymisedRows.as_view(), name="anonymised_case_rows"),
    path("outcome-framework/", views.OutcomeFrameworkView.as_view(), name="outcome_framework"),
    path("reference-lists/", views.ReferenceLists.as_view(), name="reference_lists"),
    # The schema and its documentation hold no case data: open to anyone who can reach the app,
    # so a council's integration team can read them before it has a token.
    path("schema/", login_not_required(Schema.as_view()), name="schema"),
    path(
        "docs/",
        login_not_required(Docs.as_view(url_name="api:schema")),
        name="docs",
    ),
]
