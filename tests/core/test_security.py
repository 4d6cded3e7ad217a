"""NFR-05: security headers, login throttling, DEBUG off, secrets from the environment."""

import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


def test_security_headers_on_every_response(client, db):
    response = client.get(reverse("login"))
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_login_is_throttled_after_repeated_failures(client, world):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "tl", "password": "falsch"})
    response = client.post(reverse("login"), {"username": "tl", "password": "Test-Passwort-123"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def _settings_in_subprocess(env: dict[str, str], expr: str) -> str:
    code = f"import django, os; django.setup(); from django.conf import settings; print({expr})"
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": str(ROOT / "src"),
            "DJANGO_SETTINGS_MODULE": "anliegen.settings",
            **env,
        },
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return result.stdout.strip()


def test_debug_off_unless_asked_for(tmp_path):
    assert _settings_in_subprocess({"ANLIEGEN_VAR_DIR": str(tmp_path)}, "settings.DEBUG") == "False"
    assert (
        _settings_in_subprocess(
            {"ANLIEGEN_VAR_DIR": str(tmp_path), "ANLIEGEN_DEBUG": "1"}, "settings.DEBUG"
        )
        == "True"
    )


def test_secret_key_from_environment(tmp_path):
    assert (
        _settings_in_subprocess(
            {"ANLIEGEN_VAR_DIR": str(tmp_path), "ANLIEGEN_SECRET_KEY": "from-env"},
            "settings.SECRET_KEY",
        )
        == "from-env"
    )


def test_https_deployment_gets_secure_cookies(tmp_path):
    out = _settings_in_subprocess(
        {"ANLIEGEN_VAR_DIR": str(tmp_path), "ANLIEGEN_HTTPS": "1"},
        "settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, settings.SECURE_HSTS_SECONDS",
    )
    assert out == "True True 31536000"


def test_database_url_selects_postgres(tmp_path):
    out = _settings_in_subprocess(
        {"ANLIEGEN_VAR_DIR": str(tmp_path), "DATABASE_URL": "postgres://u@127.0.0.1:5432/x"},
        "settings.DATABASES['default']['ENGINE']",
    )
    assert out == "django.db.backends.postgresql"


def test_pages_with_social_data_are_not_cached(client, world, customer):
    client.force_login(world.worker)
    response = client.get(f"/o/jc-test/kunden/{customer.customer_number}/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_ui_is_german_whatever_the_browser_asks_for(client, world):
    client.force_login(world.worker)
    response = client.get("/o/jc-test/postkorb/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="de"' in response.content.decode()
    assert "Postkorb" in response.content.decode()
