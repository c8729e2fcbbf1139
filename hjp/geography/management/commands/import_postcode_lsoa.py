"""Load the ONS postcode to LSOA lookup CSV."""

from hjp.geography.imports import import_postcode_lsoa
from hjp.geography.management.commands._reference import ReferenceImportCommand


class Command(ReferenceImportCommand):
    help = "Load the ONS postcode to OA/LSOA/MSOA/LAD lookup CSV (postcode to LSOA)."
    label = "postcode lookup"
    unit = "postcodes"

    importer = staticmethod(import_postcode_lsoa)
