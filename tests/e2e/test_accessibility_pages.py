"""Every main page and form, held to what the service will not ship: axe-core (vendored, WCAG
2.x A and AA) finds nothing serious or critical, on the page as it first shows and on the
form's error state (submitted empty); a contact can be recorded by keyboard alone; and every
main page fits a 320 px phone without scrolling sideways (screenshots in
test-artifacts/screenshots/phone-*.png, axe reports in test-artifacts/axe/).

The case is built through the services (as the journeys' pages would leave it): a signed-off
assessment, an agreed plan with a draft revision, a re-assessment under way, a contact, a
review and a closure being written."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment
from families.models import Contact
from plans import services as plan_services
from tests.assessments.assessment_helpers import start as start_assessment
from tests.e2e.helpers import (
    check_accessibility,
    elements_past_the_screen,
    error_summary,
    screenshot,
    sign_in_as,
)
from tests.factories import ContactFactory
from tests.plans.plan_helpers import add_contingency
from tests.reviews.review_helpers import agreed_plan, started_closure, started_review

pytestmark = pytest.mark.e2e

PHONE_WIDTH = 320


@dataclass
class Records:
    world: object
    case: object
    plan: object
    draft_plan: object
    assessment: object
    draft_assessment: object
    contact: object
    review: object
    closure: object


@pytest.fixture
def records(world) -> Records:
    case = world.case
    plan = agreed_plan(world)
    add_contingency(plan)
    contact = ContactFactory(case=case, recorded_by=world.key_worker)
    review = started_review(world, plan)
    closure = started_closure(world, plan)
    draft_plan = plan_services.plan_revise(
        plan=plan, revised_by=world.key_worker, reason="The family asked for a new goal."
    )
    draft_assessment = start_assessment(
        case,
        world.key_worker,
        type=Assessment.Type.REASSESSMENT,
        assessment_date=timezone.localdate(),
    )
    return Records(
        world=world,
        case=case,
        plan=plan,
        draft_plan=draft_plan,
        assessment=plan.assessment,
        draft_assessment=draft_assessment,
        contact=contact,
        review=review,
        closure=closure,
    )


def _goal(records):
    return records.draft_plan.goals.first()


def _domain_row(records):
    return records.draft_assessment.domain_assessments.first()


# name: (url from the records, who looks at it, the button that submits its form, or None)
PAGES = {
    "case-list": (lambda r: reverse("families:case_list"), "key_worker", None),
    "my-cases": (lambda r: reverse("home"), "key_worker", None),
    "case-page": (lambda r: r.case.get_absolute_url(), "key_worker", None),
    "family-page": (lambda r: r.case.family.get_absolute_url(), "key_worker", None),
    "new-family-form": (
        lambda r: reverse("families:referral_new_family"),
        "key_worker",
        "Save family and continue",
    ),
    "referral-form": (
        lambda r: reverse("families:referral_create", args=[r.case.family_id]),
        "key_worker",
        "Save referral",
    ),
    "decision-form": (
        lambda r: reverse("families:decision_add", args=[r.case.pk]),
        "key_worker",
        "Record decision",
    ),
    "contact-form": (
        lambda r: reverse("families:contact_add", args=[r.case.pk]),
        "key_worker",
        "Save contact",
    ),
    "contact-list": (
        lambda r: reverse("families:contact_list", args=[r.case.pk]),
        "key_worker",
        None,
    ),
    "assessment-page": (lambda r: r.assessment.get_absolute_url(), "key_worker", None),
    "assessment-draft-page": (
        lambda r: r.draft_assessment.get_absolute_url(),
        "key_worker",
        None,
    ),
    "assessment-domain-form": (
        lambda r: reverse(
            "assessments:edit_domain",
            args=[r.case.pk, r.draft_assessment.pk, _domain_row(r).pk],
        ),
        "key_worker",
        "Save",
    ),
    "assessment-need-form": (
        lambda r: reverse("assessments:add_need", args=[r.case.pk, r.draft_assessment.pk]),
        "key_worker",
        "Save",
    ),
    "plan-page": (lambda r: r.draft_plan.get_absolute_url(), "key_worker", None),
    "plan-goal-form": (
        lambda r: reverse("plans:edit_goal", args=[r.case.pk, r.draft_plan.pk, _goal(r).pk]),
        "key_worker",
        "Save",
    ),
    "plan-action-form": (
        lambda r: reverse("plans:add_action", args=[r.case.pk, r.draft_plan.pk, _goal(r).pk]),
        "key_worker",
        "Save",
    ),
    "plan-agreement-form": (
        lambda r: reverse("plans:agree", args=[r.case.pk, r.draft_plan.pk]),
        "key_worker",
        "Record the family's agreement",
    ),
    "family-plan-print": (
        lambda r: reverse("plans:family_plan", args=[r.case.pk, r.plan.pk]),
        "key_worker",
        None,
    ),
    "review-page": (lambda r: r.review.get_absolute_url(), "key_worker", None),
    "review-form": (
        lambda r: reverse("reviews:review_edit", args=[r.case.pk, r.review.pk]),
        "key_worker",
        "Save",
    ),
    "review-decision-form": (
        lambda r: reverse("reviews:review_decision", args=[r.case.pk, r.review.pk]),
        "key_worker",
        "Save",
    ),
    "closure-page": (lambda r: r.closure.get_absolute_url(), "key_worker", None),
    "closure-form": (
        lambda r: reverse("reviews:closure_edit", args=[r.case.pk, r.closure.pk]),
        "key_worker",
        "Save",
    ),
    "closure-sustainability-form": (
        lambda r: reverse("reviews:closure_sustainability", args=[r.case.pk, r.closure.pk]),
        "key_worker",
        "Save",
    ),
    "closure-letter-print": (
        lambda r: reverse("reviews:closure_letter", args=[r.case.pk, r.closure.pk]),
        "key_worker",
        None,
    ),
    "chronology": (
        lambda r: reverse("families:case_chronology", args=[r.case.pk]),
        "key_worker",
        None,
    ),
    "caseloads": (lambda r: reverse("managers:caseloads"), "team_manager", None),
    "outcomes": (lambda r: reverse("managers:outcomes"), "team_manager", None),
    "notifications": (lambda r: reverse("managers:notifications"), "team_manager", None),
}
FORMS = [name for name, (_url, _who, button) in PAGES.items() if button]


def open_page(page, live_server, records, name, *, signed_in_as=None):
    url_for, who, _button = PAGES[name]
    user = getattr(records.world, who)
    if signed_in_as != user:
        page.context.clear_cookies()
        sign_in_as(page, live_server, user)
    response = page.goto(url_for(records))
    assert response.status == 200, f"{name}: {response.status} at {page.url}"
    return user


def empty_the_form(page) -> None:
    """Clear every field of the page's main form, as a person who submits without filling it
    in would leave it (pre-filled dates and defaults included), so every required field
    shows its error. A form that may be saved part-done (a draft's section) has nothing
    required: a score out of range (99) in its number fields shows its error state. The
    browser's own min/max check is turned off (novalidate, as GOV.UK forms do) so that the
    service's error summary, not the browser's bubble, is what is checked."""
    page.evaluate(
        """() => {
            for (const form of document.querySelectorAll('main form[method="post"]')) {
                form.noValidate = true;
                for (const el of form.elements) {
                    if (['hidden', 'submit', 'button'].includes(el.type)) continue;
                    if (['checkbox', 'radio'].includes(el.type)) {
                        el.checked = false;
                        continue;
                    }
                    if (el.tagName === 'SELECT') { el.selectedIndex = 0; continue; }
                    el.value = el.type === 'number' ? '99' : '';
                }
            }
        }"""
    )


def every_page(live_server, records, page, names, check) -> None:
    """Run `check(page, name)` on each page in turn (one set of records, one browser: the
    pages only read them) and report every page that fails, not just the first."""
    failures = []
    user = None
    for name in names:
        try:
            user = open_page(page, live_server, records, name, signed_in_as=user)
            check(page, name)
        except Exception as error:  # noqa: BLE001 (every page's failure is reported below)
            failures.append(f"== {name} ({page.url}):\n{type(error).__name__}: {error}")
    assert not failures, f"{len(failures)} of {len(names)} pages failed:\n\n" + "\n\n".join(
        failures
    )


def test_every_main_page_has_no_serious_accessibility_problems(page, live_server, records):
    every_page(live_server, records, page, list(PAGES), check_accessibility)


def test_every_form_in_its_error_state_has_no_serious_accessibility_problems(
    page, live_server, records
):
    def submit_empty_and_check(page, name):
        empty_the_form(page)
        button = PAGES[name][2]
        with page.expect_navigation(wait_until="domcontentloaded"):
            page.locator("main").get_by_role("button", name=button, exact=True).first.click()
        assert error_summary(page), "submitted empty, the form showed no error summary"
        check_accessibility(page, f"{name}-errors")

    every_page(live_server, records, page, FORMS, submit_empty_and_check)


def test_every_main_page_fits_a_320_pixel_phone(phone_page, live_server, records):
    def fits(page, name):
        too_wide = elements_past_the_screen(page, PHONE_WIDTH)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        screenshot(page, f"phone-{name}")
        assert too_wide == [], f"reaches past a {PHONE_WIDTH}px screen: {too_wide}"
        assert scroll_width <= PHONE_WIDTH, f"scrolls sideways ({scroll_width}px)"

    every_page(live_server, records, phone_page, list(PAGES), fits)


def focused(page) -> dict:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const label = el.labels && el.labels.length ? el.labels[0].innerText.trim() : '';
            return {name: el.getAttribute('name') || '', type: el.type || '', label,
                    text: (el.innerText || '').trim()};
        }"""
    )


def tab_to(page, *, name=None, text=None, most=8) -> dict:
    """Press Tab until focus reaches the field called `name` (or the button reading `text`),
    as a keyboard user moves through a form; fail if it takes more than `most` presses."""
    passed = []
    for _ in range(most):
        page.keyboard.press("Tab")
        now = focused(page)
        if (name and now["name"] == name) or (text and now["text"] == text):
            return now
        passed.append(now["name"] or now["text"])
    raise AssertionError(f"Tab never reached {name or text!r}; it went through {passed}")


def type_date(page, day: datetime.date) -> None:
    """Type a date into the focused date field as its parts show: Chromium orders them by its
    own language (day first in en-GB, month first in en-US), so if the day-first entry did not
    take, go back to the first part (Left arrow) and type it month first."""
    page.keyboard.type(day.strftime("%d%m%Y"))
    if page.evaluate("document.activeElement.value") != day.isoformat():
        page.keyboard.press("ArrowLeft")
        page.keyboard.press("ArrowLeft")
        page.keyboard.type(day.strftime("%m%d%Y"))
    assert page.evaluate("document.activeElement.value") == day.isoformat()


def test_keyboard_alone_records_a_contact(page, live_server, records):
    open_page(page, live_server, records, "contact-form")
    young_person = records.case.young_people.first()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    page.locator(".govuk-skip-link").focus()
    page.keyboard.press("Enter")  # skip to the main content

    tab_to(page, name="contact_date")
    type_date(page, yesterday)
    tab_to(page, name="start_time", most=4)
    page.keyboard.type("1945")
    tab_to(page, name="duration_minutes")
    page.keyboard.type("45")
    tab_to(page, name="contact_type")
    # Arrow keys move through a group of radios; Space picks the one with focus.
    while focused(page)["label"] != "Home visit":
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    now = tab_to(page, name="people_seen")
    while now["label"] != young_person.full_name and not now["label"].startswith(
        young_person.full_name
    ):
        now = tab_to(page, name="people_seen", most=1)
    page.keyboard.press("Space")
    tab_to(page, name="young_person_seen_alone")
    page.keyboard.press("Space")
    tab_to(page, name="purpose")
    page.keyboard.type("Evening check-in")
    tab_to(page, name="what_happened")
    page.keyboard.type("Talked in the kitchen about the week.")
    tab_to(page, name="next_steps")
    page.keyboard.type("Call on Friday.")
    tab_to(page, text="Save contact")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert not error_summary(page), error_summary(page)
    contact = Contact.objects.exclude(pk=records.contact.pk).get(case=records.case)
    assert contact.contact_date == yesterday
    assert contact.start_time == datetime.time(19, 45)
    assert contact.duration_minutes == 45
    assert contact.contact_type == Contact.ContactType.HOME_VISIT
    assert list(contact.people_seen.all()) == [young_person]
    assert contact.young_person_seen_alone
    assert contact.out_of_hours
    assert contact.purpose == "Evening check-in"
