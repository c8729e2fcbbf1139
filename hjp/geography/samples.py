"""Small files in the published formats, written by the project for tests and the demo.

They carry every column of the real files, in the real order, with made-up but well-formed
values, so the import commands read them exactly as they read the government's own files.
"""

import csv
from pathlib import Path

IMD_HEADER_2025 = [
    "LSOA code (2021)",
    "LSOA name (2021)",
    "Local Authority District code (2024)",
    "Local Authority District name (2024)",
    "Index of Multiple Deprivation (IMD) Score",
    "Index of Multiple Deprivation (IMD) Rank (where 1 is most deprived)",
    "Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived 10% of LSOAs)",
    "Income Score (rate)",
    "Income Rank (where 1 is most deprived)",
    "Income Decile (where 1 is most deprived 10% of LSOAs)",
    "Employment Score (rate)",
    "Employment Rank (where 1 is most deprived)",
    "Employment Decile (where 1 is most deprived 10% of LSOAs)",
    "Education, Skills and Training Score",
    "Education, Skills and Training Rank (where 1 is most deprived)",
    "Education, Skills and Training Decile (where 1 is most deprived 10% of LSOAs)",
    "Health Deprivation and Disability Score",
    "Health Deprivation and Disability Rank (where 1 is most deprived)",
    "Health Deprivation and Disability Decile (where 1 is most deprived 10% of LSOAs)",
    "Crime Score",
    "Crime Rank (where 1 is most deprived)",
    "Crime Decile (where 1 is most deprived 10% of LSOAs)",
    "Barriers to Housing and Services Score",
    "Barriers to Housing and Services Rank (where 1 is most deprived)",
    "Barriers to Housing and Services Decile (where 1 is most deprived 10% of LSOAs)",
    "Living Environment Score",
    "Living Environment Rank (where 1 is most deprived)",
    "Living Environment Decile (where 1 is most deprived 10% of LSOAs)",
    "Total population: mid 2022",
]
IMD_HEADER_2019 = [
    name.replace("(2021)", "(2011)")
    .replace("(2024)", "(2019)")
    .replace("mid 2022", "mid 2015 (excluding prisoners)")
    for name in IMD_HEADER_2025
]
POSTCODE_HEADER = [
    "pcd7", "pcd8", "pcds", "dointr", "doterm", "usertype", "oa21cd", "lsoa21cd", "msoa21cd",
    "ladcd", "lsoa21nm", "msoa21nm", "ladnm", "ladnmw",
]  # fmt: skip
# About 33,750 LSOAs in England: ranks run over them, deciles are tenths of them.
LSOAS_IN_ENGLAND = 33755


def rank_for_decile(decile: int, step: int = 0) -> int:
    """A plausible IMD rank inside a decile."""
    width = LSOAS_IN_ENGLAND // 10
    return (decile - 1) * width + 1 + (step * 97) % width


def write_imd_sample(path, lsoas, *, header=IMD_HEADER_2025) -> Path:
    """lsoas: (code, name, local authority code, local authority name, rank, decile) tuples."""
    path = Path(path)
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        for code, name, la_code, la_name, rank, decile in lsoas:
            score = round(80 - decile * 7.5, 3)
            domains = []
            for _ in range(7):
                domains += [score / 100, rank, decile]
            writer.writerow([code, name, la_code, la_name, score, rank, decile, *domains, 1600])
    return path


def write_postcode_sample(path, rows, *, header=POSTCODE_HEADER) -> Path:
    """rows: (postcode, LSOA code) pairs, or (postcode, LSOA code, YYYYMM terminated)."""
    path = Path(path)
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        for index, row in enumerate(rows):
            postcode, lsoa = row[0], row[1]
            ended = row[2] if len(row) > 2 else ""
            compact = postcode.replace(" ", "")
            pcd7 = f"{compact[:-3]:<4}{compact[-3:]}"
            pcd8 = f"{compact[:-3]:<5}{compact[-3:]}"
            oa = "E00" + f"{index:06d}"
            writer.writerow(
                [pcd7, pcd8, postcode, "198001", ended, "0", oa, lsoa, "E02001234",
                 "E08000035", f"Leeds {lsoa[-3:]}A", f"Leeds {lsoa[-3:]}", "Leeds", ""]
            )  # fmt: skip
    return path


def postcode_header() -> list[str]:
    """The header row of the ONS postcode to OA, LSOA, MSOA and LAD best-fit lookup."""
    return list(POSTCODE_HEADER)


def synthetic_postcode_rows(count: int):
    """`count` distinct, valid made-up postcodes, about fifteen to an LSOA, made lazily."""
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    per_district = 10 * len(letters) ** 2
    for index in range(count):
        district, inward = divmod(index, per_district)
        area, number = divmod(district, 99)
        digit, pair = divmod(inward, len(letters) ** 2)
        first, second = divmod(pair, len(letters))
        outward = f"{('LS', 'BD', 'HX', 'WF', 'HD')[area % 5]}{number + 1}"
        yield f"{outward} {digit}{letters[first]}{letters[second]}", f"E01{index // 15:06d}"
