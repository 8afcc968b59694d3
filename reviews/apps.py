from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Reviews and closure"

    def ready(self) -> None:
        # Adds the reviews panel, next steps and chronology kinds to the case page, and the
        # "case record for managers and inspectors" panel.
        from reviews import case_page, case_record  # noqa: F401
