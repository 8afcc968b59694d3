from __future__ import annotations

from rest_framework import permissions


class IsServiceAccount(permissions.BasePermission):
    """Only a service account's token opens the API: a web session is not read at all (the
    authentication classes are the token's only), so a signed-in member of staff gets a 401."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and getattr(user, "is_service_account", False))
