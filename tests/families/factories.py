"""Test helpers of the case-record pages (families part A)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from casefile import case_page

TODAY = timezone.localdate()
# Script in a family's own words: every page must show it as text, never run it.
HOSTILE = "<script>alert(1)</script>"


@pytest.fixture
def only_families_panels(monkeypatch):
    """The case page with no other app's panels or next steps: these tests are about the
    families app's own part of the page around them (other apps' panels are tested by them)."""
    monkeypatch.setattr(case_page, "PANELS", [])
    monkeypatch.setattr(case_page, "NEXT_STEPS", [])
    return case_page
