"""Reference data for deprivation: the English Indices of Deprivation by LSOA, and the ONS lookup
from postcode to LSOA. Published, public data, not about any person."""

from django.db import models


class DeprivationArea(models.Model):
    """One LSOA (a small area of about 1,500 people) and its Index of Multiple Deprivation."""

    lsoa_code = models.CharField(max_length=9, unique=True)
    lsoa_name = models.CharField(max_length=100)
    local_authority_code = models.CharField(max_length=9)
    local_authority_name = models.CharField(max_length=100)
    # 1 is the most deprived LSOA in England.
    imd_rank = models.PositiveIntegerField()
    # 1 is the most deprived 10% of LSOAs.
    imd_decile = models.PositiveSmallIntegerField()
    vintage = models.CharField(max_length=40)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(imd_decile__gte=1, imd_decile__lte=10), name="imd_decile_range"
            )
        ]

    def __str__(self) -> str:
        return f"{self.lsoa_code} ({self.lsoa_name})"


class PostcodeArea(models.Model):
    """A postcode and the LSOA it lies in, as the ONS lookup gives it."""

    # Normalised as people's postcodes are: upper case, one space before the inward code.
    postcode = models.CharField(max_length=8, unique=True)
    lsoa_code = models.CharField(max_length=9, db_index=True)
    terminated_on = models.DateField(null=True, blank=True)
    vintage = models.CharField(max_length=40)

    def __str__(self) -> str:
        return self.postcode


class ReferenceImport(models.Model):
    """A completed load of a reference file: what, which vintage, how many rows, when."""

    class Kind(models.TextChoices):
        IMD = "imd", "Indices of Deprivation"
        POSTCODE_LSOA = "postcode_lsoa", "Postcode to LSOA lookup"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    vintage = models.CharField(max_length=40)
    file_name = models.CharField(max_length=255)
    rows = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()

    class Meta:
        ordering = ["-finished_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.vintage}"
