from django.db import migrations, models

import hjp.directory.models


def give_codes(apps, schema_editor):
    Service = apps.get_model("directory", "Service")
    taken = set()
    for service in Service.objects.filter(public_code__isnull=True).only("pk"):
        code = hjp.directory.models.new_public_code()
        while code in taken:
            code = hjp.directory.models.new_public_code()
        taken.add(code)
        service.public_code = code
        service.save(update_fields=["public_code"])


class Migration(migrations.Migration):
    dependencies = [("directory", "0002_refused_self_referrals")]

    operations = [
        migrations.AddField(
            model_name="service",
            name="public_code",
            field=models.CharField(editable=False, max_length=8, null=True),
        ),
        migrations.RunPython(give_codes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="service",
            name="public_code",
            field=models.CharField(
                default=hjp.directory.models.new_public_code,
                editable=False,
                max_length=8,
                unique=True,
            ),
        ),
    ]
