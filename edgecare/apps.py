from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class EdgecareConfig(AppConfig):
    name = "edgecare"
    verbose_name = "Organisation and access"
    # This module also holds the admin's config below: this one is the edgecare app's.
    default = True

    def ready(self):
        from edgecare import sign_in  # noqa: F401 - connects the sign-in method receiver
        from edgecare.forms import bound_every_form
        from edgecare.two_factor import watch_devices

        # Every free-text field of every form gets its limit here, once (edgecare/forms.py).
        bound_every_form()
        # Sessions remember what the two-factor device lookups found until a device changes.
        watch_devices()


class SuperuserAdminConfig(admin_apps.AdminConfig):
    """Django's admin, on a site only platform superusers may use (edgecare.admin_site)."""

    default = False
    default_site = "edgecare.admin_site.SuperuserAdminSite"
