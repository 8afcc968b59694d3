"""Deactivate staff accounts nobody has signed in to for INACTIVE_ACCOUNT_DAYS (run daily)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from staff.services import deactivate_inactive_accounts


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args, **options):
        deactivated = deactivate_inactive_accounts()
        # Identifiers only: the staff list names them for the organisation's administrators.
        for member in deactivated:
            self.stdout.write(f"deactivated user={member.pk} organisation={member.organisation_id}")
        self.stdout.write(
            f"{len(deactivated)} account(s) unused for {settings.INACTIVE_ACCOUNT_DAYS} days "
            "deactivated."
        )
