"""Admin logins are throttled per real client address, as nginx reports it."""

import pytest
from django.core.cache import cache

from institute.client_ip import client_ip

WRONG = {"username": "admin", "password": "wrong password"}


@pytest.fixture
def axes_on(settings):
    """django-axes as in production (the test settings switch it off)."""
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    settings.AUTHENTICATION_BACKENDS = [
        "axes.backends.AxesStandaloneBackend",
        "django.contrib.auth.backends.ModelBackend",
    ]
    cache.clear()


def login(client, password, *, real_ip, peer="127.0.0.1"):
    return client.post(
        "/admin/login/",
        {"username": "admin", "password": password},
        REMOTE_ADDR=peer,
        HTTP_X_REAL_IP=real_ip,
    )


def test_client_locked_out_after_repeated_failures(axes_on, client, admin_user):
    admin_user.set_password("right password")
    admin_user.save()
    for _ in range(2):
        assert login(client, "wrong", real_ip="203.0.113.5").status_code == 200
    # The third failure reaches the limit; from then on even the right password
    # is refused.
    assert login(client, "wrong", real_ip="203.0.113.5").status_code == 429
    locked = login(client, "right password", real_ip="203.0.113.5")
    assert locked.status_code == 429
    assert "Too many failed logins" in locked.content.decode()
    # Another reader behind the same proxy is not affected.
    other = login(client, "right password", real_ip="198.51.100.7")
    assert other.status_code == 302


def test_forwarded_address_is_believed_only_from_the_proxy(rf, settings):
    settings.TRUSTED_PROXY_IPS = ["127.0.0.1"]
    through_nginx = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="203.0.113.5")
    assert client_ip(through_nginx) == "203.0.113.5"
    direct = rf.get("/", REMOTE_ADDR="192.0.2.9", HTTP_X_REAL_IP="203.0.113.5")
    assert client_ip(direct) == "192.0.2.9"
