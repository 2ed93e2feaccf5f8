"""From a Django template to a signed PDF: HTML with a QR code, WeasyPrint, then pyHanko.

Rendering fetches nothing from the network or the disk: the template carries its CSS inline,
the QR code is a data URI, and the URL fetcher allows ``data:`` URIs only, so text that
reaches a template (a purpose, a name) cannot make the renderer load anything.
"""

from __future__ import annotations

import base64
import io
import logging
from dataclasses import dataclass

import qrcode
import qrcode.constants
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from . import signing
from ._sync import outside_event_loop

logger = logging.getLogger(__name__)

SIGNATURE_FIELD = "OneStopSignature"


@dataclass(frozen=True)
class SignedPdf:
    data: bytes
    signer_fingerprint: str


def verify_url(code: str) -> str:
    return f"{settings.SITE_URL}{reverse('documents:verify', kwargs={'code': code})}"


def qr_data_uri(text: str) -> str:
    """A PNG QR code as a ``data:`` URI, error correction M (survives a creased printout)."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=8, border=2)
    qr.add_data(text)
    qr.make(fit=True)
    buffer = io.BytesIO()
    qr.make_image(fill_color="black", back_color="white").save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def render_html(*, template: str, context: dict, code: str, language: str) -> str:
    url = verify_url(code)
    full = {
        "office_name": settings.SIGNING_ORG_NAME,
        **context,
        "document_code": code,
        "verify_url": url,
        "verify_base_url": f"{settings.SITE_URL}{reverse('documents:verify-upload')}",
        "qr_data_uri": qr_data_uri(url),
        "document_language": language,
        "document_html_lang": "zh-Hans" if language == "zh-hans" else language,
        "document_dir": "rtl" if translation.get_language_info(language)["bidi"] else "ltr",
    }
    with translation.override(language):
        return render_to_string(template, full)


def html_to_pdf(html: str) -> bytes:
    import weasyprint
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
    return weasyprint.HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf()


def sign_pdf(pdf: bytes, *, reason: str, location: str) -> SignedPdf:
    """Sign ``pdf`` as PAdES (ETSI.CAdES.detached, SHA-256) with the deployment's key."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    meta = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason[:200],
        location=location[:200],
        name=settings.SIGNING_ORG_NAME,
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    pdf_signer = signers.PdfSigner(meta, signer=signing.signer())
    output = outside_event_loop(lambda: pdf_signer.sign_pdf(writer))
    return SignedPdf(output.getvalue(), signing.signing_material().fingerprint)
