from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from edgecare.models import User
from tests.factories import (
    CaseFactory,
    OrganisationFactory,
    ServiceFactory,
    TeamFactory,
    UserFactory,
)

# The clock ---------------------------------------------------------------------------------
#
# A run that crossed midnight would see two "todays": modules that work out TODAY when they are
# imported, and the pages, which work it out on every request. So every run starts at noon
# (London) on the day it began and its clock ticks on from there: a run would have to last twelve
# hours to reach midnight. Tests that need one fixed moment freeze the clock themselves
# (time_machine.travel(..., tick=False)); timers (time.monotonic, time.perf_counter) are not moved.

_run_clock: time_machine.travel | None = None


def pytest_configure(config):
    global _run_clock
    london = ZoneInfo("Europe/London")
    today = datetime.datetime.now(london).date()
    _run_clock = time_machine.travel(
        datetime.datetime.combine(today, datetime.time(12, 0), tzinfo=london), tick=True
    )
    _run_clock.start()


def pytest_unconfigure(config):
    if _run_clock is not None:
        _run_clock.stop()


# The test database ---------------------------------------------------------------------------
#
# The suite's databases are made from the models (pyproject.toml: --no-migrations): replaying
# the migrations took 30 s of CPU per test worker, most of it Django re-rendering the historical
# models' state after each of some 260 operations. `.ci/run` still applies every migration to an
# empty PostgreSQL database, and `makemigrations --check` proves they describe these models. What
# the migrations make besides the models' tables is made here, by the migrations' own code.


def _made_by_migrations_besides_the_tables() -> None:
    import importlib

    from django.db import connection

    # edgecare 0002: the database cache's table (settings.CACHES).
    call_command("createcachetable", verbosity=0)
    if connection.vendor == "postgresql":
        # families 0008: pg_trgm and the trigram indexes the search and duplicate check use.
        trigram = importlib.import_module("families.migrations.0008_trigram_name_indexes")
        with connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        with connection.schema_editor() as schema_editor:
            trigram.create_indexes(None, schema_editor)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        _made_by_migrations_besides_the_tables()


# Documents ---------------------------------------------------------------------------------
# Every test keeps documents in its own run's temporary folder, never in the checkout; the scan
# goes to a real clamd (tests/clamd.py), started once for the tests that ask for `scanner`.


@pytest.fixture(scope="session", autouse=True)
def _attachment_folder(tmp_path_factory):
    from django.conf import settings
    from django.test import override_settings

    folder = tmp_path_factory.mktemp("attachments")
    storages = {
        **settings.STORAGES,
        "attachments": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(folder)},
        },
    }
    with override_settings(STORAGES=storages, ATTACHMENT_ROOT=folder):
        yield folder


@pytest.fixture(scope="session")
def _clamd(tmp_path_factory):
    from tests.clamd import Clamd

    daemon = Clamd(tmp_path_factory.mktemp("clamd")).start()
    yield daemon
    daemon.stop()


@pytest.fixture
def scanner(_clamd, settings):
    """The real clamd, for this test's uploads."""
    settings.CLAMD_ADDRESS = _clamd.address
    return _clamd


@dataclass
class World:
    """Two services in one organisation (one with two teams), and a second organisation:
    enough to prove every scoping rule."""

    org: object
    service: object
    team: object
    other_team: object
    other_service: object
    other_service_team: object
    other_org_team: object
    key_worker: User
    colleague: User
    team_manager: User
    service_manager: User
    administrator: User
    other_team_worker: User
    other_team_manager: User
    other_service_manager: User
    other_org_worker: User
    case: object
    other_team_case: object
    other_service_case: object
    other_org_case: object

    def users_by_role(self) -> dict[str, User]:
        return {
            "key_worker": self.key_worker,
            "team_manager": self.team_manager,
            "service_manager": self.service_manager,
            "administrator": self.administrator,
            "other_team_worker": self.other_team_worker,
            "other_service_manager": self.other_service_manager,
            "other_org_worker": self.other_org_worker,
        }


@pytest.fixture
def world(db) -> World:
    org = OrganisationFactory()
    service = ServiceFactory(organisation=org)
    team = TeamFactory(service=service)
    other_team = TeamFactory(service=service)
    other_service = ServiceFactory(organisation=org)
    other_service_team = TeamFactory(service=other_service)
    other_org_team = TeamFactory()
    key_worker = UserFactory(team=team, username="kw")
    case = CaseFactory(team=team, lead_professional=key_worker)
    return World(
        org=org,
        service=service,
        team=team,
        other_team=other_team,
        other_service=other_service,
        other_service_team=other_service_team,
        other_org_team=other_org_team,
        key_worker=key_worker,
        colleague=UserFactory(team=team, username="colleague"),
        team_manager=UserFactory(team=team, role=User.Role.TEAM_MANAGER, username="tm"),
        service_manager=UserFactory(
            team=None,
            organisation=org,
            service=service,
            role=User.Role.SERVICE_MANAGER,
            username="sm",
        ),
        administrator=UserFactory(
            team=None, organisation=org, role=User.Role.ADMINISTRATOR, username="admin1"
        ),
        other_team_worker=UserFactory(team=other_team, username="otherkw"),
        other_team_manager=UserFactory(
            team=other_team, role=User.Role.TEAM_MANAGER, username="othertm"
        ),
        other_service_manager=UserFactory(
            team=None,
            organisation=org,
            service=other_service,
            role=User.Role.SERVICE_MANAGER,
            username="othersm",
        ),
        other_org_worker=UserFactory(team=other_org_team, username="otherorg"),
        case=case,
        other_team_case=CaseFactory(team=other_team),
        other_service_case=CaseFactory(team=other_service_team),
        other_org_case=CaseFactory(team=other_org_team),
    )


@pytest.fixture
def signed_in(client):
    """Sign a user in on the test client: `signed_in(user)` returns the client."""

    def sign_in(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        # Past the second factor too, as a manager would be after entering their code.
        device, _ = TOTPDevice.objects.get_or_create(
            user=user, name="Test authenticator", defaults={"confirmed": True}
        )
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        # The first signed-in request writes the session's bookkeeping (when it started, the
        # idle renewal, what the two-factor lookups found) and later ones write nothing: done
        # here, so a test's first request costs what every later one does (the query counts).
        client.get("/signed-in-warm-up-no-such-page/")
        return client

    return sign_in


# The demo data set --------------------------------------------------------------------------
#
# Building the demo (manage.py seed_demo) takes seconds, and several tests only read it. The
# `demo` fixture builds it once inside a transaction held open across the tests that use it;
# each test still runs in its own savepoint (pytest-django's `db`), so what a test writes is
# undone after it. The held transaction is rolled back as soon as the next test does not use the
# demo, so no other test ever sees demo data, whatever the order; the demo tests are run one
# after another (pytest_collection_modifyitems below) so that in a normal run the demo is built
# once.


class SharedDemo:
    def __init__(self, django_db_blocker):
        self._blocker = django_db_blocker
        self._held: transaction.Atomic | None = None
        self.builds = 0
        self.output = ""

    @property
    def is_built(self) -> bool:
        return self._held is not None

    def build(self) -> None:
        if self._held is not None:
            return
        with self._blocker.unblock():
            self._held = transaction.atomic()
            self._held.__enter__()
            out = io.StringIO()
            call_command("seed_demo", stdout=out)
        self.output = out.getvalue()
        self.builds += 1

    def discard(self) -> None:
        if self._held is None:
            return
        held, self._held = self._held, None
        with self._blocker.unblock():
            transaction.set_rollback(True)
            held.__exit__(None, None, None)


_shared_demo: SharedDemo | None = None


@pytest.fixture(scope="session")
def _demo_holder(django_db_setup, django_db_blocker):
    # Session scope, so that pytest sets it up before any test's own transaction is opened.
    global _shared_demo
    _shared_demo = SharedDemo(django_db_blocker)
    _shared_demo.build()
    yield _shared_demo
    _shared_demo.discard()
    _shared_demo = None


@pytest.fixture
def demo(_demo_holder, db) -> SharedDemo:
    """The demo data set (seed_demo's), already in the database: read it, change it freely
    (the change is undone after the test)."""
    assert _demo_holder.is_built, "the demo is built before the test's own transaction opens"
    return _demo_holder


def _uses_demo(item) -> bool:
    return "demo" in getattr(item, "fixturenames", ())


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    # Before any fixture of the test is set up, so the demo's transaction encloses the test's.
    # The first time, the session fixture below has not made the holder yet; it builds it.
    if _uses_demo(item) and _shared_demo is not None:
        _shared_demo.build()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    yield
    # The test's own transaction is rolled back by now; the demo's goes before any test that
    # does not use it.
    if _shared_demo is not None and (nextitem is None or not _uses_demo(nextitem)):
        _shared_demo.discard()


DEMO_FOLDER = "tests/demo/"


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    # After pytest-django's ordering (database tests first, transactional ones after): the demo
    # tests are moved, in their order, to where the first of them stands.
    demo_items = [item for item in items if _uses_demo(item)]
    if not demo_items:
        return
    elsewhere = [item.nodeid for item in demo_items if not item.nodeid.startswith(DEMO_FOLDER)]
    if elsewhere:
        # Outside the folder, a test worker of its own would build the demo again.
        raise pytest.UsageError(
            f"Tests that read the shared demo belong in {DEMO_FOLDER}: " + ", ".join(elsewhere)
        )
    first = items.index(demo_items[0])
    rest = [item for item in items if not _uses_demo(item)]
    items[:] = rest[:first] + demo_items + rest[first:]


# The suite's workers (pytest-xdist) ----------------------------------------------------------
#
# `--dist loadscope` hands each worker whole modules, so module- and package-scoped fixtures are
# made once. The demo folder goes to one worker as one piece, so the shared demo is built once in
# a run however many modules read it. The slowest pieces (measured with --durations; each takes a
# minute or more on 2 cores) are handed out first: xdist otherwise orders pieces by their number
# of tests, and a slow piece of few tests started last keeps one worker busy while the rest wait.

SLOWEST_FIRST = (
    "tests/security/test_hostile_input.py",
    "tests/e2e/test_journey_key_worker.py",
    "tests/e2e/test_accessibility_pages.py",
    "tests/foundation/test_background_worker.py",
    "tests/security/test_form_integrity.py",
    DEMO_FOLDER,
    "tests/security/test_documents_bounded.py",
    "tests/e2e/test_first_ten_minutes.py",
    "tests/e2e/test_journey_household.py",
)

try:
    from xdist.scheduler import LoadScopeScheduling
except ImportError:  # xdist is in the test extra; without it a run has no workers
    LoadScopeScheduling = None

if LoadScopeScheduling is not None:

    class DemoFolderTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            if nodeid.startswith(DEMO_FOLDER):
                return DEMO_FOLDER
            return super()._split_scope(nodeid)

        def _assign_work_unit(self, node) -> None:
            for scope in reversed(SLOWEST_FIRST):
                if scope in self.workqueue:
                    self.workqueue.move_to_end(scope, last=False)
            super()._assign_work_unit(node)

    def pytest_xdist_make_scheduler(config, log):
        if config.getvalue("dist") == "loadscope":
            return DemoFolderTogether(config, log)
        return None
