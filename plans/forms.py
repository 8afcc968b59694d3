"""Forms for plans: the plan's settings, goals, actions, contingencies, contacts, the family's
agreement, revising, and the organisation's glossary."""

from __future__ import annotations

from crispy_forms_gds.layout import Button, Field, Fixed, Fluid, Layout, Size
from django import forms
from django.core.exceptions import ValidationError

from assessments.models import OutcomeDomain
from edgecare.forms import DateInput, RowVersionFormMixin, gds_helper
from edgecare.models import User
from edgecare.records_common import record_date_field
from families.models import AgencyInvolvement, Person
from plans.models import Action, Contingency, Goal, JargonTerm, Plan, PlanContact
from plans.services import action_progress_problems, agreement_date_problems, baseline_for

SCORE_MESSAGE = "The target score must be a whole number from 0 to 10."


def wording_helper(*fields, submit: str = "Save"):
    """The form layout with a second button that checks the wording without saving."""
    helper = gds_helper(*fields, submit=submit)
    helper.layout = Layout(
        *fields,
        Button("submit", submit),
        Button.secondary("check", "Check wording"),
    )
    return helper


def _long_date(day) -> str:
    return f"{day:%-d %B %Y}"


class PlanSettingsForm(RowVersionFormMixin, forms.ModelForm):
    class Meta:
        model = Plan
        fields = ["start_date", "review_cadence_weeks", "revision_reason"]
        widgets = {"start_date": DateInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start_date"].error_messages["required"] = "Enter the date the plan starts."
        cadence = self.fields["review_cadence_weeks"]
        cadence.error_messages.update(
            {
                "required": "Say how many weeks apart the reviews are.",
                "invalid": "Enter the number of weeks as a whole number, like 6.",
            }
        )
        layout = [
            Field.text("start_date", field_width=Fixed.TEN),
            Field.text("review_cadence_weeks", field_width=Fixed.TWO),
        ]
        if self.instance.version > 1:
            layout.append(Field.textarea("revision_reason", rows=3))
        else:
            del self.fields["revision_reason"]
        self.helper = gds_helper(*layout)

    def clean_start_date(self):
        start = self.cleaned_data["start_date"]
        # Only actions still to do: a done one carried into a revision keeps its old date.
        earliest = Action.objects.filter(
            goal__plan=self.instance,
            due_date__isnull=False,
            status__in=[Action.Status.NOT_STARTED, Action.Status.UNDER_WAY],
        ).order_by("due_date")
        first = earliest.values_list("due_date", flat=True).first()
        if first is not None and start > first:
            raise ValidationError(
                f"The plan cannot start after its first action is due ({_long_date(first)})."
            )
        return start


class GoalForm(RowVersionFormMixin, forms.ModelForm):
    """A goal in the family's words. The score now comes from the assessment, never typed."""

    target_score = forms.IntegerField(
        label="Target score (0 to 10)",
        required=False,
        min_value=0,
        max_value=10,
        help_text="Where the family wants to get to. You can add it later, but the plan "
        "cannot be agreed without it.",
        error_messages={"min_value": SCORE_MESSAGE, "max_value": SCORE_MESSAGE},
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    class Meta:
        model = Goal
        fields = ["domain", "what_we_want_to_be_different", "how_we_will_know", "target_score"]

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.instance.plan = plan
        domains = OutcomeDomain.objects.filter(framework_id=plan.assessment.framework_id)
        if self.instance.pk is None:
            domains = domains.filter(is_active=True)
        domain = self.fields["domain"]
        domain.queryset = domains.order_by("order", "id")
        domain.empty_label = "Choose an outcome area"
        domain.error_messages["required"] = "Choose the outcome area this goal is about."
        domain.error_messages["invalid_choice"] = "Choose an outcome area from the list."
        self.fields["what_we_want_to_be_different"].error_messages["required"] = (
            "Write what the family wants to be different, in their words."
        )
        self.fields[
            "how_we_will_know"
        ].help_text = "What the family will see or hear when things have changed, in their words."
        self.helper = wording_helper(
            Field.select("domain"),
            Field.textarea("what_we_want_to_be_different", rows=3),
            Field.textarea("how_we_will_know", rows=3),
            Field.text("target_score", field_width=Fixed.TWO),
        )

    def clean(self):
        cleaned = super().clean()
        domain = cleaned.get("domain")
        if domain is not None and (self.instance.pk is None or "domain" in self.changed_data):
            row = baseline_for(self.plan.assessment, domain)
            self.instance.baseline_score = row.worker_score if row else None
            self.instance.family_baseline_score = row.family_score if row else None
        # The model's clean() refuses a target below the score now.
        return cleaned


def _owner_choices(plan: Plan) -> list:
    case = plan.case
    people = [
        (f"person:{p.pk}", f"{p.full_name} ({p.get_relationship_display().lower()})")
        for p in Person.objects.filter(family_id=case.family_id).order_by("first_name")
    ]
    workers = [
        (f"worker:{u.pk}", f"{u.get_full_name() or u.username}")
        for u in User.objects.filter(
            organisation_id=case.family.organisation_id,
            is_active=True,
            role__in=[User.Role.KEY_WORKER, User.Role.TEAM_MANAGER],
            team_id=case.team_id,
        ).order_by("first_name", "last_name")
    ]
    agencies = [
        (f"agency:{a.pk}", f"{a.contact_name} ({a.agency_name})")
        for a in AgencyInvolvement.objects.filter(case=case).order_by("agency_name")
    ]
    choices = [("", "Choose who will do it")]
    for label, group in (
        ("Family members", people),
        ("Workers", workers),
        ("Agencies involved", agencies),
    ):
        if group:
            choices.append((label, group))
    return choices


class ActionForm(RowVersionFormMixin, forms.ModelForm):
    """Who does what by when. The owner is chosen from the family, the team's workers and the
    agencies involved (all scoped to this case), or typed in."""

    owner = forms.ChoiceField(label="Who will do it", required=False)

    class Meta:
        model = Action
        fields = ["what", "owner_name", "due_date", "status", "dropped_reason"]
        widgets = {"due_date": DateInput, "status": forms.RadioSelect}

    def __init__(self, *args, goal: Goal, **kwargs):
        super().__init__(*args, **kwargs)
        self.goal = goal
        self.instance.goal = goal
        self.fields["owner"].choices = _owner_choices(goal.plan)
        instance = self.instance
        if instance.owner_person_id:
            self.initial["owner"] = f"person:{instance.owner_person_id}"
        elif instance.owner_worker_id:
            self.initial["owner"] = f"worker:{instance.owner_worker_id}"
        elif instance.owner_agency_id:
            self.initial["owner"] = f"agency:{instance.owner_agency_id}"
        self.fields["what"].error_messages["required"] = "Say what will be done."
        self.fields["owner_name"].label = "Or someone else: their name"
        self.fields["owner_name"].help_text = "For example a grandparent or a neighbour."
        self.fields[
            "due_date"
        ].help_text = (
            "You can add it later, but the plan cannot be agreed until every action has a date."
        )
        self.fields["status"].choices = Action.Status.choices
        layout = [
            Field.textarea("what", rows=3),
            Field.select("owner"),
            Field.text("owner_name", field_width=Fluid.TWO_THIRDS),
            Field.text("due_date", field_width=Fixed.TEN),
        ]
        if instance.pk is None:
            del self.fields["status"]
            del self.fields["dropped_reason"]
        else:
            layout += [
                Field.radios("status", legend_size=Size.SMALL, inline=True),
                Field.textarea("dropped_reason", rows=2),
            ]
        self.helper = wording_helper(*layout)

    def clean(self):
        cleaned = super().clean()
        chosen = cleaned.get("owner") or ""
        typed = (cleaned.get("owner_name") or "").strip()
        instance = self.instance
        instance.owner_person = instance.owner_worker = instance.owner_agency = None
        if not chosen and not typed:
            self.add_error(
                "owner",
                "Say who will do this: choose a family member, a worker or an agency, "
                "or type someone else's name.",
            )
        elif chosen and typed:
            self.add_error(
                "owner_name",
                "Choose someone from the list or type a name, not both. If several people "
                "share it, add an action for each of them.",
            )
        elif chosen:
            kind, _, pk = chosen.partition(":")
            valid = {value for _, group in self.fields["owner"].choices[1:] for value, _ in group}
            if chosen not in valid:
                self.add_error("owner", "Choose who will do it from the list.")
            elif kind == "person":
                instance.owner_person = Person.objects.get(pk=pk)
            elif kind == "worker":
                instance.owner_worker = User.objects.get(pk=pk)
            elif kind == "agency":
                instance.owner_agency = AgencyInvolvement.objects.get(pk=pk)
        due = cleaned.get("due_date")
        start = self.goal.plan.start_date
        status = cleaned.get("status", instance.status)
        # A done or dropped action carried into a revision keeps its old date.
        still_open = status in (Action.Status.NOT_STARTED, Action.Status.UNDER_WAY)
        if due is not None and due < start and still_open:
            self.add_error(
                "due_date",
                f"The date cannot be before the plan starts ({_long_date(start)}).",
            )
        return cleaned

    def _post_clean(self):
        # Owner and dates are checked in clean() with field-level messages; the model's own
        # whole-record owner check would only repeat them.
        super()._post_clean()
        for code in ("no_owner", "several_owners"):
            errors = self._errors.get("__all__")
            if errors:
                errors.data = [e for e in errors.data if getattr(e, "code", None) != code]
                if not errors.data:
                    del self._errors["__all__"]


class ContingencyForm(RowVersionFormMixin, forms.ModelForm):
    class Meta:
        model = Contingency
        fields = ["if_this_happens", "what_we_will_do", "who_does_it"]

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        self.fields["if_this_happens"].help_text = "For example: if Jay is not home by 10pm."
        self.fields["if_this_happens"].error_messages["required"] = "Say what might happen."
        self.fields["what_we_will_do"].error_messages["required"] = (
            "Say what the family and the workers will do."
        )
        self.fields["who_does_it"].error_messages["required"] = "Say who does it."
        self.helper = wording_helper(
            Field.textarea("if_this_happens", rows=2),
            Field.textarea("what_we_will_do", rows=4),
            Field.text("who_does_it", field_width=Fluid.TWO_THIRDS),
        )


class PlanContactForm(RowVersionFormMixin, forms.ModelForm):
    class Meta:
        model = PlanContact
        fields = ["name", "role", "phone", "when_to_call", "is_out_of_hours"]

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        self.fields["name"].error_messages["required"] = "Enter who to call."
        self.fields["role"].help_text = "In plain words, for example: your worker."
        self.helper = gds_helper(
            Field.text("name", field_width=Fluid.TWO_THIRDS),
            Field.text("role", field_width=Fluid.TWO_THIRDS),
            Field.text("phone", field_width=Fixed.TWENTY),
            Field.text("when_to_call", field_width=Fluid.FULL),
            Field.checkbox("is_out_of_hours"),
        )

    def clean(self):
        cleaned = super().clean()
        if (
            not (cleaned.get("phone") or "").strip()
            and not (cleaned.get("when_to_call") or "").strip()
        ):
            self.add_error("phone", "Give a phone number, or say how to reach them.")
        return cleaned


class AgreementForm(forms.Form):
    agreed_by_people = forms.ModelMultipleChoiceField(
        label="Who in the family agreed the plan",
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    agreed_by_others = forms.CharField(
        label="Anyone else who agreed",
        required=False,
        max_length=300,
        help_text="For example a grandparent or family friend.",
    )
    agreed_on = record_date_field("Date they agreed", what="the date the family agreed the plan")
    family_comments = forms.CharField(
        label="What the family said about the plan, in their own words",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        field = self.fields["agreed_by_people"]
        field.queryset = Person.objects.filter(family_id=plan.case.family_id)
        field.label_from_instance = lambda p: (
            f"{p.full_name} ({p.get_relationship_display().lower()})"
        )
        self.helper = gds_helper(
            Field.checkboxes("agreed_by_people", legend_size=Size.MEDIUM),
            Field.text("agreed_by_others", field_width=Fluid.TWO_THIRDS),
            Field.text("agreed_on", field_width=Fixed.TEN),
            Field.textarea("family_comments", rows=4),
            submit="Record the family's agreement",
        )

    def clean(self):
        cleaned = super().clean()
        if (
            not cleaned.get("agreed_by_people")
            and not (cleaned.get("agreed_by_others") or "").strip()
        ):
            self.add_error("agreed_by_people", "Say who in the family agreed the plan.")
        if "agreed_on" in cleaned:
            for problem in agreement_date_problems(self.plan, cleaned["agreed_on"]):
                self.add_error("agreed_on", problem)
        return cleaned


class ActionProgressForm(forms.Form):
    """How an action of the plan in force is going, recorded between reviews."""

    status = forms.ChoiceField(
        label="How is it going?",
        choices=Action.Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the action is going."},
    )
    happened_on = record_date_field(
        "When",
        what="the date it happened",
        example="27 3 2026",
        help_text="The day it started, was done or was dropped. For example, 27 3 2026.",
    )
    note = forms.CharField(
        label="A short note",
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What happened, in a line. If the action was dropped, say why.",
    )

    # The version of the action the worker saw: a colleague's step recorded since is not
    # silently overwritten (the same rule as RowVersionFormMixin's, for a form that adds a row).
    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, action: Action, **kwargs):
        kwargs.setdefault("initial", {"status": action.status, "seen_version": action.row_version})
        super().__init__(*args, **kwargs)
        self.action = action
        self.helper = gds_helper(
            "seen_version",
            Field.radios("status", legend_size=Size.SMALL),
            Field.text("happened_on", field_width=Fixed.TEN),
            Field.textarea("note", rows=2),
            submit="Record progress",
        )

    def clean(self):
        cleaned = super().clean()
        seen = cleaned.get("seen_version")
        if seen is None or seen != self.action.row_version:
            self.add_error(
                None,
                "Someone else changed this action since you opened the page: it now reads "
                f"“{self.action.get_status_display()}”. Check it, then record your step again.",
            )
            self.data = self.data.copy()
            self.data["seen_version"] = str(self.action.row_version)
        if self.errors.get("happened_on") or "status" not in cleaned:
            return cleaned
        for field, problem in action_progress_problems(
            self.action,
            status=cleaned["status"],
            on=cleaned.get("happened_on"),
            note=cleaned.get("note") or "",
        ):
            self.add_error(field, problem)
        return cleaned


class ReviseForm(forms.Form):
    reason = forms.CharField(
        label="Why the plan is being revised",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why the plan is being revised."},
        help_text="For example: the review agreed a new goal about school.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field.textarea("reason", rows=3), submit="Start a new version of the plan"
        )


class JargonTermForm(forms.ModelForm):
    class Meta:
        model = JargonTerm
        fields = ["term", "plain_alternative", "capitals_only", "is_active"]

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        self.fields["term"].error_messages["required"] = "Enter the term to look out for."
        self.fields["plain_alternative"].error_messages["required"] = (
            "Enter the plain words to use instead."
        )
        self.fields["is_active"].help_text = "Untick to stop checking for this term."
        self.helper = gds_helper(
            Field.text("term", field_width=Fluid.TWO_THIRDS),
            Field.text("plain_alternative", field_width=Fluid.FULL),
            Field.checkbox("capitals_only"),
            Field.checkbox("is_active"),
        )

    def clean_term(self):
        term = " ".join(self.cleaned_data["term"].split())
        clash = JargonTerm.objects.filter(
            organisation=self.instance.organisation, term__iexact=term
        ).exclude(pk=self.instance.pk)
        if clash.exists():
            raise ValidationError("That term is already in the glossary: change it there.")
        return term
