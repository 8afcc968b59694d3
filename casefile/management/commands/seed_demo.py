"""Builds the demo data set: deterministic, realistic and plainly fictional.

It is the one source of demo data. Each app adds its part in `<app>/demo.py`; this command
calls them, imported by name, in the order of the case journey: a broken demo module fails
here, it is never skipped.
"""

from __future__ import annotations

import random

from django.core.management.base import BaseCommand
from django.db import transaction

from assessments import demo as assessments_demo
from casefile.demo_accounts import accounts_table, demo_accounts
from edgecare.demo import DEMO_PASSWORD, build_organisation
from edgecare.models import Organisation
from families import demo as families_demo
from families import demo_household as families_demo_household
from families import demo_records as families_demo_records
from managers import demo as managers_demo
from plans import demo as plans_demo
from reviews import demo as reviews_demo

# In the order of the journey: each builder reads what the ones before it made.
DEMO_BUILDERS = [
    families_demo.build,
    families_demo_records.build,
    families_demo_household.build,
    assessments_demo.build,
    plans_demo.build,
    reviews_demo.build,
    managers_demo.build,
]


class Command(BaseCommand):
    help = "Create the fictional demo organisation, staff and families (in an empty database)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=20261123)

    def handle(self, *args, seed: int, **options):
        if Organisation.objects.exists():
            self.stdout.write("Demo data already present; nothing changed.")
        else:
            rng = random.Random(seed)
            with transaction.atomic():
                demo = build_organisation()
                for build in DEMO_BUILDERS:
                    build(demo, rng)
            self.stdout.write(self.style.SUCCESS("Demo data created."))
        self.stdout.write("")
        self.stdout.write(f"Demo sign-ins (every password: {DEMO_PASSWORD})")
        self.stdout.write("")
        self.stdout.write(accounts_table(demo_accounts()))
