"""Editors write each article in every language on one form: a title, a summary and a text
field per language, saved through ``services.article_save``."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from onestop.core.errors import DomainError

from . import services
from .models import Article


def _language_fields() -> dict[str, forms.Field]:
    fields: dict[str, forms.Field] = {}
    for code, name in settings.LANGUAGES:
        fields[f"title_{code}"] = forms.CharField(
            label=format_lazy("{} ({})", _("Title"), name), required=False, max_length=300
        )
        fields[f"summary_{code}"] = forms.CharField(
            label=format_lazy("{} ({})", _("Summary"), name), required=False, widget=forms.Textarea(attrs={"rows": 2})
        )
        fields[f"body_{code}"] = forms.CharField(
            label=format_lazy("{} ({})", _("Text"), name), required=False, widget=forms.Textarea(attrs={"rows": 6})
        )
    return fields


class ArticleFormBase(forms.ModelForm):
    topics_text = forms.CharField(label=_("topics"), required=False, help_text=_("Comma-separated category codes."))

    class Meta:
        model = Article
        fields = ["slug", "group", "kind", "keywords", "order", "is_published"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, _name in settings.LANGUAGES:
            if self.instance.pk:
                self.initial[f"title_{code}"] = self.instance.titles.get(code, "")
                self.initial[f"summary_{code}"] = (self.instance.summaries or {}).get(code, "")
                self.initial[f"body_{code}"] = self.instance.bodies.get(code, "")
        if self.instance.pk:
            self.initial["topics_text"] = ", ".join(self.instance.topics or [])

    def clean(self):
        cleaned = super().clean()
        try:
            services.article_validate(
                titles={k: v for k, v in self.per_language("title").items() if v.strip()},
                bodies={k: v for k, v in self.per_language("body").items() if v.strip()},
                group=cleaned.get("group") or "",
            )
        except DomainError as exc:
            raise forms.ValidationError(exc.message)
        return cleaned

    def per_language(self, prefix: str) -> dict[str, str]:
        return {code: self.cleaned_data.get(f"{prefix}_{code}", "") for code, _name in settings.LANGUAGES}


# Declared (not added in __init__) so the admin's form factory accepts them in fieldsets.
ArticleForm = type("ArticleForm", (ArticleFormBase,), _language_fields())


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleForm
    list_display = ["slug", "group", "kind", "order", "is_published", "updated_at"]
    list_filter = ["group", "kind", "is_published"]
    search_fields = ["slug", "search_text"]

    def get_fieldsets(self, request, obj=None):
        base = [(None, {"fields": ["slug", "group", "kind", "keywords", "topics_text", "order", "is_published"]})]
        for code, name in settings.LANGUAGES:
            base.append(
                (name, {"fields": [f"title_{code}", f"summary_{code}", f"body_{code}"], "classes": ["collapse"]})
            )
        return base

    def save_model(self, request, obj, form, change):
        saved = services.article_save(
            by=request.user,
            article=obj if change else None,
            slug=form.cleaned_data["slug"],
            group=form.cleaned_data["group"],
            kind=form.cleaned_data["kind"],
            keywords=form.cleaned_data.get("keywords", ""),
            order=form.cleaned_data.get("order") or 100,
            is_published=form.cleaned_data.get("is_published", True),
            topics=(form.cleaned_data.get("topics_text") or "").split(","),
            titles=form.per_language("title"),
            summaries=form.per_language("summary"),
            bodies=form.per_language("body"),
        )
        obj.pk = saved.pk
