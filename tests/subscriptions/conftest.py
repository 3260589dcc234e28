"""Mail goes to a real SMTP server on loopback (aiosmtpd) in these tests."""

import pytest

from tests.support.smtp import SMTPServer


@pytest.fixture
def smtp(settings):
    server = SMTPServer().start()
    for name, value in server.settings().items():
        setattr(settings, name, value)
    try:
        yield server
    finally:
        server.stop()
