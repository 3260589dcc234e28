"""`manage.py ensure_admin`: make sure a local admin login exists and print it.

Used by `make run` on a developer's machine; the password is random and kept in
`.admin-login` (ignored by git) so later runs can print it again.
"""

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

USERNAME = "admin"


class Command(BaseCommand):
    help = "Create the 'admin' superuser if no superuser exists, and print its login."

    def handle(self, *args, **options):
        login_file = Path(settings.BASE_DIR) / ".admin-login"
        users = get_user_model().objects
        if not users.filter(is_superuser=True).exists():
            password = secrets.token_urlsafe(12)
            users.create_superuser(USERNAME, "admin@example.org", password)
            login_file.write_text(f"{USERNAME} {password}\n")
            login_file.chmod(0o600)
        if login_file.exists():
            username, password = login_file.read_text().split()
            self.stdout.write(
                f"Admin login: http://127.0.0.1:8000/admin/  "
                f"user: {username}  password: {password}"
            )
        else:
            self.stdout.write(
                "A superuser already exists. To set a new password: "
                "python manage.py changepassword <username>"
            )
