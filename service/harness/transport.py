"""A zeep Transport that talks to the emulator's WSGI app in-process: no sockets, same bytes as HTTP."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import requests
from werkzeug.test import Client
from zeep.transports import Transport


class WsgiTransport(Transport):
    def __init__(self, app: Any, base_url: str = "http://dfdg.local") -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # zeep's Transport is untyped
        self.client = Client(app)
        self.base_url = base_url

    def _path(self, address: str) -> str:
        return address[len(self.base_url) :] if address.startswith(self.base_url) else address

    def load(self, url: str) -> bytes:
        if url.startswith("file://") or ("://" not in url and Path(url).is_file()):
            data: bytes = super().load(url)  # type: ignore[no-untyped-call]  # a WSDL from a file, not the emulator
            return data
        response = self.client.get(self._path(url), base_url=self.base_url)
        body: bytes = response.data
        return body

    def post(self, address: str, message: bytes | str, headers: dict[str, str]) -> requests.Response:
        data = message.encode("utf-8") if isinstance(message, str) else message
        wsgi = self.client.post(self._path(address), data=data, headers=headers, base_url=self.base_url)
        response = requests.Response()
        response.status_code = wsgi.status_code
        response.headers.update(dict(wsgi.headers))
        response._content = wsgi.data
        response.encoding = "utf-8"
        return response
