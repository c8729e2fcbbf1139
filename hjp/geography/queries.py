"""Reads of the deprivation reference data, for reports."""

from django.db.models import OuterRef, Subquery

from hjp.core.validators import normalise_postcode
from hjp.geography.models import DeprivationArea, PostcodeArea, ReferenceImport


def decile_for_postcode(postcode: str) -> int | None:
    """The IMD decile (1 = most deprived) of the LSOA a postcode lies in, if known."""
    lsoa = PostcodeArea.objects.filter(postcode=normalise_postcode(postcode)).values("lsoa_code")
    area = DeprivationArea.objects.filter(lsoa_code__in=lsoa).values_list("imd_decile", flat=True)
    return area.first()


def imd_decile_subquery(postcode_ref) -> Subquery:
    """The IMD decile for a postcode column of another query, in the same SQL statement.

    `Person.objects.annotate(imd_decile=imd_decile_subquery(OuterRef("postcode")))`
    """
    # Two levels down from the caller's query, so the reference is wrapped once more.
    lsoa = PostcodeArea.objects.filter(postcode=OuterRef(postcode_ref)).values("lsoa_code")[:1]
    return Subquery(
        DeprivationArea.objects.filter(lsoa_code=Subquery(lsoa)).values("imd_decile")[:1]
    )


def current_vintages() -> dict[str, str]:
    """The vintage of the latest import of each kind, for a report's method notes."""
    vintages: dict[str, str] = {}
    for kind, vintage in ReferenceImport.objects.order_by("-finished_at").values_list(
        "kind", "vintage"
    ):
        label = ReferenceImport.Kind(kind).label
        vintages.setdefault(label, vintage)
    return vintages
