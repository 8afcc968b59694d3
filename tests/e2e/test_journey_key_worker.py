"""A key worker's whole journey with a new family, in a real browser, by the pages' visible
labels and buttons as a person would: the referral, the edge-of-care decision and its
rationale, an evening home visit, the assessment (signed off by the team manager at another
computer), the plan built from it and agreed by the family, the family's printed copy and PDF,
a review, closure with a sustainability plan signed off by the manager, and the closure letter.

One test, because every step stands on the one before (as the case does); screenshots of the
key steps go to test-artifacts/screenshots/journey-*.png.
"""

from __future__ import annotations

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from families.models import Case, Contact
from tests.e2e.helpers import (
    authenticator_for,
    click_and_wait,
    error_summary,
    follow_link,
    new_page,
    press_button,
    screenshot,
    screenshot_if_failing,
    sign_in,
)

pytestmark = pytest.mark.e2e

FAMILY = "Quillfeather"
YOUNG_PERSON = "Jory"
PARENT_VIEW_NEED = "Fewer rows at home in the evenings, so Jory wants to stay in."
GOAL_WORDS = "We want evenings at home to be calm, without shouting."


def snapshot(page, name: str) -> None:
    """What the worker sees at a key step (the window, not the whole page: quicker)."""
    screenshot(page, name, full_page=False)


def heading(page) -> str:
    return page.get_by_role("heading", level=1).inner_text()


def back_to(page, url: str) -> None:
    """Go to `url` unless the last save already led there (saves return to the record)."""
    here = urlsplit(page.url).path
    if here != urlsplit(url).path:
        page.goto(url)


def expect_no_errors(page, step: str) -> None:
    shown = error_summary(page)
    assert not shown, f"{step}: the form refused the entry: {shown}"


def take_referral(page) -> None:
    today = timezone.localdate()
    page.get_by_role("link", name="New referral").first.click()
    page.wait_for_url("**/referrals/new/")
    follow_link(page, "Add a new family")
    assert heading(page) == "New family"
    page.get_by_label("Family name").fill(FAMILY)
    page.get_by_label("Address line 1").fill("12 Imaginary Close")
    page.get_by_label("Town or city").fill("Fernbridge")
    page.get_by_label("Postcode").fill("ZZ9 9ZZ")
    page.get_by_label("Main language").fill("English")
    page.get_by_label("First name").fill(YOUNG_PERSON)
    page.get_by_label("Last name").fill(FAMILY)
    born = today - datetime.timedelta(days=14 * 365 + 100)
    page.get_by_label("Day").fill(str(born.day))
    page.get_by_label("Month").fill(str(born.month))
    page.get_by_label("Year").fill(str(born.year))
    page.get_by_label("Male", exact=True).check()
    page.get_by_label("None", exact=True).check()
    press_button(page, "Save family and continue")
    expect_no_errors(page, "new family")

    assert heading(page) == "New referral"
    assert page.get_by_label(f"{YOUNG_PERSON} {FAMILY}").is_checked()
    page.get_by_label("Referral date").fill((today - datetime.timedelta(days=3)).isoformat())
    page.get_by_label("School or college").check()
    page.get_by_label("Referrer's name and role").fill("Ms Ada Inkpen, head of year")
    page.get_by_label("Presenting concerns").fill(
        "Jory has gone missing overnight twice this month after arguments at home. "
        "School attendance has dropped to 60%."
    )
    page.get_by_label("A parent or carer asked for the young person to be accommodated").check()
    page.get_by_label("Urgent (within 24 hours)").check()
    press_button(page, "Save referral")
    expect_no_errors(page, "referral")
    assert heading(page) == f"{FAMILY} family"


def record_decision(page) -> None:
    follow_link(page, "Record a decision")
    assert heading(page) == "Record the edge-of-care decision"
    page.get_by_label("Support at home").check()
    page.get_by_label("Manager", exact=True).check()
    page.get_by_label("Name and role of the person who decided").fill("Tam Manager, team manager")
    # A key worker names the manager who confirms the decision (pending until then).
    page.locator('select[name="decider"]').select_option(index=1)
    page.get_by_label("Risks weighed").fill(
        "Two missing episodes this month; arguments at night; mother asked for Jory to be "
        "accommodated."
    )
    page.get_by_label("Strengths weighed").fill(
        "Mother and Jory both want things to change; his nan lives nearby and he trusts her; "
        "school want to help."
    )
    page.get_by_label("Why was this decision made?").fill(
        "The risks are real but recent, and the family's strengths are strong: with intensive "
        "support in the evenings, when the rows happen, Jory can stay safely at home. Care "
        "would cut him off from his nan and his school."
    )
    press_button(page, "Record decision")
    expect_no_errors(page, "decision")
    decision = page.locator(".govuk-summary-card").filter(has_text="Support at home")
    assert decision.is_visible()
    assert "Care would cut him off from his nan" in decision.inner_text()


def record_evening_home_visit(page, case_url: str) -> None:
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    press_button(page, "Record a contact")  # a link styled, and announced, as a button
    assert heading(page) == "Record a contact"
    page.get_by_label("Date", exact=True).fill(yesterday.isoformat())
    page.get_by_label("Start time").fill("19:30")
    page.get_by_label("Duration (minutes)").fill("90")
    page.get_by_label("Home visit").check()
    page.get_by_label(f"{YOUNG_PERSON} {FAMILY}").check()
    page.get_by_label("The young person was seen alone").check()
    page.get_by_label("Purpose").fill("First visit: meet Jory and his mum at teatime")
    page.get_by_label("What happened").fill(
        "Met Jory and his mum at home. Jory talked to me on his own about the arguments."
    )
    page.get_by_label("Next steps").fill("Visit again on Thursday evening.")
    press_button(page, "Save contact")
    expect_no_errors(page, "contact")
    back_to(page, case_url)
    visit = page.locator("li").filter(has_text="Home visit").filter(has_text="19:30")
    assert visit.get_by_text("Out of hours").is_visible()
    snapshot(page, "journey-01-case-after-evening-visit")


def complete_assessment(page) -> str:
    follow_link(page, "Start the initial assessment")
    press_button(page, "Start the assessment")
    expect_no_errors(page, "start the assessment")
    assessment_url = page.url
    # One "Change <outcome area>" link per area of the organisation's outcome framework.
    areas = [link.inner_text() for link in page.locator("main a[href*='/domains/']").all()]
    assert len(areas) >= 5, f"expected the outcome areas to score, found {areas}"
    for index, area in enumerate(areas):
        back_to(page, assessment_url)
        follow_link(page, area, exact=True)
        if index == 0:
            page.get_by_label("What we found").fill("Arguments most evenings; calm weekends.")
            page.get_by_label("Strengths and protective factors").fill("His nan; his football.")
        page.get_by_label("Worker's score").fill(str(3 + index % 5))
        page.get_by_label("Family's own score").fill(str(4 + index % 4))
        press_button(page, "Save")
        expect_no_errors(page, f"outcome area {index + 1}")

    follow_link(page, re.compile(f"{YOUNG_PERSON}'s views"))
    page.get_by_label("Their views, in their own words").fill(
        "I don't want to go into care. I want mum to stop shouting and to see my nan more."
    )
    page.get_by_label("Seen on their own").check()
    page.get_by_label("Date their views were given").fill(
        (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    )
    press_button(page, "Save")
    expect_no_errors(page, "young person's views")

    follow_link(page, "Add a need")
    page.get_by_label("Outcome area").select_option(label="Family and peer relationships")
    page.get_by_label("What needs to change").fill(PARENT_VIEW_NEED)
    page.get_by_label("Priority").fill("1")
    press_button(page, "Save")
    expect_no_errors(page, "need")

    follow_link(page, "Change the analysis and risk level")
    page.get_by_label("Analysis", exact=True).fill(
        "The risk is in the evenings, when rows start and Jory leaves. The strengths (his nan, "
        "school, mum's wish to change) outweigh it with support at those times."
    )
    page.get_by_label("High", exact=True).check()
    page.get_by_label("Why this risk level").fill("Two missing episodes in a month.")
    press_button(page, "Save")
    expect_no_errors(page, "analysis")

    back_to(page, assessment_url)
    click_and_wait(page, page.get_by_role("button", name="Check your answers and submit"))
    press_button(page, "Submit for sign-off")
    expect_no_errors(page, "submit the assessment")
    assert page.get_by_text("Awaiting sign-off").first.is_visible() or (
        "submitted" in page.content().lower()
    )
    snapshot(page, "journey-02-assessment-submitted")
    return assessment_url


def manager_signs_off_assessment(browser, live_server, world, assessment_url: str) -> None:
    authenticator_for(world.team_manager)
    manager, close = new_page(browser, live_server)
    try:
        sign_in(manager, live_server, "tm")
        manager.goto(assessment_url)
        click_and_wait(
            manager, manager.get_by_role("button", name="Check the assessment and sign it off")
        )
        press_button(manager, "Sign off the assessment")
        expect_no_errors(manager, "sign-off")
        assert manager.get_by_text("Signed off", exact=False).first.is_visible()
        snapshot(manager, "journey-03-assessment-signed-off-by-manager")
    finally:
        close()


def build_and_agree_plan(page, case_url: str) -> str:
    back_to(page, case_url)
    follow_link(page, "Build the plan")
    assert heading(page) == "Build the plan"
    press_button(page, "Start the plan")
    expect_no_errors(page, "start the plan")
    # A new plan opens on its goals from the assessment's needs.
    if heading(page) != "Goals from the assessment":
        follow_link(page, "Make goals from the assessment's needs")
    plan_url = page.get_by_role("link", name="Back to the plan").get_attribute("href")
    press_button(page, re.compile(r"^Make this a goal"))
    expect_no_errors(page, "goal from need")
    assert heading(page) == "Goal"
    page.get_by_label("What we want to be different").fill(GOAL_WORDS)
    page.get_by_label("How we'll know").fill("Jory is home by ten and nobody shouts.")
    page.get_by_label("Target score").fill("8")
    press_button(page, "Save", exact=True)
    expect_no_errors(page, "goal")

    back_to(page, plan_url)
    follow_link(page, "Add an action to goal 1")
    page.get_by_label("What will be done").fill("Plan a calm-down signal together at teatime.")
    owner = page.get_by_label("Who will do it")
    choices = [text.strip() for text in owner.locator("option").all_inner_texts()]
    owner.select_option(label=next(c for c in choices if c.startswith(YOUNG_PERSON)))
    page.get_by_label("By when").fill((timezone.localdate() + datetime.timedelta(14)).isoformat())
    press_button(page, "Save", exact=True)
    expect_no_errors(page, "action")

    back_to(page, plan_url)
    follow_link(page, "Add what to do if things go wrong")
    page.get_by_label("If this happens").fill("If Jory is not home by ten")
    page.get_by_label("This is what we will do").fill(
        "Mum rings Jory, then his nan, then the police on 101."
    )
    page.get_by_label("Who does it").fill("Mum")
    press_button(page, "Save", exact=True)
    expect_no_errors(page, "contingency")

    back_to(page, plan_url)
    follow_link(page, "Record the family's agreement")
    page.get_by_label(f"{YOUNG_PERSON} {FAMILY}").check()
    page.get_by_label("Date they agreed").fill(timezone.localdate().isoformat())
    page.get_by_label("What the family said about the plan").fill(
        "Jory: I'll try the signal if mum does too."
    )
    press_button(page, "Record the family's agreement")
    expect_no_errors(page, "agreement")
    assert page.get_by_text("Agreed", exact=True).first.is_visible()
    snapshot(page, "journey-04-plan-agreed")
    return plan_url


def print_and_download_family_plan(page) -> None:
    follow_link(page, "The family's copy (print)")
    assert GOAL_WORDS in page.locator("main").inner_text()
    snapshot(page, "journey-05-family-plan-print-view")
    page.go_back()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the family's copy (PDF)").click()
    download = download_info.value
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert download.suggested_filename.endswith(".pdf")


def fill_every(page, label: str, values) -> None:
    """Fill every field a person would read as `label` (one per outcome area or goal)."""
    fields = page.get_by_label(label)
    for index in range(fields.count()):
        fields.nth(index).fill(str(values(index)))


def record_review(page, case_url: str) -> None:
    back_to(page, case_url)
    follow_link(page, "Record a review")
    assert heading(page) == "Start a review of the plan"
    page.get_by_label("Date of the review").fill(timezone.localdate().isoformat())
    page.get_by_label("Planned review").check()
    press_button(page, "Start the review")
    expect_no_errors(page, "start the review")
    review_url = page.url

    follow_link(page, "Change who took part and their views")
    page.get_by_label(f"{YOUNG_PERSON} {FAMILY}").check()
    page.get_by_label("What has changed since the plan was agreed").fill(
        "The calm-down signal works most nights; Jory has been home by ten all week."
    )
    page.get_by_label("The young person's views, in their own words").fill(
        "It's better. Mum doesn't shout as much."
    )
    page.get_by_label("Parents' and carers' views, in their own words").fill("We're getting there.")
    press_button(page, "Save", exact=True)
    expect_no_errors(page, "who took part")

    back_to(page, review_url)
    follow_link(page, "Record progress on the goals")
    goal = page.get_by_role("group", name=GOAL_WORDS)
    goal.get_by_label("Score now").fill("7")
    goal.get_by_label("How it is going").fill("Most evenings are calm now.")
    press_button(page, "Save", exact=True)
    expect_no_errors(page, "goal progress")

    back_to(page, review_url)
    follow_link(page, "Re-score the outcome areas")
    fill_every(page, "Worker's score", lambda i: 5 + i % 4)
    press_button(page, "Save", exact=True)
    expect_no_errors(page, "re-scored outcome areas")

    back_to(page, review_url)
    follow_link(page, "Re-assess the risk")
    page.get_by_label("Medium", exact=True).check()
    page.get_by_label("Why this risk level").fill("No missing episodes since the plan began.")
    press_button(page, "Save", exact=True)
    expect_no_errors(page, "risk")

    back_to(page, review_url)
    follow_link(page, "Record the decision")
    page.get_by_label("Prepare for closure").check()
    page.get_by_label("Why this decision").fill(
        "The goal is nearly met and the family feel ready to manage with their nan's help."
    )
    press_button(page, "Save", exact=True)
    expect_no_errors(page, "review decision")

    back_to(page, review_url)
    press_button(page, "Complete the review")
    expect_no_errors(page, "complete the review")
    snapshot(page, "journey-06-review-completed")


def close_the_case(page, case_url: str) -> str:
    back_to(page, case_url)
    follow_link(page, "Close the case")
    assert heading(page) == "Close the case"
    page.get_by_label("Goals achieved").check()
    page.get_by_label("Date of closure").fill(timezone.localdate().isoformat())
    page.get_by_label("With a parent or parents").check()
    press_button(page, "Start the closure")
    expect_no_errors(page, "start the closure")
    closure_url = page.url

    follow_link(page, "Give the closure scores")
    fill_every(page, "Worker's score at closure", lambda i: 6 + i % 4)
    fill_every(page, "Family's own score at closure", lambda i: 7 + i % 3)
    press_button(page, "Save", exact=True)
    expect_no_errors(page, "closure scores")

    back_to(page, closure_url)
    follow_link(page, "Say how each goal ended")
    page.get_by_label("Achieved", exact=True).check()
    page.get_by_label("Score at closure").fill("8")
    press_button(page, "Save", exact=True)
    expect_no_errors(page, "how each goal ended")

    back_to(page, closure_url)
    follow_link(page, "Record the ongoing support needs")
    page.get_by_label("What support the family still needs").fill(
        "Jory would like a youth club place; mum wants to keep seeing the parenting group."
    )
    page.get_by_label(f"{YOUNG_PERSON} {FAMILY}").check()
    press_button(page, "Save", exact=True)
    expect_no_errors(page, "ongoing needs")

    back_to(page, closure_url)
    follow_link(page, "Write the plan for keeping things going")
    page.get_by_label("Who to contact if things get difficult again").fill("Sam Early")
    page.get_by_label("Who they are").fill("Early help worker")
    page.get_by_label("Their phone number").fill("0300 555 0177")
    page.get_by_label("Evenings, nights and weekends").fill(
        "The council's out-of-hours team on 0300 555 0100."
    )
    page.get_by_label("Who will carry on helping").fill("Sam Early, early help")
    page.get_by_label("What they will do").fill("Visit once a fortnight until the summer.")
    page.get_by_label("What helped", exact=True).fill(
        "The calm-down signal, teatime chats, and Jory's nan on Sundays."
    )
    page.get_by_label("How confident the family feel").fill("8")
    page.get_by_label("In their words").fill("We know what to do now.")
    page.get_by_label("A few words from the worker for the letter").fill(
        "You have worked so hard together. Keep using the signal."
    )
    press_button(page, "Save", exact=True)
    expect_no_errors(page, "sustainability plan")

    back_to(page, closure_url)
    click_and_wait(page, page.get_by_role("button", name="Check your answers and submit"))
    press_button(page, "Submit for sign-off")
    expect_no_errors(page, "submit the closure")
    snapshot(page, "journey-07-closure-submitted")
    return closure_url


def manager_signs_off_closure(browser, live_server, closure_url: str) -> None:
    manager, close = new_page(browser, live_server)
    try:
        sign_in(manager, live_server, "tm")
        manager.goto(closure_url)
        click_and_wait(
            manager, manager.get_by_role("button", name="Check the closure and sign it off")
        )
        manager.get_by_label("Comments (optional)").fill("Well done: a good ending.")
        press_button(manager, "Sign off and close the case")
        expect_no_errors(manager, "closure sign-off")
        snapshot(manager, "journey-08-closure-signed-off-by-manager")
    finally:
        close()


def print_closure_letter(page, closure_url: str) -> None:
    back_to(page, closure_url)
    follow_link(page, "The family's closure letter")
    letter = page.locator("main").inner_text()
    assert "Sam Early" in letter
    assert "0300 555 0177" in letter
    page.emulate_media(media="print")
    assert not page.get_by_role("button", name="Print").is_visible()
    snapshot(page, "journey-09-closure-letter-printed")
    page.emulate_media(media="screen")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download PDF").click()
    with open(download_info.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"


def test_key_worker_takes_a_new_family_from_referral_to_closure(page, browser, live_server, world):
    with screenshot_if_failing(page, "journey-failed-key-worker"):
        key_worker_journey(page, browser, live_server, world)


def key_worker_journey(page, browser, live_server, world):
    sign_in(page, live_server, "kw")

    take_referral(page)
    case = Case.objects.get(family__family_name=FAMILY)
    case_url = case.get_absolute_url()
    assert page.url.endswith(case_url)
    record_decision(page)
    record_evening_home_visit(page, case_url)
    assert Contact.objects.get(case=case).out_of_hours

    back_to(page, case_url)
    assessment_url = complete_assessment(page)
    manager_signs_off_assessment(browser, live_server, world, assessment_url)

    build_and_agree_plan(page, case_url)
    print_and_download_family_plan(page)
    case.refresh_from_db()
    assert case.status == Case.Status.ACTIVE

    record_review(page, case_url)
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSING

    closure_url = close_the_case(page, case_url)
    manager_signs_off_closure(browser, live_server, closure_url)
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED

    print_closure_letter(page, closure_url)
    back_to(page, case_url)
    assert page.get_by_text("Its record is read-only").is_visible()
    snapshot(page, "journey-10-closed-case")
