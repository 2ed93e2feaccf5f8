"""The employer is named in the reader's language on the permit pages, and in the
document's language on the permits issued."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from .conftest import reviews

ZH, EN = "银河机器人有限公司", "Galaxy Robotics Ltd."
CASES = [("en", EN, ZH), ("zh-hans", ZH, EN)]


@pytest.fixture
def bilingual(employer_org):
    employer_org.name, employer_org.name_en = ZH, EN
    employer_org.save()
    return employer_org


@pytest.mark.parametrize(("lang", "shown", "hidden"), CASES)
def test_the_officers_pages_name_the_employer_in_their_language(
    login, permit_officer, supervisor, bilingual, build, lang, shown, hidden
):
    application = build("submitted")
    work, _residence = reviews(application)
    client = login(permit_officer)
    for url in (
        reverse("permits:index"),
        reverse("permits:detail", args=[application.pk]),
        reverse("permits:queue"),
        reverse("permits:review", args=[work.pk]),
    ):
        body = client.get(f"{url}?lang={lang}").content.decode()
        assert shown in body and hidden not in body, url
    # past its deadline: listed among the breaches on the manager's dashboard
    type(application.case).objects.filter(pk=application.case_id).update(due_at=timezone.now() - timedelta(days=1))
    body = login(supervisor).get(reverse("permits:dashboard") + f"?lang={lang}").content.decode()
    assert application.case.number in body
    assert shown in body and hidden not in body


@pytest.mark.parametrize(("language", "shown"), [("en", EN), ("zh-hans", ZH), (None, ZH)])
def test_the_permits_name_the_employer_in_the_documents_language(bilingual, build, permit_officer, language, shown):
    from onestop.permits.services.documents import permits_issue

    application = build("submitted")
    with mock.patch("onestop.documents.services.document_issue_keyed") as issue:
        permits_issue(application=application, by=permit_officer, language=language)
    assert [call.kwargs["context"]["employer"] for call in issue.call_args_list] == [shown, shown]
