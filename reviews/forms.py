"""Forms for reviews, closure and follow-up checks: one per section, scoped choices only."""

from __future__ import annotations

import datetime

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Fixed, Fluid, Layout, Size
from django import forms
from django.utils import timezone

from assessments.forms import score_field
from assessments.models import Assessment
from edgecare.forms import DateInput, GdsFormHelper, RowVersionFormMixin, gds_helper
from families.models import AgencyInvolvement, Case, Person
from reviews import services
from reviews.models import (
    Closure,
    ClosureAmendment,
    ClosureDomainScore,
    ClosureGoalOutcome,
    FollowUpCheck,
    Review,
    ReviewDomainScore,
    ReviewGoalProgress,
    risk_has_risen,
)


def row_helper(*fields) -> FormHelper:
    """A helper for one row of a formset: no <form> tag, no button (the page has one)."""
    helper = GdsFormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(*fields)
    return helper


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


def _family_members(case: Case):
    return Person.objects.filter(family_id=case.family_id).order_by("-is_focus", "first_name")


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
    review_date = forms.DateField(
        label="Date of the review",
        widget=DateInput,
        error_messages={
            "required": "Enter the date of the review.",
            "invalid": "Enter the date of the review as a real date.",
        },
    )
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
        self.fields["attendee_people"].queryset = _family_members(case)
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


class ReviewDomainScoreForm(RowVersionFormMixin, forms.ModelForm):
    worker_score = score_field("Worker's score (0 to 10)")
    family_score = score_field(
        "Family's own score (0 to 10)", help_text="Leave empty if the family did not give one."
    )

    class Meta:
        model = ReviewDomainScore
        fields = ["worker_score", "family_score"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = row_helper(
            Field.text("worker_score", field_width=Fixed.TWO),
            Field.text("family_score", field_width=Fixed.TWO),
            "row_version",
        )


GoalProgressFormSet = forms.modelformset_factory(
    ReviewGoalProgress, form=GoalProgressForm, extra=0, can_delete=False
)
ReviewDomainScoreFormSet = forms.modelformset_factory(
    ReviewDomainScore, form=ReviewDomainScoreForm, extra=0, can_delete=False
)


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


# Closure -------------------------------------------------------------------------------------


class ClosureDetailsForm(RowVersionFormMixin, forms.ModelForm):
    """Why and when the work ended, and where the young person lives. The instance comes with
    its case, so the date can be checked against the referral."""

    class Meta:
        model = Closure
        fields = ["reason", "closure_date", "key_outcome", "key_outcome_other", "work_summary"]
        widgets = {
            "reason": forms.RadioSelect,
            "closure_date": DateInput,
            "key_outcome": forms.RadioSelect,
        }

    def __init__(self, *args, submit: str = "Save", include_summary: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = Closure.Reason.choices
        self.fields["key_outcome"].choices = Closure.KeyOutcome.choices
        self.fields["reason"].error_messages["required"] = "Choose why the work is ending."
        self.fields["closure_date"].error_messages["required"] = "Enter the date of closure."
        self.fields["key_outcome"].error_messages["required"] = (
            "Say where the young person is living."
        )
        layout = [
            Field.radios("reason", legend_size=Size.MEDIUM),
            Field.text("closure_date", field_width=Fixed.TEN),
            Field.radios("key_outcome", legend_size=Size.MEDIUM),
            Field.text("key_outcome_other", field_width=Fluid.FULL),
        ]
        if include_summary:
            layout.append(Field.textarea("work_summary", rows=5))
        else:
            del self.fields["work_summary"]
        self.helper = gds_helper(*layout, submit=submit)

    def clean_closure_date(self):
        day = self.cleaned_data["closure_date"]
        problems = services.closure_date_problems(self.instance.case, day)
        if problems:
            raise forms.ValidationError(problems)
        return day

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("key_outcome") == Closure.KeyOutcome.OTHER
            and not (cleaned.get("key_outcome_other") or "").strip()
        ):
            self.add_error("key_outcome_other", "Say where the young person is living.")
        return cleaned


class ClosureAmendmentForm(forms.ModelForm):
    """The corrected key outcome of a signed-off closure, and why."""

    class Meta:
        model = ClosureAmendment
        fields = ["key_outcome", "key_outcome_other", "reason"]
        widgets = {"key_outcome": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key_outcome"].choices = Closure.KeyOutcome.choices
        self.fields["key_outcome"].error_messages["required"] = (
            "Say where the young person was living at closure."
        )
        self.fields["reason"].error_messages["required"] = "Say why the closure needs correcting."
        fields = [
            Field.radios("key_outcome", legend_size=Size.MEDIUM),
            Field.text("key_outcome_other", field_width=Fluid.FULL),
            Field.textarea("reason", rows=4),
        ]
        self.helper = gds_helper(*fields, submit="Send for a manager's sign-off")

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("key_outcome") == Closure.KeyOutcome.OTHER
            and not (cleaned.get("key_outcome_other") or "").strip()
        ):
            self.add_error("key_outcome_other", "Say where the young person was living.")
        if not (cleaned.get("reason") or "").strip() and "reason" not in self.errors:
            self.add_error("reason", "Say why the closure needs correcting.")
        return cleaned


class ClosureAmendmentEditForm(RowVersionFormMixin, ClosureAmendmentForm):
    pass


class ClosureDomainScoreForm(RowVersionFormMixin, forms.ModelForm):
    worker_score = score_field("Worker's score at closure (0 to 10)")
    family_score = score_field(
        "Family's own score at closure (0 to 10)",
        help_text="Leave empty if the family did not give one.",
    )

    class Meta:
        model = ClosureDomainScore
        fields = ["worker_score", "family_score"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = row_helper(
            Field.text("worker_score", field_width=Fixed.TWO),
            Field.text("family_score", field_width=Fixed.TWO),
            "row_version",
        )


class ClosureGoalOutcomeForm(RowVersionFormMixin, forms.ModelForm):
    final_score = score_field("Score at closure (0 to 10)")

    class Meta:
        model = ClosureGoalOutcome
        fields = ["state", "final_score", "comment"]
        widgets = {"state": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = ClosureGoalOutcome.State.choices
        self.fields["state"].required = False
        self.fields["comment"].help_text = "This goes into the family's closure letter."
        self.helper = row_helper(
            Field.radios("state", legend_size=Size.SMALL, small=True, inline=True),
            Field.text("final_score", field_width=Fixed.TWO),
            Field.textarea("comment", rows=3),
            "row_version",
        )


ClosureDomainScoreFormSet = forms.modelformset_factory(
    ClosureDomainScore, form=ClosureDomainScoreForm, extra=0, can_delete=False
)
ClosureGoalOutcomeFormSet = forms.modelformset_factory(
    ClosureGoalOutcome, form=ClosureGoalOutcomeForm, extra=0, can_delete=False
)


class OngoingNeedsForm(RowVersionFormMixin, forms.ModelForm):
    class Meta:
        model = Closure
        fields = ["ongoing_needs_assessment", "ongoing_needs_done_with"]
        widgets = {"ongoing_needs_done_with": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ongoing_needs_done_with"].queryset = _family_members(self.instance.case)
        self.fields["ongoing_needs_assessment"].required = True
        self.fields["ongoing_needs_assessment"].error_messages["required"] = (
            "Write down what support the family still needs, worked out with them."
        )
        self.fields["ongoing_needs_done_with"].required = True
        self.fields["ongoing_needs_done_with"].error_messages["required"] = (
            "Choose the family members you worked this out with."
        )
        self.helper = gds_helper(
            Field.textarea("ongoing_needs_assessment", rows=8),
            Field.checkboxes("ongoing_needs_done_with", legend_size=Size.SMALL, small=True),
        )


class SustainabilityForm(RowVersionFormMixin, forms.ModelForm):
    family_confidence = score_field(
        "How confident the family feel about keeping things going (0 to 10)",
        help_text="Ask them: 0 is not at all, 10 is completely.",
    )

    class Meta:
        model = Closure
        fields = [
            "contact_name",
            "contact_role",
            "contact_phone",
            "out_of_hours_cover",
            "step_down_who",
            "step_down_what",
            "back_up_support",
            "what_helped",
            "family_confidence",
            "family_confidence_words",
            "message_to_family",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and not self.instance.out_of_hours_cover:
            self.initial["out_of_hours_cover"] = default_out_of_hours(self.instance.case)
        self.helper = gds_helper(
            Fieldset(
                Field.text("contact_name", field_width=Fluid.TWO_THIRDS),
                Field.text("contact_role", field_width=Fluid.TWO_THIRDS),
                Field.text("contact_phone", field_width=Fixed.TWENTY),
                Field.textarea("out_of_hours_cover", rows=3),
                legend="Who to call",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.text("step_down_who", field_width=Fluid.FULL),
                Field.textarea("step_down_what", rows=3),
                Field.textarea("back_up_support", rows=3),
                legend="Support after we finish",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.textarea("what_helped", rows=5),
                Field.text("family_confidence", field_width=Fixed.TWO),
                Field.textarea("family_confidence_words", rows=3),
                legend="In the family's words",
                legend_size=Size.MEDIUM,
            ),
            Field.textarea("message_to_family", rows=4),
        )

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("contact_name") or "").strip() and not (
            cleaned.get("contact_phone") or ""
        ).strip():
            self.add_error("contact_phone", "Give a phone number for the named contact.")
        return cleaned


def default_out_of_hours(case: Case) -> str:
    """The team's out-of-hours arrangement, or the organisation's number, as a starting point."""
    team = case.team
    if team.out_of_hours_arrangement.strip():
        return team.out_of_hours_arrangement.strip()
    phone = case.service.organisation.out_of_hours_phone
    return f"Evenings, nights and weekends, call {phone}." if phone else ""


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
    done_on = forms.DateField(
        label="Date of the check",
        widget=DateInput,
        error_messages={
            "required": "Enter the date of the check.",
            "invalid": "Enter the date of the check as a real date.",
        },
    )
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
