"""Fixtures for the documents tests: one signing key per test session (RSA-3072 takes a
moment to generate), a small workflow for the cases documents belong to, and a helper that
issues a document with Chinese text."""

from __future__ import annotations

import pytest
from django.db import models

from onestop.cases.workflow import Transition, Workflow, get_workflow, register

TITLE_ZH = "关于同意城市理工大学代表团赴德国、法国开展学术交流的批复"


class _S(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"


try:
    get_workflow("doctest")
except Exception:
    register(
        Workflow(
            kind="doctest",
            prefix="DT",
            states=_S,
            initial=_S.OPEN,
            final_states=frozenset({_S.DONE}),
            transitions=[
                Transition("finish", (_S.OPEN,), _S.DONE, "Finish", "Finished", roles=frozenset({"fao_reviewer"}))
            ],
        )
    )


@pytest.fixture(scope="session")
def signing_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("signing")


@pytest.fixture(autouse=True)
def _signing(settings, signing_dir):
    settings.SIGNING_KEY_PATH = signing_dir / "key.pem"
    settings.SIGNING_CERT_PATH = signing_dir / "cert.pem"
    settings.SIGNING_ORG_NAME = "某市人民政府外事办公室"
    settings.SITE_URL = "https://onestop.example.gov"


@pytest.fixture
def org(make_org):
    return make_org("城市理工大学", kind="university")


@pytest.fixture
def liaison(make_user, org):
    return make_user("liaison", org=org)


@pytest.fixture
def reviewer(make_user, make_org):
    return make_user("fao_reviewer", org=make_org("外事办公室", kind="fao"))


@pytest.fixture
def case(liaison, org):
    from onestop.cases.services import case_create

    return case_create(kind="doctest", by=liaison, title="赴德国、法国学术交流", organization=org)


@pytest.fixture
def issue(case, reviewer):
    from onestop.documents.services import document_issue

    def _issue(**overrides):
        arguments = {
            "case": case,
            "kind": "trip_approval",
            "title": TITLE_ZH,
            "template": "documents/generic.html",
            "context": {"intro": "经审核，同意该团组按计划出访。"},
            "essentials": {
                "case_number": case.number,
                "leader": "张伟",
                "destinations": ["德国 柏林", "法国 巴黎"],
                "period": "2026-05-10 — 2026-05-17",
                "passport": "E1****678",
            },
            "by": reviewer,
            "language": "zh-hans",
        }
        arguments.update(overrides)
        return document_issue(**arguments)

    return _issue
