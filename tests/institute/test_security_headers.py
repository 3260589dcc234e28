"""Every response carries the security headers; the CSP is strict on readers' pages."""

import pytest

from institute.middleware.security_headers import EDITOR_POLICY, PUBLIC_POLICY


def test_public_page_has_strict_policy_and_security_headers(seeded, client):
    response = client.get("/briefings/")
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == PUBLIC_POLICY
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_public_templates_have_no_inline_script_or_style(seeded, client):
    for url in ["/", "/briefings/", "/challenges/", "/participants/", "/nope/"]:
        html = client.get(url).content.decode()
        assert "<script" not in html, url
        assert "style=" not in html, url
        assert "<style" not in html, url


def test_admin_gets_the_policy_the_wagtail_admin_needs(client, admin_user):
    client.force_login(admin_user)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == EDITOR_POLICY
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


def test_hsts_only_over_https(seeded, client, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    assert "Strict-Transport-Security" not in client.get("/")
    secure = client.get("/", secure=True)
    assert secure["Strict-Transport-Security"].startswith("max-age=31536000")


@pytest.mark.parametrize(
    ("url", "status", "heading"),
    [
        ("/challenges/no-such-theme/", 404, "Page not found"),
        ("/admin/", 302, None),
    ],
)
def test_error_and_redirect_responses_also_carry_headers(
    seeded, client, url, status, heading
):
    response = client.get(url)
    assert response.status_code == status
    assert "Content-Security-Policy" in response
    assert response["X-Content-Type-Options"] == "nosniff"
    if heading:
        assert heading in response.content.decode()
