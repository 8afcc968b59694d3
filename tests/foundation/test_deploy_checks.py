"""Production settings pass Django's deployment checks (the demo data is tested in
tests/casefile/test_demo.py)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_production_settings_pass_the_deploy_check_with_no_warnings():
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECURE_SSL_REDIRECT", "STATICFILES_BACKEND", "SECRET_KEY"}
    }
    env.update(
        SECRET_KEY="a-long-random-production-secret-" + "x7Qp2" * 10,
        DEBUG="false",
        ALLOWED_HOSTS="edgecare.council.example",
        DJANGO_SETTINGS_MODULE="edgecare.settings",
    )
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _without_a_key(*command: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, *command], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )


def test_the_application_server_refuses_to_start_without_a_secret_key_outside_debug():
    result = _without_a_key("-c", "import edgecare.wsgi")
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_commands_that_sign_nothing_run_without_a_secret_key():
    result = _without_a_key("manage.py", "makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_deploy_check_reports_a_missing_secret_key():
    result = _without_a_key("manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stdout + result.stderr


def _settings_with(**environment) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EMAIL_")}
    env.update(DEBUG="true", **environment)
    code = "import edgecare.settings as s; print(s.EMAIL_PORT, s.EMAIL_USE_TLS, s.EMAIL_HOST_USER)"
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )


def test_the_mail_relay_is_set_from_the_environment():
    result = _settings_with(EMAIL_PORT="587", EMAIL_USE_TLS="true", EMAIL_HOST_USER="edgecare")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["587", "True", "edgecare"]


def test_settings_refuse_both_kinds_of_mail_encryption_at_once():
    result = _settings_with(EMAIL_USE_TLS="true", EMAIL_USE_SSL="true")
    assert result.returncode != 0
    assert "EMAIL_USE_TLS or EMAIL_USE_SSL" in result.stderr
