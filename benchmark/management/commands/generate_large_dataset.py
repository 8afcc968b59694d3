"""Fill the configured database with a large authority's five years of fictional case records.

For the benchmark (docs/performance.md): run it on a database of its own, never on a live one.
`--scale 1.0` is 5,000 families, about 5,400 cases, 180,000 contacts and 18,000 reviews;
`--scale 10` is ten organisations of that size in one database (Fernshire's rows unchanged).
"""

from __future__ import annotations

import argparse
import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from benchmark import generate
from edgecare.models import Organisation

LABELS = [
    ("organisations", "organisations"),
    ("staff", "staff"),
    ("families", "families"),
    ("people", "people"),
    ("cases", "cases"),
    ("decisions", "decisions"),
    ("allocations", "allocations"),
    ("contacts", "contacts"),
    ("contact_people_seen", "people seen at contacts"),
    ("assessments", "assessments"),
    ("domain_assessments", "domain assessments"),
    ("plans", "plans (first versions)"),
    ("plans_revised", "plans (revisions)"),
    ("goals", "goals (first versions)"),
    ("actions", "actions"),
    ("reviews", "reviews"),
    ("review_domain_scores", "review domain scores"),
    ("closures", "closures"),
    ("closure_domain_scores", "closure domain scores"),
    ("follow_up_checks", "follow-up checks"),
    ("notifications", "notifications"),
]


class Command(BaseCommand):
    help = "Generate a large fictional data set (benchmark only; use a database of its own)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="1.0 = 5,000 families; above 1, more organisations of 5,000 families each",
        )
        parser.add_argument(
            "--families-per-organisation",
            type=int,
            default=generate.FAMILIES_AT_FULL_SCALE,
            help=argparse.SUPPRESS,  # the tests' way to get several organisations cheaply
        )
        parser.add_argument("--seed", type=int, default=20261123)
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            default=None,
            help="Anchor date (YYYY-MM-DD) the five years run up to; default today. "
            "The same seed and anchor give the same data.",
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=1,
            help="Processes generating the further organisations side by side (PostgreSQL; "
            "Fernshire is always generated first, alone, so its ids do not change).",
        )
        parser.add_argument(
            "--busy-contacts",
            type=int,
            default=500,
            help="Contacts on the one busy case (the benchmark's small data set uses fewer).",
        )

    def handle(
        self,
        *args,
        scale,
        seed,
        today,
        busy_contacts,
        families_per_organisation,
        jobs,
        **options,
    ):
        if not 0 < scale <= 20:
            raise CommandError("--scale must be above 0 and at most 20.")
        existing = Organisation.objects.filter(name=generate.ORGANISATION_NAME).first()
        if existing is not None:
            self.stdout.write("The large data set is already here; nothing changed.")
            self.stdout.write(f"BUSY_CASE_ID={generate.busy_case_id()}")
            return
        today = today or timezone.localdate()
        self.stdout.write(f"Generating at scale {scale} (seed {seed}, up to {today})...")
        result = generate.build(
            scale=scale,
            seed=seed,
            today=today,
            busy_contacts=busy_contacts,
            log=self.stdout.write,
            families_per_organisation=families_per_organisation,
            jobs=jobs,
        )
        for key, label in LABELS:
            if key in result.counts:
                self.stdout.write(f"  {label:<28} {result.counts[key]:>9,}")
        self.stdout.write(
            "Historical rows (django-simple-history) are not written for generated data."
        )
        self.stdout.write(
            f"Sign in as {generate.BENCH_WORKER} (key worker), {generate.BENCH_TEAM_MANAGER} "
            f"(team manager) or {generate.BENCH_SERVICE_MANAGER} (service manager) with the "
            f"password {generate.BENCH_PASSWORD}"
        )
        self.stdout.write(self.style.SUCCESS(f"Done in {result.seconds:.1f} s."))
        self.stdout.write(f"BUSY_CASE_ID={result.busy_case_id}")
