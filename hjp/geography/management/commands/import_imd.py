"""Load the English Indices of Deprivation (IoD File 7 CSV) by LSOA."""

from hjp.geography.imports import import_imd
from hjp.geography.management.commands._reference import ReferenceImportCommand


class Command(ReferenceImportCommand):
    help = "Load the English Indices of Deprivation File 7 CSV (IMD rank and decile by LSOA)."
    label = "Indices of Deprivation"
    unit = "areas"

    importer = staticmethod(import_imd)
