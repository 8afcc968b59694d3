"""Families and their members: the family page, recording a new family (the start of a
referral), editing details and members, and archiving."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from edgecare.access import record_access
from edgecare.forms import form_status
from edgecare.models import AccessLog
from families import services
from families.forms import (
    FamilyArchiveForm,
    FamilyForm,
    FamilySearchForm,
    NewFamilyForm,
    PersonForm,
)
from families.matching import (
    PossibleDuplicates,
    possible_duplicate_families,
    possible_duplicate_people,
    search_families_for_user,
)
from families.models import Family, Person
from families.selectors import cases_for_user, family_for_user_or_404, with_case_list_figures


def require_edit_family(request: HttpRequest, family: Family) -> None:
    if not request.user.has_perm("families.change_family", family):
        raise PermissionDenied


def family_for_change(request: HttpRequest, pk: int) -> Family:
    """The family, if the user may keep its details up to date: out of scope is a 404 (logged
    as a refusal), an archived family a 403. A GET of its form shows the family's details, so
    it writes its access-log row here, as every page showing case content does."""
    family = family_for_user_or_404(request, pk)
    require_edit_family(request, family)
    if request.method in ("GET", "HEAD"):
        record_access(
            request,
            action=AccessLog.Action.VIEW,
            record_type=AccessLog.RecordType.FAMILY,
            record_id=family.pk,
        )
    return family


def render_form(request, form, *, title, family=None, duplicates=None, caption=None, intro=None):
    back = family.get_absolute_url() if family else reverse("families:referral_start")
    return render(
        request,
        "families/form_with_duplicates.html",
        {
            "form": form,
            "title": title,
            "caption": caption or (str(family) if family else None),
            "intro": intro,
            "back_url": back,
            "cancel_url": back,
            "duplicates": duplicates or PossibleDuplicates(),
        },
        status=form_status(form),
    )


@require_GET
def family_detail(request: HttpRequest, pk: int) -> HttpResponse:
    family = family_for_user_or_404(request, pk)
    record_access(
        request,
        action=AccessLog.Action.VIEW,
        record_type=AccessLog.RecordType.FAMILY,
        record_id=family.pk,
    )
    can_change = request.user.has_perm("families.change_family", family)
    members = list(family.members.prefetch_related("cares_for"))
    cases = list(
        with_case_list_figures(cases_for_user(request.user).filter(family=family)).order_by(
            "-referral_date", "-pk"
        )
    )
    return render(
        request,
        "families/family_detail.html",
        {
            "family": family,
            "focus_people": [m for m in members if m.is_focus],
            "other_members": [m for m in members if not m.is_focus],
            "cases": cases,
            "has_open_case": any(not c.is_closed for c in cases),
            # Keeping the details up to date and referring the family again are one permission.
            "can_edit": can_change,
            "can_refer": can_change,
        },
    )


@require_http_methods(["GET", "POST"])
def family_edit(request: HttpRequest, pk: int) -> HttpResponse:
    family = family_for_change(request, pk)
    form = FamilyForm(request.POST or None, instance=family)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Family details saved.")
        return redirect(family)
    return render_form(request, form, title="Family details", family=family)


def _typed(probe) -> dict:
    """What was typed, each field cleaned as far as it goes, even when the form is not valid
    yet: the duplicate check runs before the user has confirmed the form."""
    probe.is_valid()
    return getattr(probe, "cleaned_data", {})


def _people_like(request: HttpRequest, data: dict, *, prefix: str = "") -> PossibleDuplicates:
    """People already recorded (whom the user may or may not see) who look like the person
    typed; `prefix` is the form's prefix for the person's fields."""
    return possible_duplicate_people(
        request.user,
        first_name=data.get(f"{prefix}first_name", ""),
        last_name=data.get(f"{prefix}last_name", ""),
        date_of_birth=data.get(f"{prefix}date_of_birth"),
    )


@require_http_methods(["GET", "POST"])
def person_add(request: HttpRequest, pk: int) -> HttpResponse:
    family = family_for_change(request, pk)
    duplicates = None
    if request.method == "POST":
        duplicates = _people_like(request, _typed(PersonForm(request.POST, family=family)))
        # A same-family match is refused outright by the form; only others need checking.
        duplicates = PossibleDuplicates(
            visible=[p for p in duplicates.visible if p.family_id != family.pk],
            elsewhere=duplicates.elsewhere,
        )
    form = PersonForm(request.POST or None, family=family, duplicates=duplicates)
    if request.method == "POST" and form.is_valid():
        person = form.save(commit=False)
        person.family = family
        person.save()
        messages.success(request, f"{person.full_name} added to the family.")
        return redirect(family)
    return render_form(
        request, form, title="Add a family member", family=family, duplicates=form.duplicates
    )


@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int, person_pk: int) -> HttpResponse:
    family = family_for_change(request, pk)
    person = Person.objects.filter(family=family, pk=person_pk).first()
    if person is None:
        record_access(
            request,
            action=AccessLog.Action.REFUSED,
            record_type=AccessLog.RecordType.PERSON,
            record_id=person_pk,
        )
        raise Http404("No such person in this family")
    form = PersonForm(request.POST or None, instance=person, family=family)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"{person.full_name}'s details saved.")
        return redirect(family)
    return render_form(request, form, title=f"Edit {person.full_name}", family=family)


@require_http_methods(["GET", "POST"])
def family_archive(request: HttpRequest, pk: int) -> HttpResponse:
    family = family_for_change(request, pk)
    if family.cases.open().exists():
        messages.error(
            request, "This family has an open case: its record cannot be archived until it closes."
        )
        return redirect(family)
    form = FamilyArchiveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        family.archive(by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, "The family's record is archived. It is kept, not deleted.")
        return redirect(family)
    return render_form(
        request,
        form,
        title="Archive this family's record",
        family=family,
        intro="An archived record is kept and can still be read, but no new referral can be "
        "taken for it and its details can no longer be changed.",
    )


@require_GET
def referral_start(request: HttpRequest) -> HttpResponse:
    """Step one of a referral: find the family among those the user may see, or add a new one."""
    if not request.user.has_perm("families.add_case"):
        raise PermissionDenied
    search = FamilySearchForm(request.GET or None)
    results = None
    if search.is_valid() and search.cleaned_data["q"]:
        results = list(search_families_for_user(request.user, search.cleaned_data["q"])[:50])
    return render(request, "families/referral_start.html", {"search": search, "results": results})


@require_http_methods(["GET", "POST"])
def referral_new_family(request: HttpRequest) -> HttpResponse:
    """Step two for a family not known to us: the family and its first young person."""
    if not request.user.has_perm("families.add_case"):
        raise PermissionDenied
    duplicates = None
    if request.method == "POST":
        data = _typed(NewFamilyForm(request.POST))
        families = possible_duplicate_families(request.user, data.get("family_name", ""))
        people = _people_like(request, data, prefix="yp_")
        duplicates = PossibleDuplicates(
            visible=[*families.visible, *people.visible],
            elsewhere=families.elsewhere or people.elsewhere,
        )
    form = NewFamilyForm(request.POST or None, duplicates=duplicates)
    if request.method == "POST" and form.is_valid():
        try:
            family = services.family_create(
                organisation=request.user.organisation,
                created_by=request.user,
                family_fields=form.family_fields(),
                focus_young_person=form.young_person_fields(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{family} recorded. Now the referral itself.")
            return redirect("families:referral_create", family_pk=family.pk)
    return render_form(
        request,
        form,
        title="New family",
        caption="New referral",
        duplicates=form.duplicates,
        intro="Record the family and the young person the referral is about. You can add "
        "parents, carers and brothers and sisters from the family's page.",
    )
