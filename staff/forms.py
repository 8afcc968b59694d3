"""The staff form: what an administrator may set on a member of their own organisation.

Never exposed here: organisation (always the administrator's), superuser and staff flags,
permissions, groups and passwords. On their own record an administrator cannot change role,
team or service (the fields are shown but disabled, so a posted value is ignored).
"""

from __future__ import annotations

from crispy_forms_gds.layout import Field, Fluid, Size
from django import forms
from django.contrib.auth.forms import SetPasswordForm

from edgecare.forms import gds_helper
from edgecare.models import User
from staff.selectors import services_for_organisation, teams_for_organisation

PLACEMENT_FIELDS = ("role", "team", "service")


class StaffMemberForm(forms.ModelForm):
    class Meta:
        model = User
        fields = [
            "first_name",
            "last_name",
            "username",
            "email",
            "job_title",
            "phone",
            "role",
            "team",
            "service",
        ]
        widgets = {"role": forms.RadioSelect}
        labels = {"email": "E-mail address", "phone": "Phone number"}
        help_texts = {
            "username": "What they type to sign in: letters, digits and @ . + - _ only.",
            "team": "Key workers and team managers belong to a team.",
            "service": "Service managers manage a whole service.",
        }

    def __init__(self, *args, by: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.by = by
        for name in ("first_name", "last_name", "email"):
            self.fields[name].required = True
        self.fields["first_name"].error_messages["required"] = "Enter their first name."
        self.fields["last_name"].error_messages["required"] = "Enter their last name."
        self.fields["email"].error_messages["required"] = (
            "Enter their work e-mail address: their set-up link is sent there."
        )
        self.fields["username"].error_messages["unique"] = "Somebody already has that username."
        self.fields["team"].queryset = teams_for_organisation(by.organisation_id)
        self.fields["service"].queryset = services_for_organisation(by.organisation_id)
        self.fields["team"].label_from_instance = lambda t: f"{t.name} ({t.service.name})"
        self.fields["role"].choices = [
            choice for choice in User.Role.choices if choice[0] != User.Role.SERVICE_ACCOUNT
        ]
        self.own_record = self.instance.pk is not None and self.instance.pk == by.pk
        if self.own_record:
            for name in PLACEMENT_FIELDS:
                self.fields[name].disabled = True
                self.fields[
                    name
                ].help_text = (
                    "You cannot change your own role or placement: ask another administrator."
                )
        self.helper = gds_helper(
            Field.text("first_name", field_width=Fluid.ONE_HALF),
            Field.text("last_name", field_width=Fluid.ONE_HALF),
            Field.text("username", field_width=Fluid.ONE_HALF, spellcheck=False),
            Field.text("email", field_width=Fluid.TWO_THIRDS, spellcheck=False),
            Field.text("job_title", field_width=Fluid.TWO_THIRDS),
            Field.text("phone", field_width=Fluid.ONE_HALF),
            Field.radios("role", legend_size=Size.SMALL, small=True),
            Field.select("team"),
            Field.select("service"),
        )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        taken = User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
        if email and taken.exists():
            raise forms.ValidationError("Somebody already has that e-mail address.")
        return email

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role")
        if role in (User.Role.KEY_WORKER, User.Role.TEAM_MANAGER) and not cleaned.get("team"):
            self.add_error("team", "Choose their team: key workers and team managers need one.")
        if role == User.Role.SERVICE_MANAGER and not cleaned.get("service"):
            self.add_error("service", "Choose the service they manage.")
        return cleaned


class AccountSetUpForm(SetPasswordForm):
    """A new member chooses their first password (from the set-up link)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].widget.attrs["autocomplete"] = "new-password"
        self.fields["new_password2"].widget.attrs["autocomplete"] = "new-password"
        self.helper = gds_helper(
            Field.text("new_password1", field_width=Fluid.ONE_HALF),
            Field.text("new_password2", field_width=Fluid.ONE_HALF),
            submit="Save my password",
        )
