from django.apps import AppConfig


class EdgecareConfig(AppConfig):
    name = "edgecare"
    verbose_name = "Organisation and access"
