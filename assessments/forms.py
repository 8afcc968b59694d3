"""Forms for assessments: one per section of the record, plus the framework's configuration."""

from __future__ import annotations

from crispy_forms_gds.layout import Field, Fieldset, Fixed, Fluid, Size
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q

from assessments.models import (
    SDQ_TOOL_NAME,
    AgencyContribution,
    Assessment,
    CarerView,
    DomainAssessment,
    IdentifiedNeed,
    IndicatorSet,
    OutcomeDomain,
    OutcomeFramework,
    RiskFactor,
    YoungPersonView,
)
from edgecare.forms import DateInput, RowVersionFormMixin, gds_helper


def score_field(label: str, *, help_text: str = "") -> forms.IntegerField:
    message = f"{label.split(' (')[0]} must be a whole number from 0 to 10."
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=10,
        help_text=help_text,
        error_messages={"min_value": message, "max_value": message, "invalid": message},
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


def count_field(label: str, what: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=32767,
        error_messages={
            "min_value": f"The number of {what} cannot be negative.",
            "max_value": f"The number of {what} is too large: check it.",
            "invalid": f"Enter the number of {what} as a whole number, like 3.",
        },
    )


class AssessmentStartForm(forms.ModelForm):
    """The instance comes with its case and assessor set, so the date can be checked against
    the referral."""

    class Meta:
        model = Assessment
        fields = ["assessment_type", "assessment_date"]
        widgets = {"assessment_date": DateInput, "assessment_type": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessment_date"].error_messages["required"] = (
            "Enter the date of the assessment."
        )
        self.fields["assessment_type"].error_messages["required"] = "Choose the type of assessment."
        self.helper = gds_helper(
            Field.radios("assessment_type", legend_size=Size.MEDIUM),
            Field.text("assessment_date", field_width=Fixed.TEN),
            submit="Start the assessment",
        )


class OverviewForm(RowVersionFormMixin, forms.ModelForm):
    class Meta:
        model = Assessment
        fields = ["assessment_type", "assessment_date", "correction_reason"]
        widgets = {"assessment_date": DateInput, "assessment_type": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields = [
            Field.radios("assessment_type", legend_size=Size.MEDIUM),
            Field.text("assessment_date", field_width=Fixed.TEN),
        ]
        if self.instance.version > 1:
            self.fields["correction_reason"].required = True
            self.fields["correction_reason"].error_messages["required"] = (
                "Say what this version corrects."
            )
            fields.append(Field.textarea("correction_reason", rows=3))
        else:
            del self.fields["correction_reason"]
        self.helper = gds_helper(*fields)


class SummaryForm(RowVersionFormMixin, forms.ModelForm):
    class Meta:
        model = Assessment
        fields = ["worries", "working_well", "needs_to_happen"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[
            "working_well"
        ].help_text = "Strengths and safety the family already has: who helps, what they do."
        self.fields[
            "needs_to_happen"
        ].help_text = (
            "What has to change for the worries to go away, in words the family would use."
        )
        self.helper = gds_helper(
            Field.textarea("worries", rows=6),
            Field.textarea("working_well", rows=6),
            Field.textarea("needs_to_happen", rows=6),
        )


class AnalysisForm(RowVersionFormMixin, forms.ModelForm):
    class Meta:
        model = Assessment
        fields = ["analysis", "risk_level", "risk_level_reason"]
        widgets = {"risk_level": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["risk_level"].choices = Assessment.RiskLevel.choices
        self.helper = gds_helper(
            Field.textarea("analysis", rows=8),
            Field.radios("risk_level", legend_size=Size.MEDIUM),
            Field.textarea("risk_level_reason", rows=4),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("risk_level") and not (cleaned.get("risk_level_reason") or "").strip():
            self.add_error("risk_level_reason", "Give the reason for this risk level.")
        return cleaned


class DomainAssessmentForm(RowVersionFormMixin, forms.ModelForm):
    worker_score = score_field(
        "Worker's score (0 to 10)", help_text="10 means things are as good as they need to be."
    )
    family_score = score_field(
        "Family's own score (0 to 10)",
        help_text="Ask the family where they would put themselves. Leave empty until they have.",
    )

    class Meta:
        model = DomainAssessment
        fields = ["risk_factors", "narrative", "strengths", "worker_score", "family_score"]
        widgets = {"risk_factors": forms.CheckboxSelectMultiple}

    def __init__(self, *args, organisation_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        # The organisation's factors in use, plus any chosen before a factor was retired.
        in_use = Q(is_active=True)
        if self.instance.pk:
            in_use |= Q(pk__in=self.instance.risk_factors.values("pk"))
        self.fields["risk_factors"].queryset = RiskFactor.objects.filter(
            in_use, organisation_id=organisation_id
        )
        self.fields["risk_factors"].label = "Risk factors"
        self.fields["risk_factors"].help_text = "Choose any that apply in this area."
        self.fields["risk_factors"].required = False
        self.helper = gds_helper(
            Field.checkboxes("risk_factors", legend_size=Size.SMALL, small=True),
            Field.textarea("narrative", rows=6),
            Field.textarea("strengths", rows=4),
            Field.text("worker_score", field_width=Fixed.TWO),
            Field.text("family_score", field_width=Fixed.TWO),
        )


class YoungPersonViewForm(RowVersionFormMixin, forms.ModelForm):
    class Meta:
        model = YoungPersonView
        fields = ["views", "seen_alone", "seen_on"]
        widgets = {"seen_on": DateInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["views"].error_messages["required"] = (
            "Write down the young person's views, in their own words."
        )
        self.helper = gds_helper(
            Field.textarea("views", rows=8),
            Field.checkbox("seen_alone"),
            Field.text("seen_on", field_width=Fixed.TEN),
        )


class CarerViewForm(RowVersionFormMixin, forms.ModelForm):
    class Meta:
        model = CarerView
        fields = ["views", "seen_on"]
        widgets = {"seen_on": DateInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["views"].error_messages["required"] = "Write down their views."
        self.helper = gds_helper(
            Field.textarea("views", rows=8),
            Field.text("seen_on", field_width=Fixed.TEN),
        )


class AgencyContributionForm(RowVersionFormMixin, forms.ModelForm):
    class Meta:
        model = AgencyContribution
        fields = ["agency_name", "contributor", "contribution", "received_on"]
        widgets = {"received_on": DateInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contributor"].help_text = "Their name and role, for example a head of year."
        self.helper = gds_helper(
            Field.text("agency_name", field_width=Fluid.TWO_THIRDS),
            Field.text("contributor", field_width=Fluid.TWO_THIRDS),
            Field.textarea("contribution", rows=6),
            Field.text("received_on", field_width=Fixed.TEN),
        )


class IdentifiedNeedForm(RowVersionFormMixin, forms.ModelForm):
    class Meta:
        model = IdentifiedNeed
        fields = ["domain", "description", "priority"]

    def __init__(self, *args, framework: OutcomeFramework, **kwargs):
        super().__init__(*args, **kwargs)
        current = [self.instance.domain_id] if self.instance.pk else []
        self.fields["domain"].queryset = OutcomeDomain.objects.filter(framework=framework).filter(
            pk__in=[
                *framework.domains.filter(is_active=True).values_list("pk", flat=True),
                *current,
            ]
        )
        self.fields["domain"].label = "Outcome area"
        self.fields["domain"].empty_label = "Choose an outcome area"
        self.fields["domain"].error_messages["required"] = "Choose the outcome area of this need."
        self.fields["description"].error_messages["required"] = (
            "Say what needs to change, in plain words."
        )
        self.fields["priority"].min_value = 1
        self.fields["priority"].error_messages.update(
            {
                "min_value": "Priority is a whole number, 1 for the most important.",
                "invalid": "Priority is a whole number, 1 for the most important.",
            }
        )
        self.helper = gds_helper(
            Field.select("domain"),
            Field.textarea("description", rows=4),
            Field.text("priority", field_width=Fixed.TWO),
        )

    def clean_priority(self):
        priority = self.cleaned_data.get("priority")
        if priority is not None and priority < 1:
            raise ValidationError("Priority is a whole number, 1 for the most important.")
        return priority


class IndicatorSetForm(RowVersionFormMixin, forms.ModelForm):
    school_attendance_percent = forms.DecimalField(
        label="School attendance (%)",
        required=False,
        min_value=0,
        max_value=100,
        max_digits=4,
        decimal_places=1,
        help_text="For example 72.5.",
        error_messages={
            "min_value": "School attendance must be a percentage from 0 to 100.",
            "max_value": "School attendance must be a percentage from 0 to 100.",
            "invalid": "Enter school attendance as a number from 0 to 100, like 72.5.",
            "max_digits": "School attendance must be a percentage from 0 to 100.",
            "max_decimal_places": "Give school attendance to one decimal place at most.",
        },
    )
    exclusions = count_field("Exclusions (number)", "exclusions")
    fixed_term_exclusion_days = forms.DecimalField(
        label="Days of suspension (fixed-term exclusion)",
        required=False,
        min_value=0,
        max_digits=5,
        decimal_places=1,
        error_messages={
            "min_value": "Days of suspension cannot be negative.",
            "invalid": "Enter the days of suspension as a number, like 2.5.",
            "max_decimal_places": "Give days of suspension to one decimal place at most.",
            "max_digits": "The days of suspension are too many: check the number.",
        },
    )
    missing_episodes = count_field("Missing episodes", "missing episodes")
    offences = count_field("Offences", "offences")
    police_callouts = count_field("Police call-outs to the home", "police call-outs")
    tool_score = forms.IntegerField(
        label="Score",
        required=False,
        min_value=0,
        max_value=40,
        help_text="The total difficulties score, 0 to 40. Record only the total.",
        error_messages={
            "min_value": "An SDQ total difficulties score is a whole number from 0 to 40.",
            "max_value": "An SDQ total difficulties score is a whole number from 0 to 40.",
            "invalid": "An SDQ total difficulties score is a whole number from 0 to 40.",
        },
    )

    class Meta:
        model = IndicatorSet
        fields = [
            "recorded_on",
            "period_weeks",
            "school_attendance_percent",
            "exclusions",
            "fixed_term_exclusion_days",
            "missing_episodes",
            "offences",
            "police_callouts",
            "tool_name",
            "tool_informant",
            "tool_score",
            "notes",
        ]
        widgets = {"recorded_on": DateInput, "tool_informant": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recorded_on"].error_messages["required"] = "Enter the date recorded."
        self.fields["period_weeks"].error_messages.update(
            {
                "min_value": "The period is at least 1 week.",
                "invalid": "Enter the number of weeks, like 12.",
            }
        )
        self.fields["tool_informant"].choices = IndicatorSet.Informant.choices
        self.fields["tool_name"].initial = SDQ_TOOL_NAME
        self.helper = gds_helper(
            Field.text("recorded_on", field_width=Fixed.TEN),
            Fieldset(
                Field.text("school_attendance_percent", field_width=Fixed.FIVE),
                Field.text("exclusions", field_width=Fixed.FIVE),
                Field.text("fixed_term_exclusion_days", field_width=Fixed.FIVE),
                legend="School",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.text("period_weeks", field_width=Fixed.FIVE),
                Field.text("missing_episodes", field_width=Fixed.FIVE),
                Field.text("offences", field_width=Fixed.FIVE),
                Field.text("police_callouts", field_width=Fixed.FIVE),
                legend="Safety and offending",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.text("tool_name", field_width=Fluid.TWO_THIRDS),
                Field.radios("tool_informant", legend_size=Size.SMALL, small=True),
                Field.text("tool_score", field_width=Fixed.TWO),
                legend="Validated tool score (optional)",
                legend_size=Size.MEDIUM,
            ),
            Field.textarea("notes", rows=3),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("tool_score") is not None and not cleaned.get("tool_informant"):
            self.add_error("tool_informant", "Say who completed the questionnaire.")
        if cleaned.get("tool_score") is not None and not (cleaned.get("tool_name") or "").strip():
            self.add_error("tool_name", "Name the tool the score comes from.")
        return cleaned


class CommentsForm(forms.Form):
    comments = forms.CharField(label="Comments", required=False, widget=forms.Textarea)

    def __init__(self, *args, required: bool = False, label: str = "Comments", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comments"].required = required
        self.fields["comments"].label = label
        self.fields["comments"].error_messages["required"] = (
            "Say what needs to change before returning the assessment."
        )


class CorrectionForm(forms.Form):
    reason = forms.CharField(
        label="What does this correction put right?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say what the new version corrects."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field.textarea("reason", rows=3), submit="Start a corrected version"
        )


# The organisation's configuration -------------------------------------------------------


class OneNameInListMixin:
    """An entry of one of the organisation's own lists (a framework's outcome areas, its risk
    factors), named once in that list whatever its capitals. A form names its list
    (`same_list()`) and says what a clash is (`name_clash`)."""

    name_clash: str

    def same_list(self):
        raise NotImplementedError

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        clash = self.same_list().filter(name__iexact=name).exclude(pk=self.instance.pk)
        if clash.exists():
            raise ValidationError(self.name_clash)
        return name


class OutcomeDomainForm(OneNameInListMixin, forms.ModelForm):
    name_clash = "This framework already has an outcome area with that name."

    class Meta:
        model = OutcomeDomain
        fields = [
            "name",
            "description",
            "low_anchor",
            "middle_anchor",
            "high_anchor",
            "order",
            "is_active",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[
            "is_active"
        ].help_text = "Untick to stop scoring this area in new assessments. Past scores are kept."
        self.helper = gds_helper(
            Field.text("name", field_width=Fluid.TWO_THIRDS),
            Field.textarea("description", rows=2),
            Field.textarea("low_anchor", rows=3),
            Field.textarea("middle_anchor", rows=3),
            Field.textarea("high_anchor", rows=3),
            Field.text("order", field_width=Fixed.TWO),
            Field.checkbox("is_active"),
        )

    def same_list(self):
        return OutcomeDomain.objects.filter(framework_id=self.instance.framework_id)


class RiskFactorForm(OneNameInListMixin, forms.ModelForm):
    name_clash = "There is already a risk factor with that name."

    class Meta:
        model = RiskFactor
        fields = ["name", "order", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field.text("name", field_width=Fluid.TWO_THIRDS),
            Field.text("order", field_width=Fixed.TWO),
            Field.checkbox("is_active"),
        )

    def same_list(self):
        return RiskFactor.objects.filter(organisation_id=self.instance.organisation_id)
