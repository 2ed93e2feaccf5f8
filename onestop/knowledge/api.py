"""Read-only API on the knowledge base, used by the portal, the hotline pages and apps."""

from __future__ import annotations

from django.urls import path
from django.utils import translation
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from onestop.core.api import Pagination

from . import selectors
from .models import LANGUAGE_CODES, Group

LANG_PARAM = OpenApiParameter(
    "lang", str, description="Language code; the active language when absent", enum=LANGUAGE_CODES
)


def _language(request) -> str:
    lang = request.query_params.get("lang") or ""
    return lang if lang in LANGUAGE_CODES else (translation.get_language() or "en")


class ArticleSummarySerializer(serializers.Serializer):
    slug = serializers.CharField()
    group = serializers.CharField()
    kind = serializers.CharField()
    title = serializers.CharField()
    summary = serializers.CharField()
    languages = serializers.ListField(child=serializers.CharField())
    url = serializers.CharField()
    score = serializers.FloatField(required=False)


class ArticleSerializer(ArticleSummarySerializer):
    body = serializers.CharField()
    topics = serializers.ListField(child=serializers.CharField())
    updated_at = serializers.DateTimeField()


def _summary(article, lang: str, score: float | None = None) -> dict:
    from django.urls import reverse

    data = {
        "slug": article.slug,
        "group": article.group,
        "kind": article.kind,
        "title": article.title(lang),
        "summary": article.summary(lang),
        "languages": article.languages,
        "url": reverse("knowledge:article", args=[article.slug]),
    }
    if score is not None:
        data["score"] = round(score, 2)
    return data


class ArticleListView(APIView):
    """Published articles; with ``q``, a search ranked best first."""

    throttle_classes = [AnonRateThrottle]

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, description="Search words, in any of the ten languages"),
            OpenApiParameter("group", str, enum=Group.values),
            LANG_PARAM,
        ],
        responses=ArticleSummarySerializer(many=True),
    )
    def get(self, request):
        lang = _language(request)
        group = request.query_params.get("group") or None
        if group and group not in Group.values:
            group = None
        query = (request.query_params.get("q") or "").strip()[:200]
        if query:
            hits = selectors.article_search(query=query, language=lang, group=group, limit=30)
            return Response([_summary(h.article, lang, h.score) for h in hits])
        paginator = Pagination()
        page = paginator.paginate_queryset(selectors.published_articles(group=group), request, view=self)
        return paginator.get_paginated_response([_summary(a, lang) for a in page])


class ArticleDetailView(APIView):
    throttle_classes = [AnonRateThrottle]

    @extend_schema(parameters=[LANG_PARAM], responses=ArticleSerializer)
    def get(self, request, slug: str):
        lang = _language(request)
        article = selectors.article_get(slug=slug)
        data = _summary(article, lang)
        data.update(body=article.body(lang), topics=article.topics, updated_at=article.updated_at)
        return Response(ArticleSerializer(data).data)


class SuggestView(APIView):
    """Articles that may answer a question being typed (shown before a request is sent)."""

    throttle_classes = [AnonRateThrottle]

    @extend_schema(
        parameters=[
            OpenApiParameter("text", str, required=True, description="The question typed so far"),
            OpenApiParameter("topic", str, description="A hotline category code, when known"),
            LANG_PARAM,
        ],
        responses=ArticleSummarySerializer(many=True),
    )
    def get(self, request):
        lang = _language(request)
        text = (request.query_params.get("text") or "")[:1000]
        topic = request.query_params.get("topic") or None
        hits = selectors.article_suggest(text=text, language=lang, topic=topic, limit=3)
        return Response([_summary(h.article, lang, h.score) for h in hits])


urlpatterns = [
    path("knowledge/articles/", ArticleListView.as_view(), name="knowledge-article-list"),
    path("knowledge/articles/<slug:slug>/", ArticleDetailView.as_view(), name="knowledge-article-detail"),
    path("knowledge/suggest/", SuggestView.as_view(), name="knowledge-suggest"),
]
