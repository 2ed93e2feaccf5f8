"""A string has one translation per language across all apps.

Django merges every app's catalog into one; when two apps translate the same string (same
msgid, same context or none) differently, the app listed first in INSTALLED_APPS wins and
its wording shows on the other app's pages too. Where the apps mean the same thing the
translations must be identical; where they mean different things the string needs a
context (``pgettext`` / ``{% translate "Open" context "..." %}``) in one of the apps."""

from collections import defaultdict
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[2]


def _translation(entry: polib.POEntry) -> str | tuple:
    if entry.msgid_plural:
        return tuple(sorted(entry.msgstr_plural.items()))
    return entry.msgstr


def find_clashes(root: Path = ROOT, excluded: set[str] = frozenset()) -> list[str]:
    """Every (language, context, msgid) translated differently by two apps."""
    seen: dict[tuple, dict] = defaultdict(lambda: defaultdict(set))
    for po_path in sorted(root.glob("onestop/*/locale/*/LC_MESSAGES/django.po")):
        app, lang = po_path.parts[-5], po_path.parts[-3]
        if app in excluded:
            continue
        for entry in polib.pofile(str(po_path)):
            if entry.obsolete or "fuzzy" in entry.flags or not entry.msgid:
                continue
            translation = _translation(entry)
            if not translation or (isinstance(translation, tuple) and not all(v for _, v in translation)):
                continue
            seen[(lang, entry.msgctxt or "", entry.msgid)][translation].add(app)
    clashes = []
    for (lang, context, msgid), translations in sorted(seen.items()):
        if len(translations) > 1:
            variants = "; ".join(
                f"{', '.join(sorted(apps))}: {text!r}"
                for text, apps in sorted(translations.items(), key=lambda item: sorted(item[1]))
            )
            where = f" (context {context!r})" if context else ""
            clashes.append(f"{lang} {msgid!r}{where} -> {variants}")
    return clashes


def test_no_string_is_translated_differently_by_two_apps():
    clashes = find_clashes()
    assert clashes == [], (
        f"{len(clashes)} strings are translated differently by two apps; the app listed first in "
        "INSTALLED_APPS wins on every page. Make the translations identical, or give the string a "
        "context in the app whose meaning differs:\n" + "\n".join(clashes[:200])
    )


def test_a_clash_is_found_and_named(tmp_path):
    """The check itself: two apps translating "Open" differently are reported, with both wordings."""
    for app, text in (("alpha", "打开"), ("beta", "未处理")):
        po = polib.POFile()
        po.append(polib.POEntry(msgid="Open", msgstr=text))
        po.append(polib.POEntry(msgid="Open", msgctxt="request status", msgstr=text))
        po.append(polib.POEntry(msgid="Save", msgstr="保存"))
        folder = tmp_path / "onestop" / app / "locale" / "zh_Hans" / "LC_MESSAGES"
        folder.mkdir(parents=True)
        po.save(str(folder / "django.po"))
    clashes = find_clashes(tmp_path)
    assert clashes == [
        "zh_Hans 'Open' -> alpha: '打开'; beta: '未处理'",
        "zh_Hans 'Open' (context 'request status') -> alpha: '打开'; beta: '未处理'",
    ]
    assert find_clashes(tmp_path, excluded={"beta"}) == []
