"""The generated organisation: its services, teams and staff, and the benchmark's sign-ins."""

from __future__ import annotations

from django.contrib.auth.hashers import make_password

from assessments.models import (
    OutcomeDomain,
)
from assessments.services import outcome_framework_for
from benchmark import text as T
from benchmark.loading import BATCH, at
from edgecare.models import Organisation, Service, Team, User

ORGANISATION_NAME = "Greater Fernshire County Council (fictional)"
# Above scale 1 the database holds more authorities beside Fernshire (whose data, and so every
# measured page, stays exactly as at scale 1): each with the same services, teams and staff,
# its usernames prefixed by its slug. Invented places, plainly fictional.
MORE_ORGANISATIONS = [
    "Ashcombe Vale",
    "Brindlemoor",
    "Carrow Ferris",
    "Dunholt",
    "Elsmere Downs",
    "Fallowbridge",
    "Gorsey Bank",
    "Hartwell Marches",
    "Ivelsham",
    "Kestleford",
    "Lornwick",
    "Marrowdale",
    "Northope",
    "Oxlade",
    "Penrose Heath",
    "Quillington",
    "Ravensmere",
    "Stowick",
    "Thornhollow",
    "Wendlebury Cross",
]
BENCH_PASSWORD = "bench-password-not-for-real-use"  # noqa: S105 - fictional, benchmark only
BENCH_WORKER = "bench.worker"
BENCH_TEAM_MANAGER = "bench.tm"
BENCH_SERVICE_MANAGER = "bench.sm"

# (name, intervention model, team names)
SERVICES = [
    (
        "Intensive Family Support",
        Service.InterventionModel.IFPS,
        [
            "Edge of Care North",
            "Edge of Care South",
            "Edge of Care East",
            "Edge of Care West",
            "Edge of Care Central",
            "Edge of Care Coast",
        ],
    ),
    (
        "Multisystemic Therapy",
        Service.InterventionModel.MST,
        ["MST North", "MST South", "MST East"],
    ),
    (
        "Family Group Conferencing",
        Service.InterventionModel.FGC,
        ["FGC North", "FGC South", "FGC Rural"],
    ),
]
KEY_WORKERS_PER_TEAM = 8
EXTRA_KEY_WORKERS = 7  # to teams 0..6: 108 + 7 + 3 service managers + 2 administrators = 120


class OrganisationAndStaff:
    """The part of the builder that sets up an organisation, its teams and its 120 staff."""

    def build_organisation(self, index: int = 0) -> None:
        """Organisation `index`: 0 is Fernshire with the benchmark's sign-ins; the others are
        the MORE_ORGANISATIONS, their usernames prefixed (`ashcombe-vale.kw.mst-north.1`)."""
        if index == 0:
            name, prefix, domain = ORGANISATION_NAME, "", "fernshire.invalid"
        else:
            place = MORE_ORGANISATIONS[index - 1]
            slug = place.lower().replace(" ", "-")
            name, prefix, domain = f"{place} Council (fictional)", f"{slug}.", f"{slug}.invalid"
        self.org = Organisation.objects.create(name=name, out_of_hours_phone="0300 555 0300")
        self.services: list[Service] = []
        self.teams: list[Team] = []
        for name, model, team_names in SERVICES:
            service = Service.objects.create(
                organisation=self.org, name=name, intervention_model=model
            )
            self.services.append(service)
            for n, team_name in enumerate(team_names):
                self.teams.append(
                    Team(
                        service=service,
                        name=team_name,
                        phone=f"0300 555 {1000 + len(self.teams) * 10:04d}",
                        out_of_hours_arrangement=(
                            "Evenings and weekends, call the out-of-hours line on "
                            f"0300 555 {1005 + len(self.teams) * 10 + n:04d}. "
                            "In an emergency, call 999."
                        ),
                    )
                )
        Team.objects.bulk_create(self.teams)
        self.counts.add("services", len(self.services))
        self.counts.add("teams", len(self.teams))

        password = make_password(BENCH_PASSWORD)
        rng = self.rng
        staff: list[User] = []
        self.key_workers: dict[int, list[User]] = {t.pk: [] for t in self.teams}
        self.team_managers: dict[int, User] = {}
        self.service_managers: dict[int, User] = {}

        def person(username: str, role: str, title: str, team=None, service=None) -> User:
            female = rng.random() < 0.7
            first = rng.choice(T.FIRST_NAMES_F if female else T.FIRST_NAMES_M)
            username = username if index == 0 else prefix + username
            user = User(
                username=username,
                password=password,
                first_name=first,
                last_name=self.surname(),
                email=f"{username}@{domain}",
                organisation=self.org,
                role=role,
                team=team,
                service=service,
                job_title=title,
                date_joined=at(self.start),
            )
            staff.append(user)
            return user

        for t_index, team in enumerate(self.teams):
            slug = team.name.lower().replace(" ", "-")
            tm_name = BENCH_TEAM_MANAGER if t_index == 0 else f"tm.{slug}"
            self.team_managers[team.pk] = person(tm_name, "team_manager", "Team manager", team)
            n_workers = KEY_WORKERS_PER_TEAM + (1 if t_index < EXTRA_KEY_WORKERS else 0)
            for k in range(n_workers):
                name = BENCH_WORKER if (t_index == 0 and k == 0) else f"kw.{slug}.{k + 1}"
                worker = person(name, "key_worker", rng.choice(T.STAFF_JOB_TITLES), team)
                self.key_workers[team.pk].append(worker)
        for s_index, service in enumerate(self.services):
            name = BENCH_SERVICE_MANAGER if s_index == 0 else f"sm.{s_index + 1}"
            self.service_managers[service.pk] = person(
                name, "service_manager", "Service manager", service=service
            )
        for n in range(2):
            person(f"admin.{n + 1}", "administrator", "Systems administrator")
        User.objects.bulk_create(staff, batch_size=BATCH)
        self.counts.add("staff", len(staff))
        self.counts.add("organisations", 1)
        self.bench_worker = self.key_workers[self.teams[0].pk][0]

        self.framework = outcome_framework_for(self.org)
        self.domains = list(OutcomeDomain.objects.active_for(self.org).order_by("order", "id"))

    def surname(self) -> str:
        return self.rng.choice(T.SURNAME_PARTS_A) + self.rng.choice(T.SURNAME_PARTS_B)
