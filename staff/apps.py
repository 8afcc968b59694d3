from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "staff"
    verbose_name = "Staff administration"

    def ready(self):
        from edgecare import two_factor
        from staff import enrolment

        # The floor's two-factor set-up asks this app whether a first enrolment was
        # authorised, without importing it.
        two_factor.use_enrolment_codes(enrolment)
