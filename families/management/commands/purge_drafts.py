"""manage.py purge_drafts: deletes the drafts of free-text forms left for more than DRAFT_DAYS.
Prints a count only: drafts are case content."""

from django.conf import settings
from django.core.management.base import BaseCommand

from families.drafts import purge_expired_drafts


class Command(BaseCommand):
    help = "Delete drafts of free-text forms untouched for more than DRAFT_DAYS days."

    def handle(self, *args, **options):
        deleted = purge_expired_drafts()
        self.stdout.write(
            f"{deleted} draft{'s' if deleted != 1 else ''} older than "
            f"{settings.DRAFT_DAYS} days deleted."
        )
