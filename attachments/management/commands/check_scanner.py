"""`manage.py check_scanner`: does clamd answer, and does it find the EICAR test file? For a
deployment's smoke test and monitoring (docs/deployment.md "Documents"). Exit 1 if not."""

from __future__ import annotations

import io

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from attachments import scanner

# The anti-virus test file, built at run time so this module is not itself detected.
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-" + b"STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


class Command(BaseCommand):
    help = "Check that ClamAV's daemon answers at CLAMD_ADDRESS and detects the EICAR test file."

    def handle(self, *args, **options):
        if not scanner.ping():
            raise CommandError(f"clamd does not answer at {settings.CLAMD_ADDRESS}")
        verdict = scanner.scan(io.BytesIO(EICAR))
        if verdict.clean:
            raise CommandError("clamd answers but did not detect the EICAR test file")
        self.stdout.write(
            f"clamd answers at {settings.CLAMD_ADDRESS} and found {verdict.signature}"
        )
