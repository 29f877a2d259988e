"""
The shipped M49 file, checked row by row against pycountry (the maintained ISO 3166-1 data).

These tests read the CSV directly, without the database, so a bad edit to the file fails here
with the offending row named rather than later as a confusing migration error.
"""

import csv
from collections import Counter
from pathlib import Path

import pycountry
import pytest

import states

CSV_PATH = Path(states.__file__).resolve().parent / "data" / "m49.csv"
HEADER = [
    "m49_code",
    "iso2",
    "iso3",
    "name",
    "un_status",
    "region_code",
    "region_name",
    "subregion_code",
    "subregion_name",
    "intermediate_code",
    "intermediate_name",
]


@pytest.fixture(scope="module")
def rows():
    with CSV_PATH.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_it_has_the_expected_header():
    with CSV_PATH.open(encoding="utf-8", newline="") as handle:
        assert next(csv.reader(handle)) == HEADER


def test_it_lists_193_members_and_2_observers(rows):
    assert len(rows) == 195
    assert Counter(row["un_status"] for row in rows) == {"member": 193, "observer": 2}
    assert {row["name"] for row in rows if row["un_status"] == "observer"} == {
        "Holy See",
        "State of Palestine",
    }


@pytest.mark.parametrize("column", ["m49_code", "iso2", "iso3", "name"])
def test_it_has_no_duplicates(rows, column):
    duplicates = [value for value, count in Counter(r[column] for r in rows).items() if count > 1]
    assert duplicates == []


def test_it_matches_pycountry_codes_on_every_row(rows):
    mismatches = []
    for row in rows:
        country = pycountry.countries.get(alpha_2=row["iso2"])
        if country is None:
            mismatches.append((row["name"], "unknown alpha-2", row["iso2"]))
            continue
        if country.alpha_3 != row["iso3"]:
            mismatches.append((row["name"], "alpha-3", row["iso3"], country.alpha_3))
        if country.numeric != row["m49_code"]:
            mismatches.append((row["name"], "numeric", row["m49_code"], country.numeric))
    assert mismatches == []


def test_it_uses_zero_padded_three_digit_codes(rows):
    for row in rows:
        for column in ("m49_code", "region_code", "subregion_code"):
            assert len(row[column]) == 3 and row[column].isdigit(), (row["name"], column)
        code = row["intermediate_code"]
        assert code == "" or (len(code) == 3 and code.isdigit()), row["name"]
        assert bool(code) == bool(row["intermediate_name"]), row["name"]


def test_it_names_each_region_code_one_way(rows):
    names = {}
    for row in rows:
        for prefix in ("region", "subregion", "intermediate"):
            code, name = row[f"{prefix}_code"], row[f"{prefix}_name"]
            if code:
                assert names.setdefault(code, name) == name, (code, name, names[code])


def test_it_keeps_each_subregion_under_one_region(rows):
    parent_of = {}
    for row in rows:
        pairs = [(row["subregion_code"], row["region_code"])]
        if row["intermediate_code"]:
            pairs.append((row["intermediate_code"], row["subregion_code"]))
        for child, parent in pairs:
            assert parent_of.setdefault(child, parent) == parent, (row["name"], child)


@pytest.mark.parametrize(
    ("iso3", "name"),
    [
        ("BOL", "Bolivia (Plurinational State of)"),
        ("TUR", "Türkiye"),
        ("CIV", "Côte d'Ivoire"),
        ("GBR", "United Kingdom of Great Britain and Northern Ireland"),
        ("PRK", "Democratic People's Republic of Korea"),
        ("KOR", "Republic of Korea"),
        ("COD", "Democratic Republic of the Congo"),
        ("NLD", "Netherlands (Kingdom of the)"),
        ("CZE", "Czechia"),
        ("SWZ", "Eswatini"),
        ("MKD", "North Macedonia"),
        ("USA", "United States of America"),
    ],
)
def test_it_uses_the_un_short_names(rows, iso3, name):
    assert {row["iso3"]: row["name"] for row in rows}[iso3] == name
