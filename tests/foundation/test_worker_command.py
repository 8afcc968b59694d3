"""`manage.py run_worker`'s options: what a deployment gets without setting any."""

from __future__ import annotations

from casefile.management.commands.run_worker import Command


def parsed(*arguments: str):
    return Command().create_parser("manage.py", "run_worker").parse_args(list(arguments))


def test_an_idle_worker_looks_for_a_new_task_four_times_a_second():
    # db_worker's own default (1 s) added up to a second to every document a person waits for.
    assert parsed().interval == 0.25


def test_a_deployment_can_still_choose_how_often_an_idle_worker_looks():
    assert parsed("--interval=2").interval == 2


def test_a_worker_ticks_the_schedule_unless_told_not_to():
    assert parsed().schedule is True
    assert parsed("--no-schedule").schedule is False
