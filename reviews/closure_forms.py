"""The closure's forms: why and when the work ended, the scores and goal outcomes at closure,
needs that continue, the sustainability plan and amendments after sign-off. Bounded like every
form (`edgecare.forms.bound_every_form`) through the import in `reviews/forms.py`."""

from __future__ import annotations

from crispy_forms_gds.layout import Field, Fieldset, Fixed, Fluid, Size
from django import forms

from assessments.forms import score_field
from edgecare.forms import DateInput, RowVersionFormMixin, gds_helper
from families.models import Case
from reviews import services
from reviews.form_parts import OutcomeScoresForm, family_members, row_helper, rows_formset
from reviews.models import (
    Closure,
    ClosureAmendment,
    ClosureDomainScore,
    ClosureGoalOutcome,
)


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


class ClosureDomainScoreForm(OutcomeScoresForm):
    worker_score = score_field("Worker's score at closure (0 to 10)")
    family_score = score_field(
        "Family's own score at closure (0 to 10)",
        help_text="Leave empty if the family did not give one.",
    )

    class Meta(OutcomeScoresForm.Meta):
        model = ClosureDomainScore


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


ClosureDomainScoreFormSet = rows_formset(ClosureDomainScoreForm)
ClosureGoalOutcomeFormSet = rows_formset(ClosureGoalOutcomeForm)


class OngoingNeedsForm(RowVersionFormMixin, forms.ModelForm):
    class Meta:
        model = Closure
        fields = ["ongoing_needs_assessment", "ongoing_needs_done_with"]
        widgets = {"ongoing_needs_done_with": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ongoing_needs_done_with"].queryset = family_members(self.instance.case)
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
