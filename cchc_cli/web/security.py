"""Who may use the local page: this run's browser only.

- The server listens on 127.0.0.1 (see server.py); other machines cannot connect.
- Other users of the same PC, and web pages open in the browser, can reach 127.0.0.1 too. They are kept out by
  a per-run random token: the CLI opens ``/?t=TOKEN``; the page trades it for a cookie (HttpOnly,
  SameSite=Strict) and every other request must carry that cookie.
- DNS rebinding (a web page whose host name resolves to 127.0.0.1) is refused by the Host check; a form posted
  from another site is refused by the Origin / Sec-Fetch-Site check (and would carry no cookie anyway).
- Request bodies are capped (uploads): a bigger body is cut off with 413.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs, urlencode

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

TOKEN_PARAM = "t"
MAX_BODY_BYTES = 100 * 1024 * 1024
PUBLIC_PREFIXES = ("/static/",)  # the stylesheet and script: nothing in them is private

REFUSED = """<!doctype html><html lang="vi"><meta charset="utf-8"><title>Không được phép</title>
<body style="font-family:sans-serif;max-width:40em;margin:3em auto;line-height:1.5">
<h1>Không mở được trang này</h1><p>{reason}</p>
<p>Hãy mở trang bằng lối tắt <b>CCHC</b> trên màn hình, hoặc chạy lại lệnh <code>cchc giao-dien</code>:
lệnh này tự mở trình duyệt với địa chỉ đúng.</p></body></html>"""


def new_token() -> str:
    return secrets.token_urlsafe(32)


def cookie_name(port: int) -> str:
    """One cookie per port: two pages running at once (two campaigns) do not log each other out."""
    return f"cchc_{port}"


class Guard:
    """ASGI middleware enforcing the rules in the module docstring."""

    def __init__(self, app: ASGIApp, *, token: str, hosts: set[str], port: int) -> None:
        self.app = app
        self.token = token
        self.hosts = {h.lower() for h in hosts}
        self.port = port
        self.origins = {f"http://{h}" for h in self.hosts}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        host = headers.get("host", "").lower()
        if host not in self.hosts:
            await _refuse(send, 403, "Địa chỉ trang không đúng (chỉ mở được tại máy này, qua 127.0.0.1).")
            return
        method = scope.get("method", "GET")
        if method not in ("GET", "HEAD"):
            origin = headers.get("origin")
            if origin is not None and origin.lower() not in self.origins:
                await _refuse(send, 403, "Yêu cầu đến từ một trang web khác nên bị từ chối.")
                return
            if headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
                await _refuse(send, 403, "Yêu cầu đến từ một trang web khác nên bị từ chối.")
                return
        path = scope.get("path", "/")
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        offered = query.get(TOKEN_PARAM, [""])[0]
        if offered and method == "GET":
            if not hmac.compare_digest(offered, self.token):
                await _refuse(send, 403, "Mã truy cập không đúng hoặc đã hết hạn (mỗi lần chạy có một mã mới).")
                return
            rest = {k: v for k, v in query.items() if k != TOKEN_PARAM}
            location = path + ("?" + urlencode(rest, doseq=True) if rest else "")
            cookie = f"{cookie_name(self.port)}={self.token}; Path=/; HttpOnly; SameSite=Strict"
            await _send(send, 303, b"", [(b"location", location.encode()), (b"set-cookie", cookie.encode())])
            return
        if not path.startswith(PUBLIC_PREFIXES):
            jar = SimpleCookie()
            try:
                jar.load(headers.get("cookie", ""))
            except Exception:  # a malformed Cookie header is simply no cookie
                jar = SimpleCookie()
            morsel = jar.get(cookie_name(self.port))
            if morsel is None or not hmac.compare_digest(morsel.value, self.token):
                await _refuse(send, 403, "Thiếu mã truy cập của lần chạy này.")
                return
        length = headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > MAX_BODY_BYTES:
            await _refuse(send, 413, "Tệp gửi lên quá lớn (tối đa 100 MB mỗi lần, 20 MB mỗi tệp).")
            return
        await self.app(scope, _capped(receive), send)


def _capped(receive: Receive) -> Receive:
    seen = 0

    async def wrapped() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > MAX_BODY_BYTES:
                raise BodyTooLarge
        return message

    return wrapped


class BodyTooLarge(Exception):
    """A body without Content-Length grew past MAX_BODY_BYTES."""


async def _send(send: Send, status: int, body: bytes, headers: list[tuple[bytes, bytes]]) -> None:
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _refuse(send: Send, status: int, reason: str) -> None:
    body = REFUSED.format(reason=reason).encode("utf-8")
    await _send(
        send,
        status,
        body,
        [(b"content-type", b"text/html; charset=utf-8"), (b"content-length", str(len(body)).encode())],
    )
