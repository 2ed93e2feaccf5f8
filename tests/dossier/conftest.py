"""Dossier test helpers: persons, valid identity numbers, sample and hostile files, and a
tiny registered workflow so case-material tests have real cases."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.utils import timezone

from onestop.cases.workflow import Transition, Workflow, get_workflow, register
from onestop.dossier.samples import sample_pdf, sample_png
from onestop.dossier.scanning import EICAR
from onestop.dossier.validators import mrz_build, resident_id_build

_seq = itertools.count(100)


class ProbeState(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"


try:
    get_workflow("dossier_probe")
except Exception:
    register(
        Workflow(
            kind="dossier_probe",
            prefix="DSP",
            states=ProbeState,
            initial=ProbeState.OPEN,
            transitions=[
                Transition(
                    name="finish",
                    source=(ProbeState.OPEN,),
                    target=ProbeState.DONE,
                    label="Finish",
                    timeline="Finished",
                )
            ],
            final_states=frozenset({ProbeState.DONE}),
        )
    )


def resident_id(birth: date = date(1985, 6, 1), region: str = "110105", seq: int | None = None) -> str:
    return resident_id_build(region=region, birth_date=birth, sequence=seq if seq is not None else next(_seq) % 1000)


def passport_mrz(
    *,
    number: str | None = None,
    birth: date = date(1985, 6, 1),
    expiry: date | None = None,
    surname: str = "ZHANG",
    given: str = "WEI",
    nationality: str = "CHN",
    sex: str = "M",
) -> tuple[str, str]:
    return mrz_build(
        surname=surname,
        given_names=given,
        number=number or f"E{next(_seq):08d}",
        nationality=nationality,
        birth_date=birth,
        sex=sex,
        expiry_date=expiry or timezone.localdate() + timedelta(days=3650),
    )


def upload(data: bytes, name: str, content_type: str = "") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def png_file(name: str = "photo.png") -> SimpleUploadedFile:
    return upload(sample_png("photo"), name, "image/png")


def pdf_file(name: str = "document.pdf", text: str = "document") -> SimpleUploadedFile:
    return upload(sample_pdf(text), name, "application/pdf")


def raw_pdf(catalog_extra: str = "", extra_objects: list[str] | None = None) -> bytes:
    """A minimal hand-written PDF whose catalog can carry hostile entries."""
    objects = [
        f"<< /Type /Catalog /Pages 2 0 R {catalog_extra} >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        *(extra_objects or []),
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


EICAR_BYTES = EICAR


@pytest.fixture(autouse=True)
def _english():
    """Service messages are asserted in English; pages switch language per request."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def catalogue(transactional_db):
    """Transactional tests run on flushed tables: put the material catalogue (created by a data
    migration) back, from the migration itself."""
    import importlib

    from django.apps import apps

    importlib.import_module("onestop.dossier.migrations.0003_material_catalogue").seed(apps, None)


@pytest.fixture
def case_factory(db):
    from onestop.cases.services import case_create

    def _make(by=None, organization=None):
        return case_create(kind="dossier_probe", by=by, title="probe", organization=organization)

    return _make


@pytest.fixture
def person_factory(db):
    from onestop.dossier.services import person_create

    def _make(org=None, name: str | None = None, **kwargs):
        return person_create(by=None, full_name=name or f"Person {next(_seq)}", organization=org, **kwargs)

    return _make


@pytest.fixture
def reviewer(make_user):
    return make_user("fao_reviewer")


@pytest.fixture
def verified_material(reviewer):
    """Upload a file of ``type_code`` for ``person`` and verify it."""
    from onestop.dossier.services import material_upload, material_verify

    def _make(person, type_code="degree", file=None, **kwargs):
        material = material_upload(person=person, type_code=type_code, file=file or pdf_file(), by=reviewer, **kwargs)
        return material_verify(material=material, by=reviewer)

    return _make
