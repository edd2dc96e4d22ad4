"""Fetch one URL with bounded cost: scheme, redirects, size, time and content type all capped.

Pages and feeds come from the open web, so nothing about them is trusted: a
server may redirect forever, send a gigabyte, drip one byte a second, or
answer a page request with a PDF. Each of those is a `FetchError` whose
message is one line naming the URL, so an operator knows which link to fix.
The size cap is enforced while reading, so a huge body is never held in
memory. Conditional GET (ETag / Last-Modified) lets a feed be polled often
for the price of a `304 Not Modified`.

URLs reach the bot from Slack users and from feeds, so by default only
public addresses are fetched: a host that resolves to a loopback, private,
link-local or otherwise non-global address (the machine's own services, a
cloud metadata endpoint, the office network) is refused, on every redirect
hop. The connection is then made to the very address that was checked, so a
second DNS answer cannot swap in another. `allow_private=True` lifts this for
an operator whose feeds live on an intranet (and for tests on loopback).

Only the standard library is used (http.client): redirects are followed
here, not by urllib, so that every hop is checked the same way.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urljoin, urlsplit

from bot.shared.files import size_words

DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_BYTES = 2 * 1024 * 1024
DEFAULT_MAX_REDIRECTS = 5
USER_AGENT = "ukraine-bot/0.1 (news reader)"
_CHUNK = 64 * 1024
_REDIRECTS = {301, 302, 303, 307, 308}

Kind = Literal["page", "feed", "any"]
# What each kind of fetch accepts. Feeds are served under many XML types, and
# sometimes as text/html or text/plain by misconfigured servers; feedparser
# copes with those, so only clearly non-text types are refused for feeds.
_ACCEPT: dict[Kind, str] = {
    "page": "text/html,application/xhtml+xml;q=0.9",
    "feed": "application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.1",
    "any": "*/*",
}
_PAGE_TYPES = {"text/html", "application/xhtml+xml"}
_FEED_TYPES = {
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
    "application/feed+json",
    "text/html",
    "text/plain",
}


class FetchError(Exception):
    """A URL could not be fetched; `str()` is one line: the URL and the reason."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


@dataclass(frozen=True)
class Fetched:
    """A 2xx answer, body complete and within the cap."""

    url: str
    final_url: str
    status: int
    content_type: str
    body: bytes
    etag: str | None = None
    last_modified: str | None = None

    @property
    def charset(self) -> str | None:
        """The charset parameter of Content-Type, if the server gave one."""
        for part in self.content_type.split(";")[1:]:
            key, _, value = part.partition("=")
            if key.strip().lower() == "charset" and value.strip():
                return value.strip().strip('"').lower()
        return None


@dataclass(frozen=True)
class NotModified:
    """A 304 answer to a conditional GET: what we have is still current."""

    url: str
    final_url: str
    etag: str | None = None
    last_modified: str | None = None


def _check_scheme(url: str, original: str) -> tuple[str, str, int | None, str]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        shown = f"{scheme}:" if scheme else "no scheme"
        where = "" if url == original else f" (redirected to {url})"
        raise FetchError(original, f"only http and https URLs can be fetched, not {shown}{where}")
    if not parts.hostname:
        raise FetchError(original, "URL has no host name")
    try:
        port = parts.port
    except ValueError:
        raise FetchError(original, "URL has an invalid port") from None
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return scheme, parts.hostname, port, path


class _PinnedHTTP(http.client.HTTPConnection):
    """HTTP to one already-checked address; Host is still the name from the URL."""

    def __init__(self, host: str, address: str, port: int | None, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    """HTTPS to one already-checked address; the certificate is checked against the URL's host name."""

    def __init__(self, host: str, address: str, port: int | None, timeout: float) -> None:
        self._tls = ssl.create_default_context()
        super().__init__(host, port, timeout=timeout, context=self._tls)
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._tls.wrap_socket(sock, server_hostname=self.host)


def _address(original: str, host: str, port: int, allow_private: bool) -> str:
    """The address to connect to: the first the host resolves to, every one of them public unless allowed."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        raise FetchError(original, f"host {host} not found") from None
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not addresses:
        raise FetchError(original, f"host {host} not found")
    if not allow_private:
        for address in addresses:
            if not ipaddress.ip_address(address.split("%", 1)[0]).is_global:
                shown = host if host == address else f"{host} ({address})"
                raise FetchError(
                    original, f"{shown} is a local or private address; only public addresses are fetched"
                )
    return addresses[0]


def _media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def _check_type(original: str, kind: Kind, content_type: str) -> None:
    if kind == "any":
        return
    media = _media_type(content_type)
    allowed = _PAGE_TYPES if kind == "page" else _FEED_TYPES
    if media in allowed or (kind == "feed" and (media.endswith("+xml") or media.endswith("/xml"))):
        return
    shown = media or "no Content-Type"
    want = "an HTML page" if kind == "page" else "a feed"
    raise FetchError(original, f"not {want} (the server sent {shown})")


def _read_body(
    original: str,
    connection: http.client.HTTPConnection,
    response: http.client.HTTPResponse,
    max_bytes: int,
    deadline: float,
    timeout: float,
) -> bytes:
    declared = response.getheader("Content-Length")
    if declared and declared.strip().isdigit() and int(declared) > max_bytes:
        raise FetchError(original, f"too large: {size_words(int(declared))} declared, the limit is {size_words(max_bytes)}")
    chunks: list[bytes] = []
    total = 0
    while True:
        if time.monotonic() > deadline:
            raise FetchError(original, f"timed out after {timeout:g} s while reading the body")
        if connection.sock is not None:
            # One slow read may not outlast the whole request's deadline.
            connection.sock.settimeout(max(0.01, deadline - time.monotonic()))
        chunk = response.read1(_CHUNK) if hasattr(response, "read1") else response.read(_CHUNK)
        if not chunk:
            break
        total += len(chunk)
        if total > max_bytes:
            raise FetchError(original, f"too large: more than the limit of {size_words(max_bytes)}")
        chunks.append(chunk)
    return b"".join(chunks)


def fetch_url(
    url: str,
    *,
    kind: Kind = "page",
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_redirects: int = DEFAULT_MAX_REDIRECTS,
    etag: str | None = None,
    last_modified: str | None = None,
    allow_private: bool = False,
) -> Fetched | NotModified:
    """GET `url`, following at most `max_redirects` redirects, within `timeout` seconds in all.

    `kind` says what the caller can use: a "page" must be HTML, a "feed" some
    XML or text. With `etag` / `last_modified` from an earlier answer the
    request is conditional, and an unchanged resource comes back as
    `NotModified` without a body. Hosts on local or private addresses are
    refused unless `allow_private`.
    """
    original = url.strip()
    deadline = time.monotonic() + timeout
    seen: list[str] = []
    current = original
    while True:
        scheme, host, port, path = _check_scheme(current, original)
        if current in seen:
            raise FetchError(original, f"redirect loop ({' -> '.join([*seen, current])})")
        seen.append(current)
        headers = {
            "User-Agent": USER_AGENT,
            "Accept": _ACCEPT[kind],
            "Accept-Encoding": "identity",
            "Connection": "close",
        }
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise FetchError(original, f"timed out after {timeout:g} s")
        address = _address(original, host, port or (443 if scheme == "https" else 80), allow_private)
        pinned = _PinnedHTTPS if scheme == "https" else _PinnedHTTP
        connection: http.client.HTTPConnection = pinned(host, address, port, remaining)
        try:
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                status = response.status
                if status in _REDIRECTS:
                    location = response.getheader("Location")
                    if not location:
                        raise FetchError(original, f"HTTP {status} redirect without a Location header")
                    if len(seen) > max_redirects:
                        raise FetchError(original, f"too many redirects (more than {max_redirects})")
                    current = urljoin(current, location.strip())
                    continue
                if status == 304:
                    return NotModified(
                        url=original,
                        final_url=current,
                        etag=response.getheader("ETag") or etag,
                        last_modified=response.getheader("Last-Modified") or last_modified,
                    )
                if not 200 <= status < 300:
                    reason = (response.reason or "").strip()
                    raise FetchError(original, f"HTTP {status}{' ' + reason if reason else ''}")
                content_type = response.getheader("Content-Type") or ""
                _check_type(original, kind, content_type)
                body = _read_body(original, connection, response, max_bytes, deadline, timeout)
                return Fetched(
                    url=original,
                    final_url=current,
                    status=status,
                    content_type=content_type,
                    body=body,
                    etag=response.getheader("ETag"),
                    last_modified=response.getheader("Last-Modified"),
                )
            except FetchError:
                raise
            except (TimeoutError, socket.timeout):
                raise FetchError(original, f"timed out after {timeout:g} s") from None
            except ConnectionRefusedError:
                raise FetchError(original, f"connection refused by {host}{':' + str(port) if port else ''}") from None
            except socket.gaierror:
                raise FetchError(original, f"host {host} not found") from None
            except ssl.SSLError as exc:
                raise FetchError(original, f"TLS error ({exc.reason or type(exc).__name__})") from None
            except (http.client.HTTPException, OSError) as exc:
                detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                raise FetchError(original, f"connection failed ({detail})") from None
        finally:
            connection.close()
