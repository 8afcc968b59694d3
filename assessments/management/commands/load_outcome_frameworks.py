"""Load the shipped outcome frameworks and risk factors for every organisation (or one)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from assessments.frameworks import FRAMEWORKS
from assessments.services import outcome_frameworks_load
from edgecare.models import Organisation


class Command(BaseCommand):
    help = (
        "Create the shipped outcome frameworks (the default edge-of-care domains and the "
        "Supporting Families headline outcomes) and risk factors. Safe to run again: existing "
        "frameworks, perhaps reworded by administrators, are left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument("--organisation", type=int, help="Only this organisation (id).")
        parser.add_argument(
            "--activate",
            choices=[f.key for f in FRAMEWORKS],
            default="default",
            help="Which framework to make active where none is active yet.",
        )

    def handle(self, *args, organisation=None, activate="default", **options):
        organisations = Organisation.objects.all()
        if organisation is not None:
            organisations = organisations.filter(pk=organisation)
            if not organisations.exists():
                raise CommandError(f"No organisation with id {organisation}.")
        for org in organisations:
            outcome_frameworks_load(organisation=org, activate=activate)
            self.stdout.write(f"Outcome frameworks ready for organisation {org.pk}.")
