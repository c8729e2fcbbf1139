"""The base model every table of the platform shares."""

import uuid

from django.db import models


class BaseModel(models.Model):
    """A UUID primary key (safe to show in URLs) and creation / update times."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class AppendOnlyError(Exception):
    """Raised when code tries to change or remove a row of an append-only ledger."""


class AppendOnlyQuerySet(models.QuerySet):
    """A QuerySet that refuses bulk updates and deletes: ledger rows are only ever added."""

    def update(self, **kwargs):
        raise AppendOnlyError(f"{self.model._meta.label} rows cannot be changed.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError(f"{self.model._meta.label} rows cannot be changed.")

    def delete(self):
        raise AppendOnlyError(f"{self.model._meta.label} rows cannot be removed.")

    _raw_delete = delete


class AppendOnlyModel(models.Model):
    """A row that can be written once and never changed or removed afterwards."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(f"{self._meta.label} rows cannot be changed.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(f"{self._meta.label} rows cannot be removed.")
