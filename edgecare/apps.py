from django.apps import AppConfig


class EdgecareConfig(AppConfig):
    name = "edgecare"
    verbose_name = "Organisation and access"

    def ready(self):
        from edgecare.forms import bound_every_form

        # Every free-text field of every form gets its limit here, once (edgecare/forms.py).
        bound_every_form()
