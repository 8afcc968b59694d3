from django.apps import AppConfig


class ManagersConfig(AppConfig):
    name = "managers"
    verbose_name = "Managers: caseloads, notifications and service outcomes"

    def ready(self) -> None:
        # Other apps never import this one: their state changes reach notifications through
        # signals connected here.
        from managers import signals

        signals.connect()
