"""Factories for the training tests: organizers, programs with sessions, participants."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from django.utils import timezone

from onestop.accounts.roles import Role

_n = itertools.count(1)


@pytest.fixture
def fao(make_org):
    return make_org("外事办公室", kind="fao")


@pytest.fixture
def organizer(make_user, fao):
    return make_user(Role.TRAINING_ORGANIZER, org=fao)


@pytest.fixture
def facilitator(make_user, fao):
    return make_user(Role.FACILITATOR, org=fao)


@pytest.fixture
def make_program(organizer):
    """A program with one online class (now) and, unless ``online_only``, a lecture next week."""
    from onestop.training import services

    def _make(*, capacity: int = 3, publish: bool = True, online_only: bool = False, by=None, **settings):
        by = by or organizer
        program = services.program_create(
            by=by,
            names={"zh-hans": f"培训 {next(_n)}", "en": "Public-affairs passports"},
            capacity=capacity,
            **settings,
        )
        now = timezone.now()
        services.session_create(
            program=program,
            by=by,
            kind="online_class",
            titles={"en": "Online class"},
            starts_at=now - timedelta(minutes=10),
            ends_at=now + timedelta(hours=2),
            online_url="https://meet.example.test/room",
        )
        if not online_only:
            services.session_create(
                program=program,
                by=by,
                kind="lecture",
                titles={"en": "Lecture"},
                starts_at=now + timedelta(days=7),
                ends_at=now + timedelta(days=7, hours=2),
                venues={"en": "Hall 1"},
                instructors="Prof. Li",
            )
        if publish:
            services.program_transition(program=program, name="publish", by=by)
        program.refresh_from_db()
        program.case.refresh_from_db()
        return program

    return _make


@pytest.fixture
def make_participant(make_user, make_org):
    def _make(org=None, *roles, language="en"):
        return make_user(Role.PARTICIPANT, *roles, org=org or make_org(kind="commission"), language=language)

    return _make


@pytest.fixture
def enrolled(make_participant):
    """A confirmed participant of ``program``."""
    from onestop.training import services

    def _enrolled(program, org=None):
        user = make_participant(org)
        enrolment = services.enrolment_self_register(program=program, user=user)
        assert enrolment.status == "confirmed"
        return user, enrolment

    return _enrolled


# Minimal but real headers of the audio containers browsers record.
WEBM_BYTES = bytes.fromhex("1a45dfa39f4286810142f7810142f2810442f381084282847765626d") + b"\x00" * 200
OGG_BYTES = b"OggS\x00\x02" + b"\x00" * 200


def audio_upload(data: bytes = WEBM_BYTES, name: str = "voice.webm", content_type: str = "audio/webm"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type=content_type)
