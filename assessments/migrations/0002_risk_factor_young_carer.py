from django.db import migrations


def risk_factor_young_carer(apps, schema_editor):
    """Organisations that have their risk factors already get "Young carer" added to the end of
    the list (new organisations get it with the shipped list)."""
    RiskFactor = apps.get_model("assessments", "RiskFactor")
    Organisation = apps.get_model("edgecare", "Organisation")
    for organisation in Organisation.objects.all():
        existing = RiskFactor.objects.filter(organisation=organisation)
        if existing.exists() and not existing.filter(name="Young carer").exists():
            last = max(existing.values_list("order", flat=True))
            RiskFactor.objects.create(organisation=organisation, name="Young carer", order=last + 1)


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0001_initial"),
        ("edgecare", "0003_alter_accesslog_record_type"),
    ]

    operations = [migrations.RunPython(risk_factor_young_carer, migrations.RunPython.noop)]
