"""Every user-facing string is translated into all ten languages.

Two checks: the committed catalogs have no empty or fuzzy entry, and they are up to date
with the source (strings are extracted afresh from a copy of each app and compared)."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
APPS = sorted(p for p in (ROOT / "onestop").iterdir() if (p / "apps.py").exists())
LANGS = ["zh_Hans", "ko", "ja", "de", "fr", "ru", "es", "ar", "pt"]


def _has_strings(app: Path) -> bool:
    for f in list(app.rglob("*.py")) + list(app.rglob("*.html")) + list(app.rglob("*.txt")):
        if "migrations" in f.parts or "locale" in f.parts:
            continue
        text = f.read_text(errors="ignore")
        if "translate" in text or "gettext" in text or "_(" in text:
            return True
    return False


@pytest.mark.parametrize("app", [a.name for a in APPS])
def test_catalogs_are_complete(app):
    path = ROOT / "onestop" / app
    if not _has_strings(path):
        pytest.skip(f"{app} has no translatable strings")
    problems = []
    for lang in LANGS:
        po_path = path / "locale" / lang / "LC_MESSAGES" / "django.po"
        if not po_path.exists():
            problems.append(f"{lang}: no catalog")
            continue
        for entry in polib.pofile(str(po_path)):
            if entry.obsolete:
                continue
            if "fuzzy" in entry.flags:
                problems.append(f"{lang}: fuzzy {entry.msgid!r}")
            elif entry.msgid_plural:
                if not all(entry.msgstr_plural.values()):
                    problems.append(f"{lang}: untranslated plural {entry.msgid!r}")
            elif not entry.msgstr:
                problems.append(f"{lang}: untranslated {entry.msgid!r}")
    assert problems == [], f"{app}: " + "; ".join(problems[:30])


@pytest.mark.skipif(connection.vendor != "sqlite", reason="source scan done once, in the SQLite pass")
@pytest.mark.parametrize("app", [a.name for a in APPS])
def test_catalogs_are_up_to_date_with_the_source(app, tmp_path):
    path = ROOT / "onestop" / app
    if not _has_strings(path):
        pytest.skip(f"{app} has no translatable strings")
    copy = tmp_path / app
    shutil.copytree(path, copy, ignore=shutil.ignore_patterns("locale", "__pycache__", "migrations", "static"))
    (copy / "locale").mkdir()
    subprocess.run(
        [
            sys.executable,
            str(Path(sys.executable).parent / "django-admin"),
            "makemessages",
            "-l",
            "de",
            "--no-obsolete",
            "-v",
            "0",
        ],
        cwd=copy,
        check=True,
        env={
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "PYTHONPATH": str(ROOT),
            "PATH": "/usr/bin:/bin",
            "ONESTOP_TESTING": "1",
        },
    )
    # A string is identified by its context and its text: "Open" and "Open" in the context
    # "request status" are two entries. Every language's catalog must hold exactly the entries
    # the source has: a missing one shows English, a stale one (an old context, or none) keeps
    # a translation that no page asks for and that can clash with another app's wording.
    fresh = _keys(copy / "locale" / "de" / "LC_MESSAGES" / "django.po")
    problems = []
    for lang in LANGS:
        committed_path = path / "locale" / lang / "LC_MESSAGES" / "django.po"
        committed = _keys(committed_path) if committed_path.exists() else set()
        missing = sorted(fresh - committed)
        stale = sorted(committed - fresh)
        if missing:
            problems.append(f"{lang}: strings without translations: {missing[:20]}")
        if stale:
            problems.append(f"{lang}: entries the source no longer has: {stale[:20]}")
    assert problems == [], f"{app} (run makemessages --no-obsolete and translate): " + "; ".join(problems)


def _keys(po_path: Path) -> set[tuple[str, str]]:
    """(context, text) of every live entry; no context is the empty string, so keys sort."""
    return {(e.msgctxt or "", e.msgid) for e in polib.pofile(str(po_path)) if not e.obsolete and e.msgid}


PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]")


@pytest.mark.parametrize("app", [a.name for a in APPS])
def test_translations_keep_every_placeholder(app):
    """A translation that drops or renames %(name)s breaks compilemessages and the page."""
    problems = []
    for po_path in sorted((ROOT / "onestop" / app).glob("locale/*/LC_MESSAGES/django.po")):
        lang = po_path.parts[-3]
        for entry in polib.pofile(str(po_path)):
            if entry.obsolete or not entry.msgstr:
                continue
            wanted = set(PLACEHOLDER.findall(entry.msgid))
            found = set(PLACEHOLDER.findall(entry.msgstr))
            if wanted != found:
                problems.append(f"{lang}: {entry.msgid!r} has {sorted(found)}, needs {sorted(wanted)}")
    assert problems == [], f"{app}: " + "; ".join(problems[:20])


def test_every_catalog_compiles(tmp_path):
    """msgfmt --check is what compilemessages runs; a catalog it rejects stops `make run`."""
    failures = []
    for po_path in sorted((ROOT / "onestop").glob("*/locale/*/LC_MESSAGES/django.po")):
        result = subprocess.run(
            ["msgfmt", "--check-format", "-o", str(tmp_path / "out.mo"), str(po_path)],
            capture_output=True,
            text=True,
        )
        if result.returncode:
            failures.append(result.stderr.strip().splitlines()[0])
    assert failures == []
