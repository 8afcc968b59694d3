"""Where files are kept: the "attachments" storage (settings.STORAGES), under random names."""

from __future__ import annotations

import secrets

from django.core.files.storage import Storage, storages
from django.utils import timezone


def attachment_storage() -> Storage:
    # Looked up on each use, so a council's backend (or a test's folder) is the one in force.
    return storages["attachments"]


def random_name() -> str:
    """A name that says nothing about the family or the file: a month folder (so no one
    folder grows without end) and 32 random hex digits, no extension."""
    return f"{timezone.now():%Y/%m}/{secrets.token_hex(16)}"
