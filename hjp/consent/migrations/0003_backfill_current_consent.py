"""Fill CurrentConsent from the ledger: per person, purpose and organisation, the latest decision."""

from django.db import migrations

BATCH = 2000


def rebuild_current_consent(apps, schema_editor):
    """Replace every CurrentConsent row with the highest-sequence decision covering it.

    Streams the scope rows in (person, purpose, organisation, sequence) order and keeps the last of
    each group, so memory stays flat however long the ledger is; plain ORM, so it runs the same on
    SQLite and PostgreSQL.
    """
    ConsentScope = apps.get_model("consent", "ConsentScope")
    CurrentConsent = apps.get_model("consent", "CurrentConsent")
    CurrentConsent.objects.all().delete()
    scopes = ConsentScope.objects.order_by(
        "consent__person_id", "consent__purpose", "organisation_id", "consent__sequence"
    ).values_list(
        "consent__person_id",
        "consent__purpose",
        "organisation_id",
        "consent_id",
        "consent__decision",
        "consent__valid_until",
    )
    batch, previous = [], None
    for row in scopes.iterator(chunk_size=BATCH):
        if previous is not None and previous[:3] != row[:3]:
            batch.append(_current(CurrentConsent, previous))
        previous = row
        if len(batch) >= BATCH:
            CurrentConsent.objects.bulk_create(batch)
            batch = []
    if previous is not None:
        batch.append(_current(CurrentConsent, previous))
    CurrentConsent.objects.bulk_create(batch)


def _current(model, row):
    person_id, purpose, organisation_id, consent_id, decision, valid_until = row
    return model(
        person_id=person_id,
        purpose=purpose,
        organisation_id=organisation_id,
        consent_id=consent_id,
        decision=decision,
        valid_until=valid_until,
    )


def remove_current_consent(apps, schema_editor):
    apps.get_model("consent", "CurrentConsent").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("consent", "0002_current_consent"),
    ]

    operations = [
        migrations.RunPython(rebuild_current_consent, remove_current_consent),
    ]
