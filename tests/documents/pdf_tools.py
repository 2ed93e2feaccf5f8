"""Helpers that tamper with signed PDFs the way a forger would, and run poppler's tools."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path


def pdfsig(path: Path) -> str:
    result = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, timeout=60)
    return result.stdout + result.stderr


def pdftotext(path: Path) -> str:
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, timeout=60)
    return result.stdout


def squeeze(text: str) -> str:
    """Text without whitespace: a title wrapped over two lines still matches."""
    return re.sub(r"\s+", "", text)


def flip_content_byte(data: bytes) -> bytes:
    """Change one byte inside the first content stream (inside the signed byte range)."""
    changed = bytearray(data)
    start = data.index(b"stream", 1000) + 120
    changed[start] ^= 0xFF
    return bytes(changed)


def append_text_update(data: bytes, text: bytes = b"REJECTED") -> bytes:
    """Append an incremental update that draws extra text on page 1: the signed bytes stay
    untouched, so the signature alone still verifies, but it no longer covers the file."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    page_ref = writer.root["/Pages"]["/Kids"].raw_get(0)
    page = page_ref.get_object()
    font = generic.DictionaryObject(
        {
            generic.NameObject("/Type"): generic.NameObject("/Font"),
            generic.NameObject("/Subtype"): generic.NameObject("/Type1"),
            generic.NameObject("/BaseFont"): generic.NameObject("/Helvetica"),
        }
    )
    stream_ref = writer.add_object(generic.StreamObject(stream_data=b"BT /FX 28 Tf 120 600 Td (" + text + b") Tj ET"))
    resources_raw = page.raw_get("/Resources")
    resources = resources_raw.get_object()
    fonts_raw = resources.raw_get("/Font")
    fonts = fonts_raw.get_object()
    fonts[generic.NameObject("/FX")] = writer.add_object(font)
    contents = page.raw_get("/Contents")
    target = contents.get_object() if isinstance(contents, generic.IndirectObject) else contents
    items = list(target) if isinstance(target, generic.ArrayObject) else [contents]
    page[generic.NameObject("/Contents")] = generic.ArrayObject([*items, stream_ref])
    writer.mark_update(page_ref)
    for raw in (resources_raw, fonts_raw):
        if isinstance(raw, generic.IndirectObject):
            writer.mark_update(raw)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def sign_with_other_key(pdf: bytes, tmp_path: Path) -> bytes:
    """Sign ``pdf`` with a freshly made key that is not the deployment's."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    from onestop.documents.signing import generate

    key_path, cert_path = tmp_path / "other-key.pem", tmp_path / "other-cert.pem"
    generate(key_path=key_path, cert_path=cert_path, org_name="Forged Office")
    signer = signers.SimpleSigner.load(str(key_path), str(cert_path))
    meta = signers.PdfSignatureMetadata(
        field_name="Sig", md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES
    )
    return signers.PdfSigner(meta, signer=signer).sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf))).getvalue()
