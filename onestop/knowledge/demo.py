"""Demo guides: twelve short, practical articles in all ten languages (payment, getting
around, study, daily life, travel, business and the city's own services)."""

from __future__ import annotations

import json
from pathlib import Path

from .models import Article
from .services import article_save

ORDER = 30
ARTICLES = Path(__file__).resolve().parent / "data" / "articles.json"


def load_articles() -> list[dict]:
    with open(ARTICLES, encoding="utf-8") as handle:
        return json.load(handle)


def seed(world: dict) -> None:
    admin = world.get("users", {}).get("admin")
    existing = set(Article.objects.values_list("slug", flat=True))
    for item in load_articles():
        if item["slug"] in existing:
            continue
        article_save(by=admin, **item)
    world["articles"] = {a.slug: a for a in Article.objects.all()}
