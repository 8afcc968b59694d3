from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = "Assessments"

    def ready(self) -> None:
        # Adds the assessment panel, next steps and chronology kinds to the case page.
        from assessments import case_page  # noqa: F401
