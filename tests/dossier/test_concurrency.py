"""Concurrent writers on PostgreSQL: versions of one material never collide and exactly one
stays current; the same identity number registered twice at once is stored once."""

import threading

import pytest
from django.db import connection

from onestop.core.errors import Conflict
from onestop.dossier.models import IdentityDocument, Material
from onestop.dossier.services import identity_add, material_upload, person_create

from .conftest import pdf_file, resident_id

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("catalogue")]


def _run_in_threads(count, work):
    barrier = threading.Barrier(count)
    results, errors = [], []

    def runner(i):
        try:
            barrier.wait(timeout=10)
            results.append(work(i))
        except Exception as exc:  # collected and asserted on below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results, errors


def test_concurrent_uploads_get_distinct_versions_and_one_current():
    person = person_create(by=None, full_name="Concurrent Person")
    results, errors = _run_in_threads(
        5, lambda i: material_upload(person=person, type_code="cv", file=pdf_file(text=f"v{i}"), by=None)
    )
    assert errors == []
    versions = sorted(Material.objects.filter(person=person, type__code="cv").values_list("version", flat=True))
    assert versions == [1, 2, 3, 4, 5]
    current = Material.objects.filter(person=person, type__code="cv", superseded_by__isnull=True)
    assert current.count() == 1 and current.get().version == 5


def test_same_number_added_twice_at_once_is_stored_once():
    number = resident_id(seq=901)
    people = [person_create(by=None, full_name=f"Twin {i}") for i in range(4)]
    results, errors = _run_in_threads(
        4, lambda i: identity_add(person=people[i], kind="resident_id", number=number, by=None)
    )
    assert len(results) == 1
    assert len(errors) == 3 and all(isinstance(e, Conflict) for e in errors)
    assert IdentityDocument.objects.filter(kind="resident_id").count() == 1


def test_concurrent_requirements_for_one_case_create_one_row_per_type():
    from onestop.cases.services import case_create
    from onestop.dossier.models import CaseMaterial
    from onestop.dossier.services import case_materials_require

    person = person_create(by=None, full_name="Busy Person")
    case = case_create(kind="dossier_probe", by=None, title="probe")
    results, errors = _run_in_threads(
        4, lambda i: case_materials_require(case=case, person=person, type_codes=["cv", "photo"], by=None)
    )
    assert errors == [] and len(results) == 4
    assert CaseMaterial.objects.filter(case=case).count() == 2
