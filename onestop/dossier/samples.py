"""Small, valid sample files made in code: demo data and tests use them instead of binary
fixtures in the repository."""

from __future__ import annotations

import io


def sample_image(
    *, fmt: str = "PNG", text: str = "", size: tuple[int, int] = (240, 320), exif: dict | None = None
) -> bytes:
    """A light-grey card with a line of Latin text; ``exif`` tags are written when given
    (tests use it to prove uploads drop them)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, (236, 240, 244))
    draw = ImageDraw.Draw(image)
    draw.rectangle([8, 8, size[0] - 9, size[1] - 9], outline=(11, 92, 173), width=3)
    if text:
        draw.text((20, 20), text, fill=(27, 31, 36))
    out = io.BytesIO()
    params = {}
    if exif:
        tags = Image.Exif()
        for tag, value in exif.items():
            tags[tag] = value
        params["exif"] = tags.tobytes()
    image.save(out, fmt, **params)
    return out.getvalue()


def sample_png(text: str = "", **kwargs) -> bytes:
    return sample_image(fmt="PNG", text=text, **kwargs)


def sample_jpeg(text: str = "", **kwargs) -> bytes:
    return sample_image(fmt="JPEG", text=text, **kwargs)


def sample_pdf(text: str = "") -> bytes:
    """A one-page A6 PDF showing ``text``."""
    from PIL import Image, ImageDraw

    page = Image.new("RGB", (420, 595), "white")
    draw = ImageDraw.Draw(page)
    draw.rectangle([20, 20, 399, 574], outline=(11, 92, 173), width=2)
    if text:
        for index, line in enumerate(text.splitlines()):
            draw.text((40, 48 + 22 * index), line, fill=(27, 31, 36))
    out = io.BytesIO()
    page.save(out, "PDF", resolution=72.0)
    return out.getvalue()
