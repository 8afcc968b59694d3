"""Test helpers of the case-record pages (families part A)."""

from __future__ import annotations

import pytest

from casefile import case_page


@pytest.fixture
def only_families_panels(monkeypatch):
    """The case page with no other app's panels or next steps: these tests are about the
    families app's own part of the page around them (other apps' panels are tested by them)."""
    monkeypatch.setattr(case_page, "PANELS", [])
    monkeypatch.setattr(case_page, "NEXT_STEPS", [])
    return case_page
