"""Forms for reviews, closure and follow-up checks: one per section, scoped choices only."""

from __future__ import annotations

import datetime

from crispy_forms_gds.layout import Field, Fieldset, Fixed, Fluid, Size
from django import forms
from django.utils import timezone

from assessments.forms import score_field
from assessments.models import Assessment
from edgecare.forms import DateInput, RowVersionFormMixin, gds_helper
from edgecare.records_common import record_date_field
from families.models import AgencyInvolvement, Case
from reviews import (
    closure_forms,  # noqa: F401 - bounded through this import (bound_every_form finds "forms")
    services,
)
from reviews.form_parts import OutcomeScoresForm, family_members, row_helper, rows_formset
from reviews.models import (
    FollowUpCheck,
    Review,
    ReviewDomainScore,
    ReviewGoalProgress,
    risk_has_risen,
)


def carers_views_hint(case: Case) -> str:
    """Every parent and carer by name, so each one's views have their place in the review as
    a parent's do; someone with a safety note is named only with a warning."""
    carers = [p for p in case.family.members.all() if p.is_parent_or_carer]
    asked = [
        f"{p.known_as} ({p.get_relationship_display().lower()})"
        for p in carers
        if not p.has_safety_note
    ]
    hint = f"Write each one's views: {', '.join(asked)}." if asked else ""
    noted = [p.known_as for p in carers if p.has_safety_note]
    if noted:
        hint += (
            f" {' and '.join(noted)} {'has' if len(noted) == 1 else 'have'} a safety note: check "
            "with your manager that it is safe before asking for their views."
        )
    return hint.strip()


class ReasonForm(forms.Form):
    """One required text box: a reason for returning, withdrawing or re-opening."""

    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, label: str, required_message: str, submit: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].label = label
        self.fields["text"].error_messages["required"] = required_message
        self.helper = gds_helper(Field.textarea("text", rows=4), submit=submit)

    def clean_text(self):
        text = (self.cleaned_data.get("text") or "").strip()
        if not text:
            raise forms.ValidationError(self.fields["text"].error_messages["required"])
        return text


# Reviews -------------------------------------------------------------------------------------


class ReviewStartForm(forms.Form):
    review_date = record_date_field("Date of the review", what="the date of the review")
    review_type = forms.ChoiceField(
        label="Type of review",
        choices=Review.ReviewType.choices,
        widget=forms.RadioSelect,
        initial=Review.ReviewType.PLANNED,
        error_messages={"required": "Choose the type of review."},
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.helper = gds_helper(
            Field.text("review_date", field_width=Fixed.TEN),
            Field.radios("review_type", legend_size=Size.SMALL),
            submit="Start the review",
        )

    def clean_review_date(self):
        day = self.cleaned_data["review_date"]
        problems = services.review_date_problems(self.plan, day) if self.plan else []
        if problems:
            raise forms.ValidationError(problems)
        return day


class ReviewDetailsForm(RowVersionFormMixin, forms.ModelForm):
    class Meta:
        model = Review
        fields = [
            "review_date",
            "review_type",
            "attendee_people",
            "attendee_agencies",
            "attendees_others",
            "progress_summary",
            "young_person_views",
            "family_views",
        ]
        widgets = {
            "review_date": DateInput,
            "review_type": forms.RadioSelect,
            "attendee_people": forms.CheckboxSelectMultiple,
            "attendee_agencies": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        case = self.instance.case
        self.fields["review_type"].choices = Review.ReviewType.choices
        self.fields["attendee_people"].queryset = family_members(case)
        self.fields["attendee_agencies"].queryset = AgencyInvolvement.objects.filter(case=case)
        self.fields["review_date"].error_messages["required"] = "Enter the date of the review."
        self.fields["family_views"].label = "Parents' and carers' views, in their own words"
        self.fields["family_views"].help_text = carers_views_hint(case)
        self.helper = gds_helper(
            Field.text("review_date", field_width=Fixed.TEN),
            Field.radios("review_type", legend_size=Size.SMALL),
            Fieldset(
                Field.checkboxes("attendee_people", legend_size=Size.SMALL, small=True),
                Field.checkboxes("attendee_agencies", legend_size=Size.SMALL, small=True),
                Field.text("attendees_others", field_width=Fluid.FULL),
                legend="Who took part",
                legend_size=Size.MEDIUM,
            ),
            Field.textarea("progress_summary", rows=5),
            Field.textarea("young_person_views", rows=5),
            Field.textarea("family_views", rows=5),
        )

    def clean_review_date(self):
        day = self.cleaned_data["review_date"]
        problems = services.review_date_problems(self.instance.plan, day)
        if problems:
            raise forms.ValidationError(problems)
        return day


class GoalProgressForm(RowVersionFormMixin, forms.ModelForm):
    score = score_field("Score now (0 to 10)", help_text="10 means the goal has been reached.")

    class Meta:
        model = ReviewGoalProgress
        fields = ["score", "commentary"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commentary"].widget.attrs["rows"] = 3
        self.helper = row_helper(
            Field.text("score", field_width=Fixed.TWO),
            Field.textarea("commentary", rows=3),
            "row_version",
        )


class ReviewDomainScoreForm(OutcomeScoresForm):
    worker_score = score_field("Worker's score (0 to 10)")
    family_score = score_field(
        "Family's own score (0 to 10)", help_text="Leave empty if the family did not give one."
    )

    class Meta(OutcomeScoresForm.Meta):
        model = ReviewDomainScore


GoalProgressFormSet = rows_formset(GoalProgressForm)
ReviewDomainScoreFormSet = rows_formset(ReviewDomainScoreForm)


class ReviewRiskForm(RowVersionFormMixin, forms.ModelForm):
    """Risk re-assessed. When it is higher than last time, what is being done about it and who
    has been told are required before it can be saved."""

    class Meta:
        model = Review
        fields = [
            "risk_level",
            "risk_reason",
            "escalation_action",
            "escalation_told",
            "manager_notified",
        ]
        widgets = {"risk_level": forms.RadioSelect}

    def __init__(self, *args, previous_risk: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.previous_risk = previous_risk
        self.fields["risk_level"].choices = Assessment.RiskLevel.choices
        self.fields["risk_level"].required = True
        self.fields["risk_level"].error_messages["required"] = "Choose the risk level now."
        if previous_risk:
            label = Assessment.RiskLevel(previous_risk).label.lower()
            self.fields["risk_level"].help_text = f"Last time it was {label}."
        self.helper = gds_helper(
            Field.radios("risk_level", legend_size=Size.MEDIUM),
            Field.textarea("risk_reason", rows=4),
            Fieldset(
                Field.textarea("escalation_action", rows=4),
                Field.text("escalation_told", field_width=Fluid.FULL),
                Field.checkbox("manager_notified"),
                legend="If the risk has gone up: escalation",
                legend_size=Size.MEDIUM,
            ),
        )

    def clean(self):
        cleaned = super().clean()
        level = cleaned.get("risk_level")
        if level and not (cleaned.get("risk_reason") or "").strip():
            self.add_error("risk_reason", "Give the reason for this risk level.")
        if level and risk_has_risen(self.previous_risk, level):
            if not (cleaned.get("escalation_action") or "").strip():
                self.add_error(
                    "escalation_action",
                    "The risk has gone up since it was last assessed: say what is being done "
                    "about it.",
                )
            if not (cleaned.get("escalation_told") or "").strip():
                self.add_error("escalation_told", "Say who has been told about the raised risk.")
            if not cleaned.get("manager_notified"):
                self.add_error(
                    "manager_notified", "The team manager must be told when the risk goes up."
                )
        return cleaned


class ReviewDecisionForm(RowVersionFormMixin, forms.ModelForm):
    class Meta:
        model = Review
        fields = ["decision", "decision_reason", "next_review_date"]
        widgets = {"decision": forms.RadioSelect, "next_review_date": DateInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = Review.Decision.choices
        self.fields["decision"].required = True
        self.fields["decision"].error_messages["required"] = "Choose the decision."
        self.fields["decision_reason"].required = True
        self.fields["decision_reason"].error_messages["required"] = "Say why."
        self.fields["next_review_date"].help_text = (
            "Needed unless the decision is to prepare for closure. "
            f"The plan says every {self.instance.plan.review_cadence_weeks} weeks."
        )
        if self.instance.next_review_date is None and not self.is_bound:
            self.initial["next_review_date"] = services.default_next_review_date(self.instance)
        self.helper = gds_helper(
            Field.radios("decision", legend_size=Size.MEDIUM),
            Field.textarea("decision_reason", rows=4),
            Field.text("next_review_date", field_width=Fixed.TEN),
        )

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        next_date = cleaned.get("next_review_date")
        if decision and decision != Review.Decision.PREPARE_CLOSURE and next_date is None:
            self.add_error("next_review_date", "Enter the date of the next review.")
        if next_date is not None and next_date <= self.instance.review_date:
            self.add_error("next_review_date", "The next review must be after this one.")
        return cleaned


# Follow-up checks ----------------------------------------------------------------------------


class FollowUpForm(forms.Form):
    OUTCOME_CHOICES = [
        ("done", "We spoke to the family (or a professional who knows them)"),
        ("no_contact", "We could not contact them"),
    ]

    outcome = forms.ChoiceField(
        label="Did you reach the family?",
        choices=OUTCOME_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether you reached the family."},
    )
    done_on = record_date_field("Date of the check", what="the date of the check")
    still_living_at_home = forms.ChoiceField(
        label="Is the young person still living at home?",
        choices=FollowUpCheck.AtHome.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    re_referred = forms.BooleanField(label="The family has been referred again", required=False)
    entered_care = forms.BooleanField(label="The young person has entered care", required=False)
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, check: FollowUpCheck, **kwargs):
        super().__init__(*args, **kwargs)
        self.check = check
        self.initial.setdefault("done_on", timezone.localdate())
        self.helper = gds_helper(
            Field.radios("outcome", legend_size=Size.MEDIUM),
            Field.text("done_on", field_width=Fixed.TEN),
            Field.radios("still_living_at_home", legend_size=Size.SMALL, small=True),
            Field.checkbox("re_referred"),
            Field.checkbox("entered_care"),
            Field.textarea("notes", rows=4),
            submit="Record the check",
        )

    def clean_done_on(self):
        day: datetime.date = self.cleaned_data["done_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("The date of the check cannot be in the future.")
        if day < self.check.closure.closure_date:
            raise forms.ValidationError("The check cannot be before the case was closed.")
        return day

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outcome") == "done":
            if not cleaned.get("still_living_at_home"):
                self.add_error(
                    "still_living_at_home", "Say whether the young person is still living at home."
                )
            if (
                cleaned.get("entered_care")
                and cleaned.get("still_living_at_home") == FollowUpCheck.AtHome.YES
            ):
                self.add_error(
                    "entered_care",
                    "The young person cannot both be living at home and have entered care: "
                    "check the answers.",
                )
        return cleaned
