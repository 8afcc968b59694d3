"""The organisation and staff of the demo data set. Plainly fictional: the borough, the services
and every person in them are invented."""

from __future__ import annotations

from dataclasses import dataclass, field

from edgecare.models import Organisation, Service, Team, User

DEMO_PASSWORD = "demo-password-not-for-real-use"  # noqa: S105 - printed for the demo only

# (username, first, last, role, team key or service key, job title)
STAFF = [
    ("amara.kw", "Amara", "Osei", "key_worker", "north", "Family support worker"),
    ("ben.kw", "Ben", "Hollis", "key_worker", "north", "Family support worker"),
    ("chloe.kw", "Chloe", "Varga", "key_worker", "north", "Senior family practitioner"),
    ("dev.kw", "Dev", "Raman", "key_worker", "south", "Family support worker"),
    ("ellie.kw", "Ellie", "Marsh", "key_worker", "south", "Family support worker"),
    ("farid.kw", "Farid", "Nasser", "key_worker", "mst", "MST therapist"),
    ("gwen.kw", "Gwen", "Albright", "key_worker", "fgc", "FGC coordinator"),
    ("hana.tm", "Hana", "Kowalski", "team_manager", "north", "Team manager"),
    ("ian.tm", "Ian", "Brook", "team_manager", "south", "Team manager"),
    ("jo.tm", "Jo", "Pemberton", "team_manager", "mst", "MST supervisor"),
    ("mo.tm", "Mo", "Ashdown", "team_manager", "fgc", "FGC team manager"),
    ("kofi.sm", "Kofi", "Mensah", "service_manager", "ifs", "Service manager, edge of care"),
    ("lena.admin", "Lena", "Frost", "administrator", None, "Systems administrator"),
]

# The services, by key, in the order they are created.
SERVICES = {
    "ifs": {
        "name": "Intensive Family Support",
        "intervention_model": Service.InterventionModel.IFPS,
        "family_facing_name": "Family support",
        "family_facing_description": "We help families at home when things get hard.",
    },
    "mst": {
        "name": "Multisystemic Therapy",
        "intervention_model": "mst",
        "family_facing_name": "Family therapy at home",
        "family_facing_description": "A therapist works with your whole family at home.",
    },
    "fgc": {
        "name": "Family Group Conferencing",
        "intervention_model": "fgc",
        "family_facing_name": "Family meetings",
        "family_facing_description": "We help your family meet and make its own plan.",
    },
}

# The edge of care teams' evenings-and-weekends line; South has its own number.
OUT_OF_HOURS = (
    "Evenings and weekends, call the team's out-of-hours phone on 0300 555 0142 "
    "(5pm to 10pm, and 10am to 6pm at weekends). In an emergency, call 999."
)

# The teams, by key, with the key of their service, in the order they are created.
TEAMS = {
    "north": (
        "ifs",
        {
            "name": "Edge of Care North",
            "phone": "0300 555 0141",
            "out_of_hours_arrangement": OUT_OF_HOURS,
            "family_facing_name": "The family support team",
            "family_facing_description": (
                "We work with you at home, in the evenings and at weekends too."
            ),
        },
    ),
    "south": (
        "ifs",
        {
            "name": "Edge of Care South",
            "phone": "0300 555 0143",
            "out_of_hours_arrangement": OUT_OF_HOURS.replace("0142", "0144"),
            "family_facing_name": "The family support team",
            "family_facing_description": (
                "We work with you at home, in the evenings and at weekends too."
            ),
        },
    ),
    "mst": (
        "mst",
        {
            "name": "MST Team",
            "phone": "0300 555 0145",
            "out_of_hours_arrangement": (
                "Your therapist's on-call phone answers 24 hours: 0300 555 0146."
            ),
            "family_facing_name": "The family therapy team",
            "family_facing_description": "Your therapist works with the whole family, at home.",
        },
    ),
    "fgc": (
        "fgc",
        {
            "name": "FGC Coordinators",
            "phone": "0300 555 0147",
            "out_of_hours_arrangement": OUT_OF_HOURS,
            "family_facing_name": "The family meeting team",
            "family_facing_description": "We help your family get together and make a plan.",
        },
    ),
}


@dataclass
class DemoOrganisation:
    organisation: Organisation
    services: dict[str, Service] = field(default_factory=dict)
    teams: dict[str, Team] = field(default_factory=dict)
    staff: dict[str, User] = field(default_factory=dict)


def build_organisation() -> DemoOrganisation:
    org = Organisation.objects.create(
        name="Fernbridge Borough Council (fictional)",
        out_of_hours_phone="0300 555 0199",
    )
    demo = DemoOrganisation(org)
    for key, fields in SERVICES.items():
        demo.services[key] = Service.objects.create(organisation=org, **fields)
    for key, (service_key, fields) in TEAMS.items():
        demo.teams[key] = Team.objects.create(service=demo.services[service_key], **fields)
    for username, first, last, role, unit, title in STAFF:
        user = User(
            username=username,
            first_name=first,
            last_name=last,
            email=f"{username}@fernbridge.example",
            organisation=org,
            role=role,
            job_title=title,
        )
        if role == "service_manager":
            user.service = demo.services[unit]
        elif unit:
            user.team = demo.teams[unit]
        if role == "administrator":
            user.is_staff = True
        user.set_password(DEMO_PASSWORD)
        user.save()
        demo.staff[username] = user
    return demo
