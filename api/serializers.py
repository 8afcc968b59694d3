"""What each API resource answers with. Summaries only: no free text about a family."""

from __future__ import annotations

from rest_framework import serializers

from families.models import Case


class NamedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class CaseSummarySerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    status = serializers.ChoiceField(choices=Case.Status.choices, read_only=True)
    first_contact_on = serializers.DateField(read_only=True, allow_null=True)
    last_contact_on = serializers.DateField(read_only=True, allow_null=True)
    team = NamedSerializer(read_only=True)
    service = NamedSerializer(read_only=True)
    lead_professional = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = [
            "id",
            "reference",
            "status",
            "urgency",
            "referral_date",
            "first_contact_on",
            "last_contact_on",
            "closed_on",
            "team",
            "service",
            "lead_professional",
        ]
        read_only_fields = fields

    def get_lead_professional(self, case: Case) -> str | None:
        worker = case.lead_professional
        return worker.get_full_name() or worker.username if worker else None


class FigureSerializer(serializers.Serializer):
    section = serializers.CharField()
    measure = serializers.CharField()
    value = serializers.CharField(allow_blank=True)
    out_of = serializers.IntegerField(allow_null=True)
    definition = serializers.CharField(allow_blank=True)


class FilterSerializer(serializers.Serializer):
    label = serializers.CharField()
    value = serializers.CharField()


class OutcomeReportSerializer(serializers.Serializer):
    date_from = serializers.DateField()
    date_to = serializers.DateField()
    filters = FilterSerializer(many=True)
    built_at = serializers.DateTimeField(allow_null=True)
    figures = FigureSerializer(many=True)


class AnonymisedRowsSerializer(serializers.Serializer):
    """One page of the anonymised case rows: the CSV export's columns and rows, each value as
    the CSV's text ("" for none)."""

    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    columns = serializers.ListField(child=serializers.CharField())
    results = serializers.ListField(
        child=serializers.DictField(child=serializers.CharField(allow_blank=True))
    )


class DomainSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    order = serializers.IntegerField()
    name = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    low_anchor = serializers.CharField(allow_blank=True)
    middle_anchor = serializers.CharField(allow_blank=True)
    high_anchor = serializers.CharField(allow_blank=True)


class OutcomeFrameworkSerializer(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True)
    name = serializers.CharField(allow_blank=True)
    description = serializers.CharField(allow_blank=True)
    score_range = serializers.ListField(child=serializers.IntegerField())
    domains = DomainSerializer(many=True)


class ChoiceSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()


class TeamRefSerializer(NamedSerializer):
    service_id = serializers.IntegerField()


class ReferenceListsSerializer(serializers.Serializer):
    case_statuses = ChoiceSerializer(many=True)
    referral_sources = ChoiceSerializer(many=True)
    urgencies = ChoiceSerializer(many=True)
    intervention_models = ChoiceSerializer(many=True)
    services = NamedSerializer(many=True)
    teams = TeamRefSerializer(many=True)
