"""The read-only API. Thin views: every read goes through the scoped selectors the pages use
(families.selectors.cases_for_user, the outcome report's builder and exports), and every read of
case data writes an access-log row naming the service account's User."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_not_required
from django.utils.decorators import method_decorator
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.permissions import IsServiceAccount
from api.selectors import case_summaries_for_user
from api.serializers import (
    AnonymisedRowsSerializer,
    CaseSummarySerializer,
    OutcomeFrameworkSerializer,
    OutcomeReportSerializer,
    ReferenceListsSerializer,
)
from assessments.models import OutcomeDomain, OutcomeFramework
from edgecare.access import LARGEST_ID, record_access
from edgecare.models import AccessLog, Service, Team
from edgecare.refusals import refuse_as_missing
from families.models import Case
from families.selectors import with_case_list_figures
from managers.forms import OutcomeFilterForm
from managers.outcome_cache import report_for
from managers.outcome_exports import case_rows, figure_rows


class Page(LimitOffsetPagination):
    default_limit = 100
    max_limit = 1000


ERRORS = {
    400: OpenApiResponse(OpenApiTypes.OBJECT, description="A filter was not valid."),
    401: OpenApiResponse(
        OpenApiTypes.OBJECT, description="The token is missing, wrong, revoked or expired."
    ),
    429: OpenApiResponse(OpenApiTypes.OBJECT, description="Too many requests: try again later."),
}


def _invalid(form: forms.Form):
    raise exceptions.ValidationError(
        {field: [str(m) for m in messages] for field, messages in form.errors.items()}
    )


class CaseFilterForm(forms.Form):
    referred_from = forms.DateField(required=False)
    referred_to = forms.DateField(required=False)
    team = forms.ModelChoiceField(queryset=Team.objects.none(), required=False)
    status = forms.ChoiceField(choices=[("", "Any"), *Case.Status.choices], required=False)

    def __init__(self, *args, cases, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the teams of cases in scope: another team's id is "not one of the choices".
        self.fields["team"].queryset = Team.objects.filter(pk__in=cases.values("team_id"))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("referred_from"), cleaned.get("referred_to")
        if start and end and start > end:
            self.add_error("referred_to", "The end of the period must be on or after its start")
        return cleaned


CASE_FILTERS = [
    OpenApiParameter("referred_from", OpenApiTypes.DATE, description="Referred on or after"),
    OpenApiParameter("referred_to", OpenApiTypes.DATE, description="Referred on or before"),
    OpenApiParameter("team", OpenApiTypes.INT, description="A team's id (see reference lists)"),
    OpenApiParameter("status", OpenApiTypes.STR, enum=Case.Status.values),
]

REPORT_FILTERS = [
    OpenApiParameter("date_from", OpenApiTypes.DATE, description="Start of the period"),
    OpenApiParameter("date_to", OpenApiTypes.DATE, description="End of the period"),
    OpenApiParameter("team", OpenApiTypes.INT, description="A team's id (see reference lists)"),
    OpenApiParameter("intervention_model", OpenApiTypes.STR),
    OpenApiParameter("age_band", OpenApiTypes.STR),
    OpenApiParameter("gender", OpenApiTypes.STR),
]


class ApiView(APIView):
    permission_classes = [IsServiceAccount]


@method_decorator(login_not_required, name="dispatch")
class CaseList(generics.ListAPIView):
    """The cases in the service account's scope: summaries, newest referral first."""

    permission_classes = [IsServiceAccount]
    serializer_class = CaseSummarySerializer
    pagination_class = Page

    def get_queryset(self):
        cases = case_summaries_for_user(self.request.user)
        form = CaseFilterForm(self.request.query_params, cases=cases)
        if not form.is_valid():
            _invalid(form)
        data = form.cleaned_data
        if data["referred_from"]:
            cases = cases.filter(referral_date__gte=data["referred_from"])
        if data["referred_to"]:
            cases = cases.filter(referral_date__lte=data["referred_to"])
        if data["team"]:
            cases = cases.filter(team=data["team"])
        if data["status"]:
            cases = cases.filter(status=data["status"])
        return with_case_list_figures(cases)

    @extend_schema(parameters=CASE_FILTERS, responses={200: CaseSummarySerializer, **ERRORS})
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        record_access(request, action=AccessLog.Action.VIEW, record_type=AccessLog.RecordType.CASE)
        return response


@method_decorator(login_not_required, name="dispatch")
class CaseDetail(ApiView):
    @extend_schema(
        parameters=[OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH)],
        responses={
            200: CaseSummarySerializer,
            404: OpenApiResponse(OpenApiTypes.OBJECT, description="Not a case in scope."),
            **ERRORS,
        },
    )
    def get(self, request: Request, pk: str) -> Response:
        """One case in scope. Any other id (another team's, another organisation's, none) is a
        404, and the refusal is in the access log."""
        # Any text is taken here (not only digits) so that every wrong id gets this API's JSON
        # 404, not the pages' HTML one.
        case_id = int(pk) if pk.isascii() and pk.isdigit() else None
        case = None
        if case_id is not None and case_id <= LARGEST_ID:
            cases = case_summaries_for_user(request.user).filter(pk=case_id)
            case = with_case_list_figures(cases).first()
        if case is None:
            refuse_as_missing(
                request,
                record_type=AccessLog.RecordType.CASE,
                case_id=case_id,
                record_id=case_id,
                message="No such case",
                not_found=exceptions.NotFound,
            )
        record_access(
            request,
            action=AccessLog.Action.VIEW,
            record_type=AccessLog.RecordType.CASE,
            case_id=case.pk,
            record_id=case.pk,
        )
        return Response(CaseSummarySerializer(case).data)


def _report(request: Request, *, with_cases: bool = False):
    """The outcome report for the filters given, built and cached exactly as the manager's page
    builds it (managers.outcome_cache.report_for), over the account's scope."""
    form = OutcomeFilterForm(request.query_params, user=request.user)
    if not form.is_valid():
        _invalid(form)
    return report_for(request.user, form.report_filters(), with_cases=with_cases)


@method_decorator(login_not_required, name="dispatch")
class OutcomeReportView(ApiView):
    @extend_schema(parameters=REPORT_FILTERS, responses={200: OutcomeReportSerializer, **ERRORS})
    def get(self, request: Request) -> Response:
        """The outcome report's figures, one per row, as the report's figures CSV has them."""
        report = _report(request)
        record_access(
            request, action=AccessLog.Action.VIEW, record_type=AccessLog.RecordType.OUTCOME_REPORT
        )
        figures = [
            {
                "section": section,
                "measure": measure,
                "value": "" if value is None else str(value),
                "out_of": out_of if isinstance(out_of, int) else None,
                "definition": definition or "",
            }
            for section, measure, value, out_of, definition in figure_rows(report)
        ]
        return Response(
            OutcomeReportSerializer(
                {
                    "date_from": report.filters.date_from,
                    "date_to": report.filters.date_to,
                    "filters": [
                        {"label": label, "value": value}
                        for label, value in report.filters.described()
                    ],
                    "built_at": report.built_at,
                    "figures": figures,
                }
            ).data
        )


@method_decorator(login_not_required, name="dispatch")
class AnonymisedRows(ApiView):
    @extend_schema(
        parameters=[
            *REPORT_FILTERS,
            OpenApiParameter("limit", OpenApiTypes.INT),
            OpenApiParameter("offset", OpenApiTypes.INT),
        ],
        responses={200: AnonymisedRowsSerializer, **ERRORS},
    )
    def get(self, request: Request) -> Response:
        """The anonymised case rows (the Power BI feed): the outcome report's case-level CSV,
        row for row, paginated. Codes, months and numbers only."""
        report = _report(request, with_cases=True)
        header, rows = case_rows(report)
        paginator = Page()
        page = paginator.paginate_queryset(rows, request, view=self) or []
        record_access(
            request, action=AccessLog.Action.EXPORT, record_type=AccessLog.RecordType.OUTCOME_REPORT
        )
        return Response(
            {
                "count": paginator.count,
                "next": paginator.get_next_link(),
                "previous": paginator.get_previous_link(),
                "columns": header,
                "results": [
                    {
                        column: "" if value is None else str(value)
                        for column, value in zip(header, row, strict=True)
                    }
                    for row in page
                ],
            }
        )


@method_decorator(login_not_required, name="dispatch")
class OutcomeFrameworkView(ApiView):
    @extend_schema(responses={200: OutcomeFrameworkSerializer, **ERRORS})
    def get(self, request: Request) -> Response:
        """The organisation's active outcome framework and its domains, each scored 0 to 10."""
        organisation = request.user.organisation
        framework = OutcomeFramework.active_for(organisation)
        domains = OutcomeDomain.objects.active_for(organisation)
        return Response(
            OutcomeFrameworkSerializer(
                {
                    "id": framework.pk if framework else None,
                    "name": framework.name if framework else "",
                    "description": framework.description if framework else "",
                    "score_range": [0, 10],
                    "domains": list(domains),
                }
            ).data
        )


def _choices(choices) -> list[dict[str, str]]:
    return [{"value": value, "label": label} for value, label in choices]


@method_decorator(login_not_required, name="dispatch")
class ReferenceLists(ApiView):
    @extend_schema(responses={200: ReferenceListsSerializer, **ERRORS})
    def get(self, request: Request) -> Response:
        """The codes the other resources use, and the services and teams in scope."""
        user = request.user
        teams = Team.objects.filter(service__organisation_id=user.organisation_id)
        if user.team_id:
            teams = teams.filter(pk=user.team_id)
        elif user.service_id:
            teams = teams.filter(service_id=user.service_id)
        services = Service.objects.filter(pk__in=teams.values("service_id"))
        return Response(
            ReferenceListsSerializer(
                {
                    "case_statuses": _choices(Case.Status.choices),
                    "referral_sources": _choices(Case.ReferralSource.choices),
                    "urgencies": _choices(Case.Urgency.choices),
                    "intervention_models": _choices(Service.InterventionModel.choices),
                    "services": services.order_by("name"),
                    "teams": teams.order_by("name"),
                }
            ).data
        )
