from django.apps import AppConfig


class CasefileConfig(AppConfig):
    """The composition layer: the pages and commands that read several apps. It may import
    every app; no app imports it."""

    name = "casefile"
    verbose_name = "The case file: one case from every app"

    def ready(self) -> None:
        # The case record and subject access export are made in the background.
        from casefile import documents

        documents.register()
