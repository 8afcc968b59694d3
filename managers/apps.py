from django.apps import AppConfig


class ManagersConfig(AppConfig):
    name = "managers"
    verbose_name = "Managers: caseloads, notifications and service outcomes"

    def ready(self) -> None:
        # Other apps never import this one: their state changes reach notifications through
        # signals connected here.
        from managers import documents, signals

        signals.connect()
        # The outcome report PDF is made in the background (edgecare.documents).
        documents.register()
