from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = "Plans"

    def ready(self) -> None:
        # Adds the plan panel, next steps and chronology kinds to the case page.
        from plans import case_page  # noqa: F401
