"""The OpenAPI schema covers the public API only, not Wagtail's admin API
(drf-spectacular's preprocessing hook)."""

PREFIX = "/api/v1/"


def public_endpoints(endpoints):
    return [endpoint for endpoint in endpoints if endpoint[0].startswith(PREFIX)]
