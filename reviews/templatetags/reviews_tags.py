"""Template tags for pages owned by other apps (the home page), so their views stay untouched."""

from __future__ import annotations

from django import template

from reviews.selectors import follow_ups_due_for_user

register = template.Library()


@register.simple_tag
def follow_ups_due_for(user):
    """`{% follow_ups_due_for request.user as checks %}`: checks due on the user's cases."""
    if not getattr(user, "is_authenticated", False):
        return []
    return follow_ups_due_for_user(user)
