from __future__ import annotations

from dataclasses import dataclass

import pytest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from edgecare.models import User
from tests.factories import (
    CaseFactory,
    OrganisationFactory,
    ServiceFactory,
    TeamFactory,
    UserFactory,
)


@dataclass
class World:
    """Two services in one organisation (one with two teams), and a second organisation:
    enough to prove every scoping rule."""

    org: object
    service: object
    team: object
    other_team: object
    other_service: object
    other_service_team: object
    other_org_team: object
    key_worker: User
    colleague: User
    team_manager: User
    service_manager: User
    administrator: User
    other_team_worker: User
    other_team_manager: User
    other_service_manager: User
    other_org_worker: User
    case: object
    other_team_case: object
    other_service_case: object
    other_org_case: object

    def users_by_role(self) -> dict[str, User]:
        return {
            "key_worker": self.key_worker,
            "team_manager": self.team_manager,
            "service_manager": self.service_manager,
            "administrator": self.administrator,
            "other_team_worker": self.other_team_worker,
            "other_service_manager": self.other_service_manager,
            "other_org_worker": self.other_org_worker,
        }


@pytest.fixture
def world(db) -> World:
    org = OrganisationFactory()
    service = ServiceFactory(organisation=org)
    team = TeamFactory(service=service)
    other_team = TeamFactory(service=service)
    other_service = ServiceFactory(organisation=org)
    other_service_team = TeamFactory(service=other_service)
    other_org_team = TeamFactory()
    key_worker = UserFactory(team=team, username="kw")
    case = CaseFactory(team=team, lead_professional=key_worker)
    return World(
        org=org,
        service=service,
        team=team,
        other_team=other_team,
        other_service=other_service,
        other_service_team=other_service_team,
        other_org_team=other_org_team,
        key_worker=key_worker,
        colleague=UserFactory(team=team, username="colleague"),
        team_manager=UserFactory(team=team, role=User.Role.TEAM_MANAGER, username="tm"),
        service_manager=UserFactory(
            team=None,
            organisation=org,
            service=service,
            role=User.Role.SERVICE_MANAGER,
            username="sm",
        ),
        administrator=UserFactory(
            team=None, organisation=org, role=User.Role.ADMINISTRATOR, username="admin1"
        ),
        other_team_worker=UserFactory(team=other_team, username="otherkw"),
        other_team_manager=UserFactory(
            team=other_team, role=User.Role.TEAM_MANAGER, username="othertm"
        ),
        other_service_manager=UserFactory(
            team=None,
            organisation=org,
            service=other_service,
            role=User.Role.SERVICE_MANAGER,
            username="othersm",
        ),
        other_org_worker=UserFactory(team=other_org_team, username="otherorg"),
        case=case,
        other_team_case=CaseFactory(team=other_team),
        other_service_case=CaseFactory(team=other_service_team),
        other_org_case=CaseFactory(team=other_org_team),
    )


@pytest.fixture
def signed_in(client):
    """Sign a user in on the test client: `signed_in(user)` returns the client."""

    def sign_in(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        # Past the second factor too, as a manager would be after entering their code.
        device, _ = TOTPDevice.objects.get_or_create(
            user=user, name="Test authenticator", defaults={"confirmed": True}
        )
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        return client

    return sign_in
