"""Load the ONS postcode to LSOA lookup CSV."""

from hjp.geography.imports import import_postcode_lsoa
from hjp.geography.management.commands._reference import ReferenceImportCommand


class Command(ReferenceImportCommand):
    help = "Load the ONS postcode to OA/LSOA/MSOA/LAD lookup CSV (postcode to LSOA)."
    label = "postcode lookup"
    unit = "postcodes"

    def load(self, path, *, vintage, progress):
        return import_postcode_lsoa(path, vintage=vintage, progress=progress)
