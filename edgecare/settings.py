"""Settings for Edge of Care case records.

One module, read from the environment. Development defaults are safe (DEBUG on, SQLite, a
throw-away key); production differs only by environment variables, and with production values
`manage.py check --deploy --fail-level WARNING` reports nothing (CI checks it).
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
# A development key only works with DEBUG on. Without DEBUG and without SECRET_KEY the settings
# still load, so commands that sign nothing (makemigrations, migrate, collectstatic) run
# anywhere; but the application server refuses to start (edgecare/wsgi.py) and anything that
# would sign a session or a form stops with Django's own error, rather than signing with a
# published key. `check --deploy` reports the missing key too.
_DEV_SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = env.str("SECRET_KEY", default=_DEV_SECRET_KEY if DEBUG else "")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Name shown in the header, page titles and family documents; a council sets its own.
SERVICE_NAME = env.str("SERVICE_NAME", default="Edge of Care case records")

# Months after a closure's date when follow-up checks on the family fall due (reviews app):
# did the young person stay at home, was the family referred again? e.g. FOLLOW_UP_MONTHS=3,6,12
FOLLOW_UP_MONTHS = env.list("FOLLOW_UP_MONTHS", cast=int, default=[3, 6, 12])

INSTALLED_APPS = [
    "edgecare.apps.SuperuserAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_forms_gds",
    "django_filters",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "simple_history",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "edgecare",
    "families",
    "assessments",
    "plans",
    "reviews",
    # Documents on a case (signed plans, letters, reports): stored privately, scanned.
    "attachments",
    # Families, people and open cases from the previous system's files (CSV, XLSX).
    "imports",
    "managers",
    # Staff administration: imports only the floor.
    "staff",
    # The composition layer on top of every app: URLs, home, case page, seed_demo.
    "casefile",
    # The read-only API for the council's systems (composition layer, beside casefile).
    "api",
]

MIDDLEWARE = [
    # The header middleware come first: every response passes back through them, including
    # the redirects and error pages that middleware further in answer with (sign-in, two-factor,
    # session expiry, a 500 during a database outage).
    "edgecare.middleware.PermissionsPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # The probes: after the header middleware (which add headers and answer nothing), before
    # anything that validates the host or opens a session; SECURE_REDIRECT_EXEMPT spares them
    # the HTTPS redirect.
    "edgecare.probes.ProbeMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Right after authentication, so the two-factor and expiry redirects are not cached either.
    "edgecare.middleware.NoStoreMiddleware",
    "edgecare.middleware.KeepTypedTextMiddleware",
    "edgecare.two_factor.RememberedOTPMiddleware",
    "edgecare.middleware.AbsoluteSessionExpiryMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "edgecare.two_factor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "edgecare.middleware.OneSavePerSubmitMiddleware",
    "edgecare.middleware.StaleSaveMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "edgecare.middleware.DocumentTimeoutMiddleware",
    # Last, so it sees the final authentication result of the login view.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "casefile.urls"
WSGI_APPLICATION = "edgecare.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "edgecare.context_processors.service",
                "casefile.navigation.main_menu",
                "managers.context_processors.notifications",
                "edgecare.typed_text.timeout_warning",
                "families.drafts.draft_for_page",
            ],
        },
    },
]

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# SQLite (the demo and development): two people saving at once must both succeed. WAL lets
# readers carry on while one writes; IMMEDIATE makes every transaction take the write lock when
# it begins, so a save waits its turn (up to `timeout` seconds) instead of failing with
# "database is locked" when its read turns into a write; NORMAL sync is safe with WAL.
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {**SQLITE_OPTIONS, **DATABASES["default"].get("OPTIONS", {})}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache lives in the database by default, so every application server shares it and holds no
# state of its own (docs/deployment.md). It keeps worked-out figures (the outcome report), never
# case notes. The table is created by a migration. CACHE_URL may point elsewhere, e.g. redis://.
CACHES = {"default": env.cache_url("CACHE_URL", default="dbcache://edgecare_cache")}
# How long a worked-out outcome report is reused for the same scope and filters: a report of a
# past year does not change by the minute, and the page says when its figures were worked out.
OUTCOME_REPORT_CACHE_SECONDS = env.int("OUTCOME_REPORT_CACHE_SECONDS", default=600)
# One save per submit (edgecare.middleware.OneSavePerSubmitMiddleware): how long a saved form's
# token answers a repeat with "already saved", and how long a claim by a request that never
# finished (a killed worker) blocks its token.
SUBMISSION_TOKEN_SECONDS = env.int("SUBMISSION_TOKEN_SECONDS", default=6 * 60 * 60)
SUBMISSION_RUNNING_SECONDS = env.int("SUBMISSION_RUNNING_SECONDS", default=120)

AUTH_USER_MODEL = "edgecare.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: a locked-out username/address pair is refused before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    # What the rules do not grant is refused there and then (edgecare.rules.OnlyTheseRules).
    "edgecare.rules.OnlyTheseRules",
    # Before the password backend: with password sign-in turned off (PASSWORD_SIGN_IN below),
    # stops every password attempt but the break-glass accounts'.
    "edgecare.sign_in.PasswordPolicyBackend",
    "django.contrib.auth.backends.ModelBackend",
    # The council's identity provider (OpenID Connect); inert until OIDC_ISSUER is set.
    "edgecare.oidc.ProviderBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if env.bool("FAST_PASSWORD_HASHING", default=False):
    # Test runs only: hashing thousands of factory passwords slowly proves nothing.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Two-factor sign-in is required for these roles (and superusers); optional for everyone else.
TWO_FACTOR_REQUIRED_ROLES = [
    role
    for role in env.list(
        "TWO_FACTOR_REQUIRED_ROLES",
        default=["team_manager", "service_manager", "administrator"],
    )
    if role
]
OTP_TOTP_ISSUER = SERVICE_NAME
LOGIN_URL = "login"
LOGIN_URL_PATH = "/accounts/login/"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Django's database sessions, read without building an ORM query each request (edgecare.sessions).
SESSION_ENGINE = "edgecare.sessions"
# Sessions: idle expiry and an absolute cap from sign-in. A signed-in request renews the idle
# expiry when the last renewal is SESSION_RENEW_SECONDS old (edgecare.middleware.
# AbsoluteSessionExpiryMiddleware), not on every request: a request that changes nothing writes
# nothing.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_RENEW_SECONDS = env.int("SESSION_RENEW_SECONDS", default=60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_ABSOLUTE_SECONDS = env.int("SESSION_ABSOLUTE_SECONDS", default=10 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Nothing typed is lost (issue 15): the timeout warning, the keep-alive, forms kept after the
# session ended, drafts of long free-text forms. See edgecare/typed_text.py, families/drafts.py.
# The warning shows this long before the idle sign-out.
SESSION_WARNING_SECONDS = env.int("SESSION_WARNING_SECONDS", default=5 * 60)
# Typing renews the session at most this often (the keep-alive answers 429 in between).
KEEP_ALIVE_MIN_SECONDS = env.int("KEEP_ALIVE_MIN_SECONDS", default=60)
# A form posted after the session ended is kept this long for its worker to sign in again.
PARKED_FORM_SECONDS = env.int("PARKED_FORM_SECONDS", default=2 * 60 * 60)
PARKED_FORM_MAX_CHARS = env.int("PARKED_FORM_MAX_CHARS", default=200_000)
# Drafts of long free-text forms saved as the worker types: purged after this many days
# (manage.py purge_drafts), saved at most every DRAFT_SAVE_SECONDS while typing.
DRAFT_DAYS = env.int("DRAFT_DAYS", default=14)
DRAFT_SAVE_SECONDS = env.int("DRAFT_SAVE_SECONDS", default=10)

# Login throttling: keyed on username together with address, because a council office's staff
# share one public address and must not lock each other out.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0) or None
AXES_VERBOSE = False
AXES_SENSITIVE_PARAMETERS = ["username", "password"]

# Security headers. HTTPS settings default on outside DEBUG; a local run over plain HTTP has
# DEBUG on.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env.bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# No inline script anywhere; every asset is served by the application itself.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

# The read-only API (api/, docs/integration.md "The read-only API"): service accounts' bearer
# tokens only (a web session is never read, so the pages' sign-in opens nothing here), JSON only,
# and each account's requests limited (API_THROTTLE_RATE) in the configured cache.
API_THROTTLE_RATE = env.str("API_THROTTLE_RATE", default="600/hour")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.ServiceAccountTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.IsServiceAccount"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.ServiceAccountRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # No ?format= override: JSON is the only rendering.
    "URL_FORMAT_OVERRIDE": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Edge of Care case records: read-only API",
    "DESCRIPTION": (
        "Case summaries, the outcome report's figures, the anonymised case rows (the Power BI "
        "feed), the outcome framework and reference lists, for a service account's scope. "
        "Send the service account's token as `Authorization: Bearer <token>`."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
# The application is in English; what a family receives (the family plan, the closure letter)
# is printed in the family's main language when a catalogue for it is here (edgecare/languages.py,
# docs/languages.md), with an English copy for the file.
USE_I18N = True
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d %m %Y"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_BACKEND",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
# STARTTLS on the relay's submission port (587) is the usual council set-up; implicit TLS (465)
# is EMAIL_USE_SSL. Both off by default for a relay on the same closed network.
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise environ.ImproperlyConfigured("Set EMAIL_USE_TLS or EMAIL_USE_SSL, not both.")
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="edgecare@localhost")
# The address links in e-mails point at (notifications, staff set-up links), e.g.
# https://edgecare.fernshire.gov.uk. Empty: the first ALLOWED_HOSTS name, or the request's own.
SITE_URL = env.str("SITE_URL", default="").rstrip("/")
# Also e-mail in-app notifications (a link only, never case content). Off until a council
# has a mail route it trusts.
NOTIFICATIONS_BY_EMAIL = env.bool("NOTIFICATIONS_BY_EMAIL", default=False)
# A case with no contact for this many days is listed as "gone quiet" for its managers.
QUIET_CASE_DAYS = env.int("QUIET_CASE_DAYS", default=10)

# --- Recording the work as it is done (issue 15: event time and recorded time) ---------------
# A record typed in more than this many working days after what it records happened says
# "recorded N days later", and counts in each worker's share of late records on the caseloads.
LATE_RECORDING_DAYS = env.int("LATE_RECORDING_DAYS", default=2)

# A PDF that is not made in this many seconds is abandoned (its process killed) and the person
# is shown an error page: no document may hold a worker for long. Below gunicorn's --timeout
# (60, docs/deployment.md), so the page is the application's, not a killed worker's.
PDF_TIME_BUDGET_SECONDS = env.float("PDF_TIME_BUDGET_SECONDS", default=40.0)

# Retention (docs/security.md): a closed case comes up for review when both have passed: this
# many years since closure, and the youngest young person on it reaching this age. Nothing is
# deleted automatically: `manage.py retention_review` lists what is due for a decision.
RETENTION_YEARS_AFTER_CLOSURE = env.int("RETENTION_YEARS_AFTER_CLOSURE", default=6)
RETENTION_UNTIL_AGE = env.int("RETENTION_UNTIL_AGE", default=25)

# --- Attachments (documents on a case: docs/deployment.md "Documents") -------------------------
# Files are kept through Django's storage API under the alias "attachments": by default on the
# local disk in ATTACHMENT_ROOT, a folder no URL serves (never under STATIC_ROOT, and there is no
# MEDIA_URL). A council may point ATTACHMENT_STORAGE_BACKEND at django-storages' S3 or Azure
# backend (docs/deployment.md); files are only ever sent through the download view.
ATTACHMENT_ROOT = Path(
    env.str("ATTACHMENT_ROOT", default=str(BASE_DIR / "private" / "attachments"))
)
ATTACHMENT_STORAGE_BACKEND = env.str(
    "ATTACHMENT_STORAGE_BACKEND", default="django.core.files.storage.FileSystemStorage"
)
STORAGES["attachments"] = {
    "BACKEND": ATTACHMENT_STORAGE_BACKEND,
    # The local folder, readable by the application's own user only; any other backend takes
    # its options (bucket, container, credentials) as JSON from ATTACHMENT_STORAGE_OPTIONS.
    "OPTIONS": {
        "location": str(ATTACHMENT_ROOT),
        "file_permissions_mode": 0o600,
        "directory_permissions_mode": 0o700,
    }
    if ATTACHMENT_STORAGE_BACKEND.endswith(".FileSystemStorage")
    else env.json("ATTACHMENT_STORAGE_OPTIONS", default={}),
}
# The largest file a worker may attach, in MB (the upload stops being read past it).
ATTACHMENT_MAX_MB = env.int("ATTACHMENT_MAX_MB", default=20)
# A Word document is a zip: refused when what it unpacks to passes this many MB, or when any
# part of it unpacks to more than this many times its packed size (a "zip bomb").
ATTACHMENT_MAX_UNPACKED_MB = env.int("ATTACHMENT_MAX_UNPACKED_MB", default=200)
ATTACHMENT_MAX_UNPACK_RATIO = env.int("ATTACHMENT_MAX_UNPACK_RATIO", default=100)
# The import from the previous system (imports/): the most rows the page takes in one file
# (a larger file is split, or imported with `manage.py import_cases`, which has no limit).
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=10_000)
# ClamAV's daemon (clamd), over its socket: unix:///path/to/clamd.ctl or tcp://host:3310. Every
# file is scanned before it is kept; when clamd cannot be reached the upload is refused.
CLAMD_ADDRESS = env.str("CLAMD_ADDRESS", default="unix:///run/clamav/clamd.ctl")
CLAMD_TIMEOUT_SECONDS = env.float("CLAMD_TIMEOUT_SECONDS", default=30.0)
# The size check runs while the upload is read, before Django's own handlers keep it.
FILE_UPLOAD_HANDLERS = [
    "attachments.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_PERMISSIONS = 0o600

# Logs carry identifiers and actions only, never case content: no request bodies, no form data.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Django's request logger can include request details in 500 reports; keep it to
        # warnings through the plain formatter only.
        "django.request": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}
# Error e-mails to admins would carry request data: never send them.
ADMINS: list[tuple[str, str]] = []

SILENCED_SYSTEM_CHECKS: list[str] = []


# --- The council's own sign-in (OpenID Connect, e.g. Entra ID), leavers, probes, keys ---------
# docs/deployment.md "Signing in with the council's identity provider" and docs/security.md.
# Sign-in through the provider is offered when OIDC_ISSUER is set; its endpoints come from the
# issuer's discovery document. Staff are still created here by an administrator: the first
# sign-in links the account by the provider's stable id (OIDC_SUBJECT_CLAIM; e-mail only for
# that first match), nobody registers themselves.
OIDC_ISSUER = env.str("OIDC_ISSUER", default="").rstrip("/")
OIDC_RP_CLIENT_ID = env.str("OIDC_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env.str("OIDC_CLIENT_SECRET", default="")
OIDC_RP_SCOPES = env.str("OIDC_SCOPES", default="openid email profile")
OIDC_RP_SIGN_ALGO = env.str("OIDC_SIGN_ALGORITHM", default="RS256")
# What the sign-in button says: "Sign in with ..."
OIDC_PROVIDER_NAME = env.str("OIDC_PROVIDER_NAME", default="your council account")
# Entra ID: "oid" (the user's object id, the same in every app of the tenant); "sub" elsewhere.
OIDC_SUBJECT_CLAIM = env.str("OIDC_SUBJECT_CLAIM", default="sub")
OIDC_EMAIL_CLAIM = env.str("OIDC_EMAIL_CLAIM", default="email")
# `amr` values that mean the provider asked for a second factor: the app does not ask again.
OIDC_MFA_AMR_VALUES = env.list("OIDC_MFA_AMR_VALUES", default=["mfa"])
# Optional: set a member's role and team from the token at each sign-in. Off while empty.
# e.g. OIDC_ROLE_MAP=EdgeCare.KeyWorker=key_worker,EdgeCare.TeamManager=team_manager
OIDC_ROLE_CLAIM = env.str("OIDC_ROLE_CLAIM", default="roles")
OIDC_ROLE_MAP = env.dict("OIDC_ROLE_MAP", default={})
# e.g. OIDC_TEAM_MAP=<group object id>=<team id>,...
OIDC_TEAM_CLAIM = env.str("OIDC_TEAM_CLAIM", default="groups")
OIDC_TEAM_MAP = env.dict("OIDC_TEAM_MAP", cast={"value": int}, default={})
OIDC_TIMEOUT = env.int("OIDC_TIMEOUT_SECONDS", default=10)
# How long the provider's discovery document is reused before it is fetched again.
OIDC_DISCOVERY_SECONDS = env.int("OIDC_DISCOVERY_SECONDS", default=3600)
# mozilla-django-oidc's own switches: PKCE and a nonce on every request, never create users,
# keep the ID token in the (server-side) session as the hint for the provider's sign-out.
OIDC_USE_PKCE = True
OIDC_USE_NONCE = True
OIDC_CREATE_USER = False
OIDC_STORE_ID_TOKEN = True
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc_callback"
# Password sign-in: off for everyone except these break-glass administrator accounts (which
# always need their authenticator) once the council's provider is the way in.
PASSWORD_SIGN_IN = env.bool("PASSWORD_SIGN_IN", default=True)
BREAK_GLASS_USERNAMES = [name for name in env.list("BREAK_GLASS_USERNAMES", default=[]) if name]
# Leavers: accounts nobody has signed in to for this many days are deactivated by
# `manage.py deactivate_inactive_accounts` (run daily), break-glass accounts excepted.
INACTIVE_ACCOUNT_DAYS = env.int("INACTIVE_ACCOUNT_DAYS", default=90)
# Client address behind the load balancer: edgecare.access.client_address, for the sign-in
# throttle and the access log alike (AXES_PROXY_COUNT above says how many proxies are in front).
AXES_CLIENT_IP_CALLABLE = "edgecare.access.client_address"
# The probes are sent over plain HTTP from inside the network (edgecare/probes.py).
SECURE_REDIRECT_EXEMPT = [r"^(livez|readyz|healthz)$"]
# A connection left open across a database failover is checked before it is reused.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Rotating SECRET_KEY: the old keys still verify sessions and links until they lapse.
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])

# Background work (issue 18): documents, e-mail and the schedule run in worker processes
# (`manage.py run_worker`, docs/deployment.md) through django-tasks (Django 6's django.tasks,
# backported) on the application's own database: no new service to run.
TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# A document made in the background is case content: kept this long after it was asked for,
# for the person who asked only, then deleted.
DOCUMENT_KEEP_MINUTES = env.int("DOCUMENT_KEEP_MINUTES", default=60)
# A worker sharing its host with the web workers gives way to them: it runs at this niceness
# (0 to 19; 0 keeps the scheduler's default), so a page is not kept waiting behind a document.
WORKER_NICENESS = env.int("WORKER_NICENESS", default=10)
# A task that fails (a broken template, a mail relay that refuses) is tried this many times in
# all, waiting TASK_RETRY_SECONDS, then twice that, between attempts; then it is failed.
TASK_MAX_ATTEMPTS = env.int("TASK_MAX_ATTEMPTS", default=3)
TASK_RETRY_SECONDS = env.float("TASK_RETRY_SECONDS", default=30.0)
# Each worker says it is alive this often; a task whose worker has been silent for
# WORKER_LOST_SECONDS (killed, its machine gone) is put back in the queue.
WORKER_HEARTBEAT_SECONDS = env.float("WORKER_HEARTBEAT_SECONDS", default=5.0)
WORKER_LOST_SECONDS = env.float("WORKER_LOST_SECONDS", default=60.0)
# The daily digest to lead professionals and managers, at this local time (HH:MM).
DIGEST_TIME = env.str("DIGEST_TIME", default="07:00")
# Reviews due within this many days are in the digest (overdue ones always are).
DIGEST_REVIEW_DAYS = env.int("DIGEST_REVIEW_DAYS", default=7)
