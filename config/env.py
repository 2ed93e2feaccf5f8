"""Reading configuration from the environment, with generated local secrets."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def local_secret(var_dir: Path, name: str, *, nbytes: int = 48) -> str:
    """Return a secret stored in ``var_dir/name``, creating it with mode 0600 on first use.

    Secrets never live in the repository: the embedded profile generates them once per
    installation; the production profile passes them in the environment instead.
    """
    var_dir.mkdir(parents=True, exist_ok=True)
    path = var_dir / name
    if not path.exists():
        value = secrets.token_urlsafe(nbytes)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(value)
    return path.read_text().strip()
