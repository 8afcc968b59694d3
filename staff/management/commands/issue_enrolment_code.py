"""For the platform's operators: a two-factor enrolment code for a superuser or an
organisation's first administrator, who has nobody in the application to issue one."""

from django.core.management.base import BaseCommand, CommandError

from edgecare.models import User
from staff import services


class Command(BaseCommand):
    help = "Issue a one-time two-factor enrolment code (valid 72 hours) for a user."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        member = User.objects.filter(username=username, is_active=True).first()
        if member is None:
            raise CommandError(f"No active user {username!r}.")
        code = services.enrolment_code_issue(member=member, by=None)
        self.stdout.write(f"Enrolment code for {username} (works once, for 72 hours): {code}")
