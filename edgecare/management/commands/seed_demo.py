"""Builds the demo data set: deterministic, realistic and plainly fictional.

It is the one source of demo data. Each app adds its part in `<app>/demo.py`; this command
calls them in the order of the case journey.
"""

from __future__ import annotations

import importlib
import random

from django.core.management.base import BaseCommand
from django.db import transaction

from edgecare.demo import DEMO_PASSWORD, STAFF, build_organisation
from edgecare.models import Organisation

# Later stages of the journey add their demo builders here, in order.
DEMO_BUILDERS = [
    "families.demo",
    "families.demo_records",
    "assessments.demo",
    "plans.demo",
    "reviews.demo",
    "managers.demo",
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
                for module_name in DEMO_BUILDERS:
                    try:
                        module = importlib.import_module(module_name)
                    except ModuleNotFoundError:
                        continue
                    module.build(demo, rng)
            self.stdout.write(self.style.SUCCESS("Demo data created."))
        self.stdout.write("")
        self.stdout.write(f"Demo sign-ins (every password: {DEMO_PASSWORD})")
        for username, first, last, role, _unit, title in STAFF:
            self.stdout.write(
                f"  {username:<12} {first} {last}, {title} ({role.replace('_', ' ')})"
            )
