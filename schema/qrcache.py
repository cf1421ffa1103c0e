"""QR images, rendered on first request and kept in a bounded LRU cache.

A credential's QR text never changes after issue (revocation flips a status bit, not the
text), so an image keyed by credential id, format and form is valid for the credential's
life. Rendering is CPU-bound (tens of milliseconds): it runs in a worker thread, and
concurrent first requests for one image render it once.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from enum import StrEnum

import anyio.to_thread

from signing.qr import render_png, render_svg

__all__ = ["QrCache", "QrForm", "QrFormat"]


class QrFormat(StrEnum):
    PNG = "png"
    SVG = "svg"

    @property
    def media_type(self) -> str:
        return "image/png" if self is QrFormat.PNG else "image/svg+xml"


class QrForm(StrEnum):
    LINK = "link"
    PLAIN = "plain"


_Key = tuple[str, QrFormat, QrForm]


class QrCache:
    def __init__(self, *, base_url: str, max_items: int) -> None:
        self.base_url = base_url
        self.max_items = max_items
        self._images: OrderedDict[_Key, bytes] = OrderedDict()
        self._pending: dict[_Key, asyncio.Future[bytes]] = {}
        self.renders = 0

    async def image(self, credential_id: str, text: str, fmt: QrFormat, form: QrForm) -> bytes:
        key = (credential_id, fmt, form)
        cached = self._images.get(key)
        if cached is not None:
            self._images.move_to_end(key)
            return cached
        pending = self._pending.get(key)
        if pending is not None:
            return await asyncio.shield(pending)
        future: asyncio.Future[bytes] = asyncio.get_running_loop().create_future()
        self._pending[key] = future
        try:
            data = await anyio.to_thread.run_sync(self._render, text, fmt, form)
        except Exception as exc:
            future.set_exception(exc)
            # Mark the exception retrieved when nobody else was waiting for it.
            future.exception()
            raise
        except BaseException:
            future.cancel()
            raise
        finally:
            self._pending.pop(key, None)
        future.set_result(data)
        self._images[key] = data
        while len(self._images) > self.max_items:
            self._images.popitem(last=False)
        return data

    def _render(self, text: str, fmt: QrFormat, form: QrForm) -> bytes:
        self.renders += 1
        base_url = self.base_url if form is QrForm.LINK else None
        if fmt is QrFormat.PNG:
            return render_png(text, base_url=base_url)
        return render_svg(text, base_url=base_url).encode("utf-8")
