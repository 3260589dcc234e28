"""A small HTTP(S) client for the production stack tests: raw Host headers, TLS to
127.0.0.1 with the name "localhost" (SNI), cookies kept by hand."""

import http.client
import re
import socket
import ssl
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

TLS_NAME = "localhost"


def _unverified_context() -> ssl.SSLContext:
    # The stack's certificate is self-signed, made for the test run.
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


class _LoopbackHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to 127.0.0.1 that names `localhost` in the handshake."""

    def connect(self):
        sock = socket.create_connection(("127.0.0.1", self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=TLS_NAME)


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def header(self, name: str) -> str | None:
        return self.headers.get(name)


@dataclass
class Client:
    """Requests to one port, over TLS or not, keeping the cookies it is given."""

    port: int
    tls: bool = True
    host: str = TLS_NAME
    timeout: float = 10
    cookies: dict[str, str] = field(default_factory=dict)
    set_cookie_headers: list[str] = field(default_factory=list)

    def connection(self) -> http.client.HTTPConnection:
        if self.tls:
            return _LoopbackHTTPSConnection(
                "127.0.0.1",
                self.port,
                timeout=self.timeout,
                context=_unverified_context(),
            )
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)

    def request(
        self,
        method: str,
        path: str,
        *,
        headers: dict | None = None,
        body: bytes | None = None,
        connection: http.client.HTTPConnection | None = None,
    ) -> Response:
        own = connection is None
        connection = connection or self.connection()
        all_headers = {"Host": self._host_header()}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(
                f"{k}={v}" for k, v in self.cookies.items()
            )
        all_headers |= headers or {}
        try:
            connection.request(method, path, body=body, headers=all_headers)
            raw = connection.getresponse()
            response = Response(raw.status, raw.headers, raw.read())
        finally:
            if own:
                connection.close()
        for value in response.headers.get_all("Set-Cookie") or []:
            self.set_cookie_headers.append(value)
            for name, morsel in SimpleCookie(value).items():
                self.cookies[name] = morsel.value
        return response

    def get(self, path: str, **kwargs) -> Response:
        return self.request("GET", path, **kwargs)

    def post_form(self, path: str, fields: dict, *, referer_path: str) -> Response:
        from urllib.parse import urlencode

        origin = f"{'https' if self.tls else 'http'}://{self._host_header()}"
        return self.request(
            "POST",
            path,
            body=urlencode(fields).encode(),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": origin,
                "Referer": origin + referer_path,
            },
        )

    def _host_header(self) -> str:
        default = 443 if self.tls else 80
        return self.host if self.port == default else f"{self.host}:{self.port}"


def csrf_token(html: str) -> str:
    """The CSRF token of the first form in `html`."""
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert match, "no CSRF token in the form"
    return match.group(1)
