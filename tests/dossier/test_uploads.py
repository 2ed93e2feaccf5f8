"""Every way an upload is refused, the quarantine, EXIF removal, storage names, versions."""

import hashlib
import io
from datetime import timedelta

import pytest
from django.utils import timezone
from PIL import Image
from pypdf import PdfWriter

from onestop.cases.models import AuditEvent
from onestop.core.errors import ValidationFailed
from onestop.dossier.models import Material, MaterialType
from onestop.dossier.samples import sample_jpeg, sample_pdf, sample_png
from onestop.dossier.services import material_upload

from .conftest import EICAR_BYTES, pdf_file, png_file, raw_pdf, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(person_factory):
    return person_factory()


@pytest.fixture
def existing(person, verified_material):
    """A verified degree the person already has: no refused upload may touch it."""
    return verified_material(person, "degree")


def _refused(person, type_code, file, code, existing=None):
    before = Material.objects.exclude(scan_status="quarantined").count()
    with pytest.raises(ValidationFailed) as exc:
        material_upload(person=person, type_code=type_code, file=file, by=None)
    assert exc.value.code == code
    assert "file" in exc.value.fields
    assert "rule" in str(exc.value.message)
    assert Material.objects.exclude(scan_status="quarantined").count() == before
    if existing is not None:
        existing.refresh_from_db()
        assert existing.superseded_by_id is None and existing.is_usable()
    return exc.value


def test_file_over_the_global_limit(person, existing, settings):
    settings.UPLOAD_MAX_BYTES = 2000
    _refused(
        person, "degree", upload(sample_pdf("x" * 10) + b" " * 3000, "big.pdf"), "dossier.upload.too_large", existing
    )


def test_file_over_the_material_type_limit(person, existing):
    MaterialType.objects.filter(code="degree").update(max_bytes=1000)
    _refused(person, "degree", pdf_file(), "dossier.upload.too_large", existing)


def test_empty_file(person, existing):
    _refused(person, "degree", upload(b"", "empty.pdf"), "dossier.upload.empty", existing)


def test_content_that_is_no_accepted_format(person, existing):
    _refused(
        person, "degree", upload(b"MZ\x90\x00 this is a program", "degree.pdf"), "dossier.upload.unknown_type", existing
    )
    _refused(
        person, "degree", upload(b"plain text", "notes.txt", "text/plain"), "dossier.upload.unknown_type", existing
    )


def test_type_the_material_does_not_accept(person):
    _refused(person, "photo", pdf_file("photo.pdf"), "dossier.upload.type_not_accepted")


@pytest.mark.parametrize(
    ("data", "name", "content_type"),
    [
        (sample_png(), "scan.pdf", "application/pdf"),  # PNG bytes behind a .pdf name
        (sample_pdf(), "photo.png", "image/png"),  # PDF bytes behind a .png name
        (sample_pdf(), "degree.pdf.exe", ""),  # unknown extension
        (sample_pdf(), "degree", "image/jpeg"),  # no extension, wrong declared type
        (sample_jpeg(), "degree.jpg", "image/png"),  # extension right, declared type wrong
    ],
)
def test_spoofed_extension_or_declared_type(person, existing, data, name, content_type):
    error = _refused(person, "degree", upload(data, name, content_type), "dossier.upload.type_mismatch", existing)
    assert "content must match" in str(error.message)


def test_damaged_pdf(person, existing):
    _refused(
        person, "degree", upload(b"%PDF-1.7\n1 0 obj <<\n garbage", "d.pdf"), "dossier.upload.pdf_unreadable", existing
    )


def test_password_protected_pdf(person, existing):
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    _refused(person, "degree", upload(out.getvalue(), "locked.pdf"), "dossier.upload.pdf_encrypted", existing)


def test_damaged_image(person):
    _refused(person, "photo", upload(sample_png()[:60], "photo.png"), "dossier.upload.image_unreadable")


def _quarantined(person, type_code, file, reason_fragment, existing=None):
    with pytest.raises(ValidationFailed) as exc:
        material_upload(person=person, type_code=type_code, file=file, by=None)
    assert exc.value.code == "dossier.upload.quarantined"
    assert reason_fragment in str(exc.value.message)
    assert "rule:" in str(exc.value.message)
    held = Material.objects.get(scan_status="quarantined")
    assert held.version == 0 and held.superseded_by_id is None
    assert held.file.name.startswith("quarantine/")
    assert reason_fragment in held.scan_detail
    assert AuditEvent.objects.filter(action="dossier.material.quarantined", object_id=str(held.pk)).exists()
    if existing is not None:
        existing.refresh_from_db()
        assert existing.is_usable() and existing.superseded_by_id is None
    return held


def test_pdf_with_javascript_is_quarantined(person, existing):
    hostile = raw_pdf("/OpenAction 4 0 R", ["<< /S /JavaScript /JS (app.alert\\(1\\)) >>"])
    _quarantined(person, "degree", upload(hostile, "degree.pdf"), "JavaScript", existing)


def test_javascript_hidden_behind_name_escapes_is_quarantined(person):
    hostile = raw_pdf("/OpenAction 4 0 R", ["<< /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>"])
    _quarantined(person, "degree", upload(hostile, "degree.pdf"), "JavaScript")


def test_pdf_with_launch_action_is_quarantined(person):
    hostile = raw_pdf("/OpenAction 4 0 R", ["<< /S /Launch /F (cmd.exe) >>"])
    _quarantined(person, "degree", upload(hostile, "degree.pdf"), "launch")


def test_pdf_with_embedded_file_is_quarantined(person):
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    writer.add_attachment("payload.exe", b"MZ...")
    out = io.BytesIO()
    writer.write(out)
    _quarantined(person, "degree", upload(out.getvalue(), "degree.pdf"), "embedded")


def test_eicar_test_file_is_quarantined(person, existing):
    held = _quarantined(person, "degree", upload(EICAR_BYTES, "eicar.pdf"), "EICAR", existing)
    assert held.sha256 == hashlib.sha256(EICAR_BYTES).hexdigest()
    assert held.content_type == "application/octet-stream"


def test_eicar_inside_a_valid_pdf_is_quarantined(person):
    _quarantined(person, "degree", upload(sample_pdf() + b"\n%" + EICAR_BYTES + b"\n", "degree.pdf"), "EICAR")


def test_quarantine_does_not_take_a_version_number(person):
    with pytest.raises(ValidationFailed):
        material_upload(person=person, type_code="degree", file=upload(EICAR_BYTES, "x.pdf"), by=None)
    clean = material_upload(person=person, type_code="degree", file=pdf_file(), by=None)
    assert clean.version == 1


def hostile_scanner(data: bytes):
    return (b"forbidden" not in data, "flagged by the site scanner (rule: site)")


def test_the_scanner_is_pluggable(person, settings):
    settings.MALWARE_SCANNER = "tests.dossier.test_uploads.hostile_scanner"
    _quarantined(person, "degree", upload(sample_pdf() + b"\n%forbidden\n", "degree.pdf"), "site scanner")
    assert material_upload(person=person, type_code="degree", file=pdf_file(), by=None).scan_status == "clean"


def test_no_scanner_configured_says_so(person, settings):
    settings.MALWARE_SCANNER = ""
    material = material_upload(person=person, type_code="degree", file=pdf_file(), by=None)
    assert material.scan_status == "clean"
    assert "no scanner" in material.scan_detail


def test_a_clean_pdf_is_stored_unchanged_under_a_server_name(person):
    data = sample_pdf("degree")
    material = material_upload(person=person, type_code="degree", file=upload(data, "../../etc/My Degree.pdf"), by=None)
    assert material.file.name.startswith("materials/") and material.file.name.endswith(".pdf")
    assert "Degree" not in material.file.name and ".." not in material.file.name
    assert material.original_name == "My Degree.pdf"
    with material.file.open("rb") as fh:
        stored = fh.read()
    assert stored == data
    assert material.sha256 == hashlib.sha256(stored).hexdigest()
    assert (material.content_type, material.size, material.version) == ("application/pdf", len(data), 1)


def test_exif_is_stripped_from_jpeg_photos(person):
    data = sample_jpeg("face", exif={271: "CameraMakerX", 272: "ModelY", 315: "Photographer Z"})
    assert b"CameraMakerX" in data and Image.open(io.BytesIO(data)).getexif()
    material = material_upload(person=person, type_code="photo", file=upload(data, "me.jpg", "image/jpeg"), by=None)
    with material.file.open("rb") as fh:
        stored = fh.read()
    assert b"CameraMakerX" not in stored and b"Photographer" not in stored and b"Exif" not in stored
    image = Image.open(io.BytesIO(stored))
    assert image.format == "JPEG" and not image.getexif()
    assert image.size == (240, 320)
    assert material.sha256 == hashlib.sha256(stored).hexdigest()


def test_png_text_chunks_are_dropped(person):
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "secret GPS 39.9,116.4")
    out = io.BytesIO()
    Image.new("RGB", (50, 50), "white").save(out, "PNG", pnginfo=info)
    material = material_upload(person=person, type_code="photo", file=upload(out.getvalue(), "p.png"), by=None)
    with material.file.open("rb") as fh:
        assert b"secret GPS" not in fh.read()


def test_exif_orientation_is_applied_before_stripping(person):
    data = sample_jpeg(size=(300, 200), exif={0x0112: 6})  # "rotate 90° clockwise to display"
    material = material_upload(person=person, type_code="photo", file=upload(data, "r.jpg"), by=None)
    with material.file.open("rb") as fh:
        assert Image.open(fh).size == (200, 300)


def test_a_new_upload_supersedes_the_current_version(person, existing):
    newer = material_upload(person=person, type_code="degree", file=pdf_file(text="v2"), by=None)
    existing.refresh_from_db()
    assert (existing.version, newer.version) == (1, 2)
    assert existing.superseded_by_id == newer.pk and not existing.is_usable()
    assert newer.verification == "pending" and newer.superseded_by_id is None
    third = material_upload(person=person, type_code="degree", file=pdf_file(text="v3"), by=None)
    newer.refresh_from_db()
    assert newer.superseded_by_id == third.pk and third.version == 3
    assert Material.objects.filter(person=person, type__code="degree", superseded_by__isnull=True).count() == 1


def test_versions_are_per_person_and_type(person, person_factory):
    material_upload(person=person, type_code="degree", file=pdf_file(), by=None)
    assert material_upload(person=person, type_code="cv", file=pdf_file(), by=None).version == 1
    assert material_upload(person=person_factory(), type_code="degree", file=pdf_file(), by=None).version == 1


def test_validity_days_set_the_expiry(person):
    material = material_upload(person=person, type_code="photo", file=png_file(), by=None)
    assert material.valid_until == timezone.localdate() + timedelta(days=180)


@pytest.mark.parametrize(
    ("valid_from", "valid_until", "code", "field"),
    [(-30, -1, "dossier.material.expired", "valid_until"), (10, 5, "dossier.material.validity_order", "valid_until")],
)
def test_validity_dates_are_checked(person, valid_from, valid_until, code, field):
    today = timezone.localdate()
    with pytest.raises(ValidationFailed) as exc:
        material_upload(
            person=person,
            type_code="degree",
            file=pdf_file(),
            by=None,
            valid_from=today + timedelta(days=valid_from),
            valid_until=today + timedelta(days=valid_until),
        )
    assert exc.value.code == code and field in exc.value.fields
    assert not Material.objects.exists()


def test_unknown_type_and_per_case_type_without_case(person):
    with pytest.raises(ValidationFailed) as exc:
        material_upload(person=person, type_code="nope", file=pdf_file(), by=None)
    assert exc.value.code == "dossier.material_type.unknown"
    with pytest.raises(ValidationFailed) as exc:
        material_upload(person=person, type_code="invitation_letter", file=pdf_file(), by=None)
    assert exc.value.code == "dossier.material.case_required"


def test_upload_is_audited_with_its_hash(person, make_user):
    clerk = make_user("liaison")
    material = material_upload(person=person, type_code="cv", file=pdf_file(), by=clerk)
    event = AuditEvent.objects.get(action="dossier.material.uploaded", object_id=str(material.pk))
    assert event.actor_id == clerk.pk and event.new["sha256"] == material.sha256


def test_damaged_image_is_refused_even_after_weasyprint_is_loaded(person):
    import weasyprint  # noqa: F401  (switches Pillow to accept truncated images process-wide)
    from PIL import ImageFile

    assert ImageFile.LOAD_TRUNCATED_IMAGES is True
    _refused(person, "photo", upload(sample_png()[:60], "photo.png"), "dossier.upload.image_unreadable")
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True
