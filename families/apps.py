from django.apps import AppConfig


class FamiliesConfig(AppConfig):
    name = "families"
    verbose_name = "Families and cases"

    def ready(self) -> None:
        from edgecare.typed_text import form_saved
        from families import drafts

        # A saved form needs its draft no more.
        form_saved.connect(drafts.discard_on_save, dispatch_uid="families.drafts")
