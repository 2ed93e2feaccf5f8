"""A multilingual demo set of past requests for training and measuring the router.

Texts are built from templates and vocabulary written for this project
(``data/phrases.json``): for each of the ten languages and twelve categories, a few
sentence templates with slots for the subject, the place and the time, framed by a
greeting and a closing. Categories share places, times and framing, and some subjects
are close (a water leak from a pipe or from a radiator), so the task is not a lookup. A
small share of texts gets a typing slip (a dropped or swapped character), as real
requests do. Like a real archive, a few rows are misfiled (``misfiled``: the label is
another category) and a few say too little to tell (``vague``: greeting, place, time and
closing, no subject, any label), so a model trained on it learns to be unsure where the
archive is. The same seed always produces the same rows.
"""

from __future__ import annotations

import csv
import json
import random
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
PHRASES = DATA_DIR / "phrases.json"
DEMO_CSV = DATA_DIR / "demo_requests.csv"
DISTRICTS = ("chaoyang", "haidian", "tongzhou", "shunyi", "dongcheng", "xicheng")
FIELDS = ("text", "category", "language", "district")
_NO_SPACE = {"zh-hans", "ja"}


@lru_cache(maxsize=1)
def phrases() -> dict:
    with open(PHRASES, encoding="utf-8") as handle:
        return json.load(handle)


def languages() -> list[str]:
    return list(phrases()["languages"])


def categories() -> list[str]:
    return list(phrases()["category_names"])


def _join(parts: list[str], language: str) -> str:
    parts = [p for p in parts if p]
    return ("" if language in _NO_SPACE else " ").join(parts)


def _slip(text: str, rng: random.Random) -> str:
    if len(text) < 8:
        return text
    i = rng.randrange(1, len(text) - 2)
    if rng.random() < 0.5:
        return text[:i] + text[i + 1 :]
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


def make_text(*, language: str, category: str, rng: random.Random, slip: float = 0.15) -> str:
    vocab = phrases()["languages"][language]
    spec = vocab["categories"][category]
    body = rng.choice(spec["templates"]).format(
        thing=rng.choice(spec["things"]), place=rng.choice(vocab["places"]), time=rng.choice(vocab["times"])
    )
    body = body[0].upper() + body[1:] if body and language not in _NO_SPACE else body
    text = _join([rng.choice(vocab["openers"]), body, rng.choice(vocab["closers"])], language)
    text = " ".join(text.split())
    return _slip(text, rng) if rng.random() < slip else text


def make_vague_text(*, language: str, rng: random.Random) -> str:
    vocab = phrases()["languages"][language]
    parts = [
        rng.choice(vocab["openers"]),
        rng.choice(vocab["places"]),
        rng.choice(vocab["times"]),
        rng.choice([c for c in vocab["closers"] if c]),
    ]
    return " ".join(_join(parts, language).split())


def generate(
    *, rows: int = 2400, seed: int = 7, slip: float = 0.15, misfiled: float = 0.04, vague: float = 0.03
) -> list[dict[str, str]]:
    """``rows`` examples, balanced over languages and categories."""
    rng = random.Random(seed)
    langs, cats = languages(), categories()
    out = []
    for i in range(rows):
        language = langs[i % len(langs)]
        category = cats[(i // len(langs)) % len(cats)]
        draw = rng.random()
        if draw < vague:
            text = make_vague_text(language=language, rng=rng)
        else:
            text = make_text(language=language, category=category, rng=rng, slip=slip)
            if draw < vague + misfiled:
                category = rng.choice([c for c in cats if c != category])
        out.append({"text": text, "category": category, "language": language, "district": rng.choice(DISTRICTS)})
    rng.shuffle(out)
    return out


def write_csv(rows: list[dict[str, str]], path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows(rows)
    return path
