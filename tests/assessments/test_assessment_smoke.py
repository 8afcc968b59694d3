from django.urls import reverse

from tests.assessments.assessment_helpers import signed_off, start


def test_an_assessment_page_shows_every_section(world, signed_in):
    assessment = start(world.case, world.key_worker)
    response = signed_in(world.key_worker).get(assessment.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    for heading in ("What we are worried about", "What is working well", "What needs to happen"):
        assert heading in html
    assert "Behaviour" in html


def test_the_case_panel_shows_the_baseline(world, signed_in):
    signed_off(world.case, world.key_worker, world.team_manager)
    response = signed_in(world.key_worker).get(
        reverse("families:case_detail", args=[world.case.pk])
    )
    assert response.status_code == 200
