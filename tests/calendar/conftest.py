import pytest


@pytest.fixture
def calendar_data(db):
    """The package years 2024-2026 (already there from the data migration, unless a
    transactional test emptied the tables)."""
    from onestop.calendar.services import calendar_changed, calendar_seed_from_package

    calendar_seed_from_package(years=[2024, 2025, 2026])
    calendar_changed()
