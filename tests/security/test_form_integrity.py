"""Every edit form refuses a stale save, and every add form saves once however often it is sent.

Both walks start from the URL permission matrix (every URL the resolver defines, with the
records to open it on), so a form added later is walked without changing this file:

- an edit form is any form on a page whose instance is a saved case record (CaseRecord). Each
  one renders its version, refuses a save from a copy a colleague has saved since (the
  worker's text kept on the form, nothing written) and takes the informed second save;
- an add form is any form page that saves something new. Each one, sent twice with the same
  one-time token, saves one record, and the second answer points at it.
"""

from __future__ import annotations

import dataclasses
import datetime
import re

import pytest
from django import forms
from django.apps import apps
from django.template import Context
from django.urls import reverse
from django.utils import timezone

from edgecare.models import AccessLog, CaseRecord
from edgecare.submission import SUBMISSION_TOKEN_FIELD
from tests.factories import CaseFactory
from tests.security.form_filler import fill, main_form
from tests.security.test_url_permission_matrix import (
    CASE_MANAGE,
    CONFIG,
    OK,
    PAGES,
    all_url_names,
)

pytestmark = pytest.mark.django_db

MY_TEXT = "My careful note written while a colleague was editing"
STALE = "Someone else saved changes to this record while you were editing it"
# The edit pages there are, each with its form (the score pages have a form per outcome area,
# counted once here). The walk finds them; this says how many it must find at least, so a page
# that stops being walked is noticed.
EDIT_PAGES = 34
ADD_PAGES = 22
# URL names of pages that save something new (create URLs).
ADD_PAGE = re.compile(r"(^|:|_)(add|start|create|new)(_|$)|_add$|:add_")


def role_for_page(page) -> str:
    """Who uses the page: the administrator, a manager, or else the key worker."""
    if page.expected is CONFIG:
        return "administrator"
    if page.expected is CASE_MANAGE:
        return "team_manager"
    return "key_worker"


def url_of(name, records):
    page = PAGES[name]
    kwargs = page.kwargs(records) if page.kwargs else {}
    return reverse(name, kwargs=kwargs) + (page.query(records) if page.query else "")


def forms_in(response) -> list[forms.BaseForm]:
    """Every form the page was drawn with, formset rows included."""
    found = []
    contexts = response.context or []
    if isinstance(contexts, Context):
        contexts = [contexts]  # a page drawn from one template has one context, not a list
    for context in contexts:
        for value in context.flatten().values():
            if isinstance(value, forms.BaseForm):
                found.append(value)
            elif isinstance(value, forms.BaseFormSet):
                found.extend(value.forms)
    unique = {id(f): f for f in found}
    return list(unique.values())


def edit_forms_in(response) -> list[forms.BaseForm]:
    return [
        f
        for f in forms_in(response)
        if isinstance(getattr(f, "instance", None), CaseRecord) and f.instance.pk is not None
    ]


def problems(response) -> str:
    """The errors a refused page shows, to say why in a failure."""
    return "; ".join(
        f"{name}: {' '.join(errors)}"
        for form in forms_in(response)
        for name, errors in form.errors.items()
    )


def kept_in(form, key, value) -> bool:
    """The re-shown form still holds what was posted under key."""
    posted = value if isinstance(value, list) else [value]
    if key not in form.data:
        return posted == []  # nothing ticked is sent as nothing
    return form.data.getlist(key) == posted


def first_records_in(response) -> list[forms.BaseForm]:
    return [
        f
        for f in forms_in(response)
        if isinstance(getattr(f, "instance", None), CaseRecord) and f.instance.pk is None
    ]


def filled(response, *, editing: bool) -> dict:
    """The page's form as a worker would send it: an edit keeps what the page shows and puts
    MY_TEXT in its text areas; an add form also gets plausible values in every empty field."""
    form = main_form(response.content.decode())
    today = timezone.localdate()
    data = fill(form, MY_TEXT, day=today)
    selects = {f.name for f in form.fields if f.kind == "select"}
    groups: dict[str, list] = {}
    for f in form.fields:
        if f.kind in ("radio", "checkbox"):
            groups.setdefault(f.name, []).append(f)
        elif f.kind == "select":
            # An edit keeps the choice shown, even none (a name may be typed instead).
            data[f.name] = f.value if editing else f.value or next((o for o in f.options if o), "")
        elif f.kind in ("text", "search", "tel", "email"):
            data[f.name] = f.value if editing else plausible_text(f, selects)
        elif f.kind == "date" and f.value:
            data[f.name] = f.value
        elif f.kind == "date" and f.name.startswith("ended") and not editing:
            data[f.name] = ""  # still the case: an end date is only for what has ended
        elif f.kind == "date":
            later = any(word in f.name for word in ("due", "next", "review", "until"))
            data[f.name] = (today + datetime.timedelta(days=14 if later else 0)).isoformat()
    for name, options in groups.items():
        checked = [o.value or "on" for o in options if o.checked]
        if options[0].kind == "radio":
            data[name] = checked[0] if checked else next((o.value for o in options if o.value), "")
        elif checked or (len(options) == 1 and not (options[0].value or "").isdigit()):
            data[name] = checked  # a lone yes/no box stays as the page shows it
        elif len(options) == 1:
            data[name] = [options[0].value]  # the one person there is to choose
        else:
            data[name] = [options[0].value]  # a group such as people seen: at least one
    return data


def plausible_text(f, selects: set[str]) -> str:
    # A memorable date's day, month and year boxes (edgecare.forms.MemorableDateWidget): a
    # date of birth ten years ago.
    part = f.name.rsplit("_", 1)[-1]
    if part in ("day", "month", "year"):
        return {"day": "4", "month": "6", "year": str(timezone.localdate().year - 10)}[part]
    if f.name.endswith("_name") and f.name.removesuffix("_name") in selects:
        return ""  # a name typed instead of a choice from the list: not both
    if "phone" in f.name or f.kind == "tel":
        return "0300 555 0100"
    if "postcode" in f.name:
        return "FB1 2AB"
    if f.name == "username":
        return "sam.example"  # a sign-in name: no spaces
    if f.kind == "email":
        return "someone@example.test"
    return "Sam Example"


def saved_by_a_colleague(record):
    """A colleague opens the same record and saves it (a plain save: a new version)."""
    fresh = type(record).objects.get(pk=record.pk)
    fresh.save()
    return fresh.row_version


def get_pages(world, records, signed_in, *, kwargs_for=None):
    """(name, url, client, response) for every page with a form that answers a GET, opened by
    someone who may use it (one client: signed in again when the user changes). kwargs_for
    opens a page on other records (a start page on a case where starting is possible)."""
    kwargs_for = kwargs_for or {}
    current = None
    for name in sorted(all_url_names()):
        page = PAGES[name]
        if page.method != "get":
            continue
        role = role_for_page(page)
        if page.expected[role] != OK and name not in kwargs_for:
            continue
        if name.endswith(("pdf", "csv", "json")):  # documents, not forms
            continue
        user = getattr(world, role)
        if user != current:
            client, current = signed_in(user), user
        url = (
            reverse(name, kwargs=kwargs_for[name]) if name in kwargs_for else url_of(name, records)
        )
        response = client.get(url)
        if response.status_code == 200:
            yield name, url, client, response


def test_every_edit_form_renders_its_version_refuses_a_stale_save_and_takes_an_informed_one(
    world, records, signed_in
):
    walked, wrong = [], []
    for name, url, client, page in get_pages(world, records, signed_in):
        if not ADD_PAGE.search(name) and first_records_in(page):
            # A record written on the page's first save (a young person's view, indicators):
            # once saved, the same page edits it.
            first = client.post(url, filled(page, editing=False))
            if first.status_code != 302:
                wrong.append(f"{name}: the first save got {first.status_code}: {problems(first)}")
                continue
            page = client.get(url)
        edits = edit_forms_in(page)
        if not edits:
            continue
        html = page.content.decode()
        for form in edits:
            walked.append(f"{name} ({type(form).__name__})")
            field = form.add_prefix("row_version")
            if not re.search(rf'<input type="hidden" name="{re.escape(field)}" value="\d+"', html):
                wrong.append(f"{name}: {type(form).__name__} does not render {field}")
        record = edits[0].instance
        data = filled(page, editing=True)
        newer = saved_by_a_colleague(record)

        refused = client.post(url, data)
        body = refused.content.decode()
        if refused.status_code not in (400, 409) or STALE not in body:
            wrong.append(f"{name}: a stale save got {refused.status_code}, not the stale refusal")
            continue
        if any(MY_TEXT in str(v) for v in data.values()) and MY_TEXT not in body:
            wrong.append(f"{name}: the refused form lost the worker's text")
        shown_again = edit_forms_in(refused)
        fields = {f.add_prefix(n) for f in shown_again for n in f.fields}
        lost = [
            key
            for key, value in data.items()
            if key in fields
            and not key.endswith("row_version")
            and not any(kept_in(f, key, value) for f in shown_again)
        ]
        if lost:
            wrong.append(f"{name}: the refused form lost what was posted in {lost}")
        if type(record).objects.get(pk=record.pk).row_version != newer:
            wrong.append(f"{name}: the stale save wrote to the record")

        informed = client.post(url, filled(refused, editing=True))
        if informed.status_code not in (301, 302, 303):
            wrong.append(
                f"{name}: the informed re-save got {informed.status_code}: {problems(informed)}"
            )
        elif type(record).objects.get(pk=record.pk).row_version <= newer:
            wrong.append(f"{name}: the informed re-save did not save the record")
    pages = sorted(set(walked))
    print(f"\nedit pages walked: {len(pages)} ({len(walked)} forms)\n  " + "\n  ".join(pages))
    assert not wrong, "\n".join(wrong)
    assert len(pages) >= EDIT_PAGES, pages


def test_a_save_without_its_version_is_refused_and_keeps_the_text(world, records, signed_in):
    client = signed_in(world.key_worker)
    url = url_of("assessments:edit_summary", records)
    data = filled(client.get(url), editing=True)
    del data["row_version"]
    refused = client.post(url, data)
    assert refused.status_code == 400
    body = refused.content.decode()
    assert "We could not tell which version of this record you were editing" in body
    records.assessment.refresh_from_db()
    assert MY_TEXT not in records.assessment.worries
    assert MY_TEXT in body
    again = client.post(url, filled(refused, editing=True))
    assert again.status_code == 302


def start_pages(world) -> dict[str, dict]:
    """Cases where each stage can be started: the matrix's cases are all past that point."""
    from tests.plans.plan_helpers import signed_off_assessment
    from tests.reviews.review_helpers import agreed_plan

    def new_case():
        return dataclasses.replace(
            world, case=CaseFactory(team=world.team, lead_professional=world.key_worker)
        )

    assessed = new_case()
    signed_off_assessment(assessed)
    planned = new_case()
    agreed_plan(planned)
    return {
        "assessments:start": {"case_pk": new_case().case.pk},
        "plans:start": {"case_pk": assessed.case.pk},
        "reviews:review_start": {"case_pk": planned.case.pk},
        "reviews:closure_start": {"case_pk": planned.case.pk},
    }


def rows_now() -> dict[str, int]:
    """How many rows every model of the project holds (the access log and history aside)."""
    counts = {}
    for model in apps.get_models():
        label = model._meta.label
        if model._meta.app_label not in {"edgecare", "families", "assessments", "plans", "reviews"}:
            continue
        if model is AccessLog or label.split(".")[1].startswith("Historical"):
            continue
        counts[label] = model._default_manager.count()
    return counts


def test_every_add_form_sent_twice_saves_once_and_the_second_answer_points_at_it(
    world, records, signed_in
):
    walked, wrong = [], []
    pages = get_pages(world, records, signed_in, kwargs_for=start_pages(world))
    for name, url, client, page in pages:
        if not ADD_PAGE.search(name) or "<form" not in page.content.decode():
            continue
        try:
            data = filled(page, editing=False)
        except AssertionError:
            continue  # a page that only searches (no POST form)
        walked.append(name)
        if not data.get(SUBMISSION_TOKEN_FIELD):
            wrong.append(f"{name}: the form carries no submission token")
            continue
        before = rows_now()
        first = client.post(url, data)
        if first.status_code == 400 and 'name="not_a_duplicate"' in first.content.decode():
            # Possible duplicates shown: the worker checks them and confirms this is new.
            data = filled(first, editing=False) | {"not_a_duplicate": ["on"]}
            first = client.post(url, data)
        if first.status_code not in (302, 303):
            wrong.append(
                f"{name}: the first POST was not saved ({first.status_code}): {problems(first)}"
            )
            continue
        after_first = rows_now()
        second = client.post(url, data)
        after_second = rows_now()
        if after_first == before:
            wrong.append(f"{name}: the first POST saved nothing")
        if after_second != after_first:
            grew = {k: after_second[k] - after_first[k] for k in after_first}
            wrong.append(f"{name}: the second POST saved again: {grew}")
        if second.status_code != 302 or second["Location"] != first["Location"]:
            wrong.append(f"{name}: the second answer does not point at the first save")
            continue
        shown = client.get(second["Location"])
        if "This was already saved" not in shown.content.decode():
            wrong.append(f"{name}: the record is shown without saying it was already saved")
    print(f"\nadd forms sent twice: {len(walked)}\n  " + "\n  ".join(walked))
    assert not wrong, "\n".join(wrong)
    assert len(walked) >= ADD_PAGES, walked
