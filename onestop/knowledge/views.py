from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_GET

from onestop.core.errors import NotFound

from . import selectors
from .models import Group


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "knowledge/index.html", {"groups": selectors.articles_by_group()})


@require_GET
def group(request: HttpRequest, code: str) -> HttpResponse:
    if code not in Group.values:
        raise Http404
    rows = selectors.reader_order(selectors.published_articles(group=code), translation.get_language())
    page = Paginator(rows, 20).get_page(request.GET.get("page"))
    return render(request, "knowledge/group.html", {"group_label": Group(code).label, "page_obj": page})


@require_GET
def article(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        item = selectors.article_get(slug=slug)
    except NotFound:
        raise Http404
    lang = translation.get_language()
    return render(
        request,
        "knowledge/article.html",
        {
            "article": item,
            "title": item.title(lang),
            "summary": item.summary(lang),
            "body": item.body(lang),
            "in_language": item.has_language(lang),
            "shown_language": item.shown_language(lang),
            "group_label": Group(item.group).label,
        },
    )


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    query = (request.GET.get("q") or "").strip()[:200]
    hits = selectors.article_search(query=query, limit=30) if query else []
    return render(request, "knowledge/search.html", {"query": query, "hits": hits})
