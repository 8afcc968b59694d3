"""The case lifecycle: every move between two statuses, through each transition, is allowed
exactly where Case.ALLOWED_MOVES says so and refused with a ValidationError everywhere else."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.core.exceptions import ValidationError

from families.models import Case
from tests.factories import CaseFactory, UserFactory

pytestmark = pytest.mark.django_db

STATUSES = list(Case.Status)
TRANSITIONS = [
    "start_assessment",
    "start_support",
    "prepare_closure",
    "resume_support",
    "close",
    "reopen",
]
CLOSED_ON = datetime.date(2026, 3, 2)


def _case_in(status: str) -> Case:
    closed_on = CLOSED_ON - datetime.timedelta(days=30) if status == Case.Status.CLOSED else None
    return CaseFactory(status=status, closed_on=closed_on)


def _run(case: Case, transition: str, by=None) -> None:
    method = getattr(case, transition)
    if transition == "close":
        method(on=CLOSED_ON, by=by)
    else:
        method(by=by)


def _target(transition: str) -> str:
    (target,) = {
        to
        for moves in Case.ALLOWED_MOVES.values()
        for to, name in moves.items()
        if name == transition
    }
    return target


def test_the_table_names_every_status_and_only_transitions_that_exist():
    assert set(Case.ALLOWED_MOVES) == set(STATUSES)
    named = {name for moves in Case.ALLOWED_MOVES.values() for name in moves.values()}
    assert named == set(TRANSITIONS)
    assert all(status not in moves for status, moves in Case.ALLOWED_MOVES.items())


@pytest.mark.parametrize(("current", "target"), list(itertools.product(STATUSES, STATUSES)))
def test_a_move_between_two_statuses_is_saved_only_if_the_table_allows_it(current, target):
    case = _case_in(current)
    allowed = target in Case.ALLOWED_MOVES[current]
    if allowed:
        case.move_to(target)
        case.refresh_from_db()
        assert case.status == target
    else:
        with pytest.raises(ValidationError):
            case.move_to(target)
        case.refresh_from_db()
        assert case.status == current


@pytest.mark.parametrize(("current", "transition"), list(itertools.product(STATUSES, TRANSITIONS)))
def test_each_transition_moves_the_case_only_from_the_statuses_the_table_gives_it(
    current, transition
):
    case = _case_in(current)
    target = _target(transition)
    allowed = Case.ALLOWED_MOVES[current].get(target) == transition
    if allowed:
        _run(case, transition)
        case.refresh_from_db()
        assert case.status == target
    else:
        with pytest.raises(ValidationError):
            _run(case, transition)
        case.refresh_from_db()
        assert case.status == current


def test_closing_sets_the_closing_date_and_reopening_clears_it():
    case = _case_in(Case.Status.ACTIVE)
    case.close(on=CLOSED_ON)
    case.refresh_from_db()
    assert (case.status, case.closed_on) == (Case.Status.CLOSED, CLOSED_ON)
    case.reopen()
    case.refresh_from_db()
    assert (case.status, case.closed_on) == (Case.Status.ACTIVE, None)


def test_closing_a_closed_case_is_refused_saying_it_is_already_closed():
    case = _case_in(Case.Status.CLOSED)
    with pytest.raises(ValidationError, match="already closed"):
        case.close(on=CLOSED_ON)


def test_reopening_an_open_case_is_refused_saying_only_a_closed_case_can_be():
    case = _case_in(Case.Status.ACTIVE)
    with pytest.raises(ValidationError, match="Only a closed case can be re-opened"):
        case.reopen()


def test_a_refused_move_names_both_statuses():
    case = _case_in(Case.Status.REFERRED)
    with pytest.raises(ValidationError, match="referred cannot be moved to closing"):
        case.move_to(Case.Status.CLOSING)


def test_a_move_is_recorded_in_the_history_under_who_made_it():
    case = _case_in(Case.Status.REFERRED)
    worker = UserFactory(organisation=case.family.organisation)
    case.start_assessment(by=worker)
    latest = case.history.latest()
    assert (latest.status, latest.history_user) == (Case.Status.ASSESSMENT, worker)


def test_an_unknown_status_is_a_programming_error():
    case = _case_in(Case.Status.REFERRED)
    with pytest.raises(ValueError, match="archived"):
        case.move_to("archived")
