"""Shared fixtures: organizations, users with roles, logged-in clients (staff past the
second factor), API clients with tokens, and a headless Chromium for page tests."""

from __future__ import annotations

import itertools
import os
import shutil
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Error as PlaywrightError
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
_seq = itertools.count(1)

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(config, items):
    on_postgres = connection.vendor == "postgresql"
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL: runs in the PostgreSQL pass of make test"))


@pytest.fixture(autouse=True)
def _english_by_default():
    """Service messages read in English unless a test asks for another language; a page
    test's ?lang= must not leak into the next test."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Transactional tests run on flushed tables: put back the reference data that data
    migrations create (the material catalogue)."""
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(request.fixturenames)
    )
    if not transactional:
        yield
        return
    import importlib

    from django.apps import apps as django_apps

    request.getfixturevalue("transactional_db")
    importlib.import_module("onestop.dossier.migrations.0003_material_catalogue").seed(django_apps, None)
    yield


@pytest.fixture(autouse=True)
def _isolated_cache(settings, tmp_path):
    from django.core.cache import cache

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def make_org(db):
    from onestop.accounts.models import Organization

    def _make(name: str | None = None, *, kind: str = "commission", parent=None, code: str | None = None):
        n = next(_seq)
        return Organization.objects.create(
            name=name or f"Organization {n}", code=code or f"org-{n}", kind=kind, parent=parent
        )

    return _make


@pytest.fixture
def make_user(db):
    from onestop.accounts.services import user_create

    def _make(
        *roles: str,
        org=None,
        username: str | None = None,
        language: str = "en",
        password: str = "correct-horse-battery-1",
    ):
        n = next(_seq)
        return user_create(
            username=username or f"user{n}",
            full_name=f"User {n}",
            password=password,
            email=f"user{n}@example.test",
            roles=list(roles),
            organization=org,
            preferred_language=language,
        )

    return _make


@pytest.fixture
def admin_user(make_user):
    """An administrator who may use the Django admin."""
    from onestop.accounts.roles import Role

    user = make_user(Role.ADMIN)
    user.is_staff = user.is_superuser = True
    user.save(update_fields=["is_staff", "is_superuser"])
    return user


def verify_session(client: Client, user) -> None:
    """Log ``user`` in on ``client`` as having passed the second factor."""
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()


@pytest.fixture
def login(db):
    def _login(user, client: Client | None = None) -> Client:
        client = client or Client()
        verify_session(client, user)
        return client

    return _login


@pytest.fixture
def api(db):
    def _api(user=None) -> APIClient:
        client = APIClient()
        if user is not None:
            token, _ = Token.objects.get_or_create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return _api


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: `make test` installs Debian's chromium package")
    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US")
    pg = context.new_page()
    pg.set_default_timeout(15000)
    yield pg
    context.close()


def browser_login(page, live_server, user, password: str = "correct-horse-battery-1") -> None:
    """Log in through the real pages, typing a current TOTP code for staff."""
    from django_otp.oath import totp

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    if "/login/code/" in page.url:
        device = TOTPDevice.objects.get(user=user, confirmed=True)
        code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
        page.fill("#id_code", code)
        page.click("main button[type=submit]")


AXE_JS = os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "node_modules", "axe-core", "axe.min.js"
)


def axe_serious_violations(page) -> list[str]:
    """Inject axe-core into the page and return the serious or critical violations."""
    if not os.path.exists(AXE_JS):
        pytest.fail("axe-core is missing: `make test` installs it with npm ci")
    # A click that submits a form may still be navigating: inject only into a loaded
    # document, and try again if the navigation replaced the document meanwhile.
    for attempt in range(3):
        page.wait_for_load_state("load")
        try:
            page.add_script_tag(path=AXE_JS)
            result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
            break
        except PlaywrightError:
            if attempt == 2:
                raise
            page.wait_for_timeout(200)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v.get("impact") in ("serious", "critical")
    ]


def screenshot(page, name: str) -> str:
    """Save a screenshot under test-artifacts/ for people to look at."""
    folder = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "test-artifacts")
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, f"{name}.png")
    page.screenshot(path=path, full_page=True)
    return path


# --- organizations, people, passports and materials (trips, passports and visas tests) ---

BIRTH = date(1980, 5, 17)  # the default birth date in machine-readable zones


@pytest.fixture
def org(make_org):
    """The liaison officer's organization: a university under a commission."""
    parent = make_org("Education Commission", kind="commission")
    return make_org("City University", kind="university", parent=parent)


@pytest.fixture
def other_org(make_org):
    """An organization outside ``org``'s tree."""
    return make_org("Metro Group", kind="soe")


@pytest.fixture
def liaison(make_user, org):
    return make_user("liaison", org=org)


@pytest.fixture
def other_liaison(make_user, other_org):
    return make_user("liaison", org=other_org)


@pytest.fixture
def fao(make_org):
    """The Foreign Affairs Office, where the reviewers and the passport officers work."""
    return make_org("Foreign Affairs Office", kind="fao")


@pytest.fixture
def reviewer(make_user, fao):
    return make_user("fao_reviewer", org=fao)


@pytest.fixture
def passport_officer(make_user, fao):
    return make_user("passport_officer", org=fao)


@pytest.fixture
def person_defaults():
    """Fields of every person ``make_person`` creates unless the call gives them; a
    folder's conftest overrides this fixture for its own defaults."""
    return {}


@pytest.fixture
def make_person(db, org, person_defaults):
    """``make_person(name=None, *, organization=None, **fields)``: a person of ``org`` (or
    ``organization``) in the dossier, "旅客<n>" / "Traveller <n>" unless named."""
    from onestop.dossier.models import Person

    def _make(name: str | None = None, *, organization=None, **fields):
        n = next(_seq)
        values = {"latin_name": f"Traveller {n}", **person_defaults, **fields}
        return Person.objects.create(full_name=name or f"旅客{n}", organization=organization or org, **values)

    return _make


def next_passport_number(prefix: str = "PE") -> str:
    """A passport number no other test passport has."""
    return f"{prefix}{next(_seq) + 1000000:07d}"


def mrz_for(passport_or_person, *, number: str, expires_on: date, code: str = "P", birth: date = BIRTH):
    """The two lines of a passport's machine-readable zone, as a desk scanner reads them."""
    from onestop.dossier.validators import mrz_build

    return mrz_build(
        surname="ZHANG",
        given_names="WEI",
        number=number,
        nationality="CHN",
        birth_date=birth,
        sex="M",
        expiry_date=expires_on,
        document_code=code,
    )


@pytest.fixture
def make_passport(db, passport_officer):
    """``make_passport(person, ...)``: a passport registered in custody by the passport
    officer through the passport services (from its machine-readable zone with ``by_mrz``),
    valid five years unless ``expires_on`` says otherwise."""
    from django.utils import timezone

    from onestop.passports.services import passport_register

    def _make(
        person,
        *,
        type: str = "ordinary_public_affairs",
        number: str | None = None,
        expires_on: date | None = None,
        by_mrz: bool = False,
        storage_place: str = "Safe A",
    ):
        number = number or next_passport_number()
        expires_on = expires_on or timezone.localdate() + timedelta(days=5 * 365)
        if by_mrz:
            code = {"diplomatic": "PD", "service": "PS"}.get(type, "P")
            lines = mrz_for(person, number=number, expires_on=expires_on, code=code, birth=person.birth_date)
            return passport_register(
                holder=person, by=passport_officer, type=type, mrz=list(lines), storage_place=storage_place
            )
        return passport_register(
            holder=person,
            by=passport_officer,
            type=type,
            number=number,
            expires_on=expires_on,
            issued_on=expires_on - timedelta(days=3650),
            storage_place=storage_place,
        )

    return _make


def ensure_material_catalogue() -> None:
    """Transactional tests flush the tables that data migrations filled: put the material
    types back the way the dossier's migration seeds them."""
    from importlib import import_module

    from onestop.dossier.models import MaterialType

    catalogue = import_module("onestop.dossier.migrations.0003_material_catalogue").CATALOGUE
    if MaterialType.objects.filter(code__in=[row[0] for row in catalogue]).count() == len(catalogue):
        return
    for code, accepted, max_bytes, validity, per_case, names in catalogue:
        MaterialType.objects.get_or_create(
            code=code,
            defaults={
                "name": names["en"],
                "names": names,
                "accepted_types": accepted,
                "max_bytes": max_bytes,
                "validity_days": validity,
                "per_case": per_case,
            },
        )


@pytest.fixture
def material_catalogue(db):
    ensure_material_catalogue()


def give_material(person, type_code: str, *, case=None, verified: bool = True, valid_until=None):
    """A clean material of ``type_code`` in the person's dossier (the case's own for a
    per-case type), verified unless told otherwise."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from onestop.dossier.models import Material, MaterialType

    mtype = MaterialType.objects.get(code=type_code)
    data = b"%PDF-1.4 test material " + type_code.encode()
    material = Material(
        person=person,
        type=mtype,
        case=case if mtype.per_case else None,
        version=Material.objects.filter(person=person, type=mtype).count() + 1,
        original_name=f"{type_code}.pdf",
        content_type="application/pdf",
        size=len(data),
        sha256=f"{next(_seq):064d}",
        scan_status=Material.Scan.CLEAN,
        verification=Material.Verification.VERIFIED if verified else Material.Verification.PENDING,
        verified_at=timezone.now() if verified else None,
        valid_until=valid_until,
    )
    material.file.save(f"{type_code}-{next(_seq)}.pdf", ContentFile(data), save=False)
    material.save()
    return material
