from django.apps import AppConfig


class FamiliesConfig(AppConfig):
    name = "families"
    verbose_name = "Families and cases"

    def ready(self) -> None:
        # Registers the families app's own chronology kinds and case-page panels.
        from families import case_page, chronology  # noqa: F401
