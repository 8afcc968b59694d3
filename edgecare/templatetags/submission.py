"""The one-time token every saving form carries (edgecare.middleware.OneSavePerSubmitMiddleware)."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from edgecare.submission import SUBMISSION_TOKEN_FIELD, new_submission_token

register = template.Library()


@register.simple_tag
def submission_token() -> str:
    return format_html(
        '<input type="hidden" name="{}" value="{}">', SUBMISSION_TOKEN_FIELD, new_submission_token()
    )
