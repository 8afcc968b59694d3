"""The demo data gives the managers' pages something to say."""

from django.urls import reverse

from edgecare.models import User
from managers.models import CostAssumptions, Notification


def test_the_demo_has_cost_assumptions_closures_and_a_short_inbox(demo, signed_in):
    assert CostAssumptions.objects.get().weeks_avoided == 26
    kofi = User.objects.get(username="kofi.sm")
    report = signed_in(kofi).get(reverse("managers:outcomes")).context["report"]
    assert report.closures_signed_off >= 10
    assert 50 < report.at_home_share < 100
    assert report.distance
    assert report.cost.total > 0
    assert any(check["answered"] for check in report.follow_ups)
    for user in User.objects.all():
        assert Notification.objects.unread().filter(recipient=user).count() <= 5
