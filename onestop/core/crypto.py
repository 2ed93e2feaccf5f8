"""Encryption at rest and keyed hashing for personal identifiers."""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


@lru_cache(maxsize=4)
def _fernet(key_material: str) -> Fernet:
    digest = hashlib.sha256(key_material.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def encrypt(value: str) -> str:
    return _fernet(settings.FIELD_ENCRYPTION_KEY).encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet(settings.FIELD_ENCRYPTION_KEY).decrypt(token.encode()).decode()
    except InvalidToken as exc:  # wrong key or altered data: never silently return garbage
        raise ValueError("encrypted value cannot be decrypted with this deployment's key") from exc


def keyed_hash(value: str) -> str:
    """HMAC-SHA256 of a normalized identifier: lets us search without storing it in clear."""
    normalized = "".join(value.split()).upper()
    return hmac.new(settings.FIELD_HASH_KEY.encode(), normalized.encode(), hashlib.sha256).hexdigest()


def mask(value: str, *, keep_start: int = 2, keep_end: int = 2) -> str:
    if not value:
        return ""
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[-keep_end:]
