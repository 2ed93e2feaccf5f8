"""Destination countries: ISO 3166-1 alpha-2 codes with names in the ten languages and a region tag.

The table ships as ``data/countries.json`` (names from CLDR, regions from UN M.49). China's own
codes (CN, HK, MO, TW) are not in it: trips there are not official trips abroad and follow
other procedures (ADR 0161).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils import translation

DATA_FILE = Path(__file__).resolve().parent / "data" / "countries.json"

LATIN_AMERICA = "latin_america"
AFRICA = "africa"
OTHER = "other"
REGIONS = (LATIN_AMERICA, AFRICA, OTHER)

# Timeline lines refer to a country by its code under this kind (onestop.cases.references);
# the name is read in the reader's language.
COUNTRY_REFERENCE = "trips.country"


@dataclass(frozen=True)
class Country:
    code: str
    region: str
    names: dict[str, str]

    def name(self, language: str | None = None) -> str:
        lang = (language or translation.get_language() or "en").lower()
        return self.names.get(lang) or self.names.get(lang.split("-")[0]) or self.names["en"]


@cache
def _table() -> dict[str, Country]:
    raw = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    return {row["code"]: Country(row["code"], row["region"], row["names"]) for row in raw["countries"]}


def all_countries() -> list[Country]:
    return list(_table().values())


def get_country(code: str) -> Country | None:
    return _table().get((code or "").upper())


def is_valid_code(code: str) -> bool:
    return get_country(code) is not None


def country_name(code: str, language: str | None = None) -> str:
    country = get_country(code)
    return country.name(language) if country else code


def country_reference_name(code: str) -> str | None:
    """The country's name in the active language, for a timeline reference; None for a code
    the table does not know (the line then shows the text it stored)."""
    country = get_country(code)
    return country.name() if country else None


def country_region(code: str) -> str:
    country = get_country(code)
    return country.region if country else OTHER


def country_choices(language: str | None = None) -> list[tuple[str, str]]:
    """(code, name) sorted by the name in the active language, for select boxes."""
    lang = language or translation.get_language() or "en"
    return sorted(((c.code, c.name(lang)) for c in _table().values()), key=lambda pair: pair[1])
