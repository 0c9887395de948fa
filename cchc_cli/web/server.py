"""Serve the local page on 127.0.0.1 and open it in the default browser."""

from __future__ import annotations

import socket
import threading
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cchc_cli import api
from cchc_cli.errors import CchcError
from cchc_cli.web.security import TOKEN_PARAM, new_token

HOST = "127.0.0.1"  # loopback only: never 0.0.0.0


@dataclass
class Running:
    url: str  # with the token: the address to open
    port: int
    token: str


def bind(port: int = 0) -> socket.socket:
    """A listening socket on 127.0.0.1 (``port`` 0: any free port). Raises CchcError when taken."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind((HOST, port))
    except OSError as exc:
        sock.close()
        raise CchcError(f"không mở được cổng {port} trên máy này (cổng đang bận? chọn --cong khác).") from exc
    sock.listen(64)
    return sock


def serve(
    folder: Path,
    *,
    port: int = 0,
    open_browser: bool = True,
    on_ready: Callable[[Running], None] | None = None,
) -> None:
    """Run the page for the campaign in ``folder`` until interrupted (Ctrl+C or closing the window)."""
    import uvicorn

    from cchc_cli.web.app import create_app

    campaign = api.open_campaign(folder)
    sock = bind(port)
    actual = sock.getsockname()[1]
    token = new_token()
    hosts = {f"{HOST}:{actual}", f"localhost:{actual}"}
    app = create_app(campaign, token=token, hosts=hosts, port=actual)
    running = Running(f"http://{HOST}:{actual}/?{TOKEN_PARAM}={token}", actual, token)
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on")
    server = uvicorn.Server(config)

    def announce() -> None:
        while not server.started and not server.should_exit:
            threading.Event().wait(0.05)
        if server.started:
            if on_ready:
                on_ready(running)
            if open_browser:
                webbrowser.open(running.url)

    threading.Thread(target=announce, daemon=True).start()
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
