from django.utils.functional import SimpleLazyObject

from managers.models import Notification


def notifications(request) -> dict:
    """How many unread notifications the signed-in user has, for the header link. Counted only
    when a template shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "unread_notifications": SimpleLazyObject(
            lambda: Notification.objects.unread().filter(recipient=user).count()
        )
    }
