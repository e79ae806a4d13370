"""Downloading feeds and article pages for ``tomtat ingest --fetch``: polite and bounded.

* Only ``http`` and ``https`` URLs, also after a redirect (a redirect to ``file:``, ``ftp:``
  or ``data:`` is refused).
* A timeout per connection and read (``timeout``) and one for the whole response
  (``deadline``, so a server that trickles bytes cannot hold the ingest), a size limit
  (``max_bytes``: the response is abandoned as soon as it is exceeded), a ``User-Agent``.
* ``robots.txt`` is obeyed per host (fetched once, with the same limits): a 4xx robots file
  allows everything, a 5xx or unreachable one forbids the host for this run (the usual
  crawler convention), and a ``Crawl-delay`` is respected between requests to that host.

The standard library's ``urllib`` does the requests: it gives direct control over every one
of these limits and adds no dependency (trafilatura's downloader, built on urllib3, has no
per-response deadline and reads its limits from a global configuration); see docs/newsroom.md.
Errors are :class:`FetchError`, one line naming the URL and the cause.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
import urllib.robotparser
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

from .. import __version__
from ..errors import InputError

USER_AGENT = f"tomtat/{__version__} (+https://pypi.org/project/tomtat/; news summarizer)"
TIMEOUT_S = 10.0
DEADLINE_S = 30.0
MAX_BYTES = 5_000_000
CHUNK = 65_536


class FetchError(InputError):
    """A URL could not be fetched (refused, timed out, too large, not allowed...)."""


class _SafeRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlsplit(newurl).scheme.lower() not in ("http", "https"):
            raise FetchError(f"{req.full_url}: redirected to a non-web address {newurl!r}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


@dataclass
class Fetcher:
    """Fetches URLs within the limits above; one instance per run (it caches robots.txt)."""

    user_agent: str = USER_AGENT
    timeout: float = TIMEOUT_S
    deadline: float = DEADLINE_S
    max_bytes: int = MAX_BYTES
    robots: bool = True
    _robots: dict[str, urllib.robotparser.RobotFileParser | None] = field(default_factory=dict)
    _last: dict[str, float] = field(default_factory=dict)  # host -> time of its last request
    _opener: urllib.request.OpenerDirector = field(
        default_factory=lambda: urllib.request.build_opener(_SafeRedirect())
    )

    def get(self, url: str) -> tuple[bytes, str]:
        """The body of ``url`` and the final URL (after redirects)."""
        parts = _check(url)
        if self.robots:
            self._allowed(url, parts)
        return self._get(url)

    def _get(self, url: str) -> tuple[bytes, str]:
        host = urlsplit(url).netloc.lower()
        self._wait(host)
        req = urllib.request.Request(url, headers={"User-Agent": self.user_agent})
        start = time.monotonic()
        try:
            with self._opener.open(req, timeout=self.timeout) as resp:
                size = resp.headers.get("Content-Length")
                if size and size.isdigit() and int(size) > self.max_bytes:
                    raise FetchError(
                        f"{url}: {int(size):,} bytes, over the limit of {self.max_bytes:,} "
                        "(--max-bytes)"
                    )
                body = bytearray()
                while True:
                    chunk = resp.read(CHUNK)
                    if not chunk:
                        break
                    body += chunk
                    if len(body) > self.max_bytes:
                        raise FetchError(
                            f"{url}: more than {self.max_bytes:,} bytes (--max-bytes); abandoned"
                        )
                    if time.monotonic() - start > self.deadline:
                        raise FetchError(f"{url}: took more than {self.deadline:g} s; abandoned")
                return bytes(body), resp.geturl()
        except FetchError:
            raise
        except urllib.error.HTTPError as exc:
            raise FetchError(f"{url}: HTTP {exc.code} {exc.reason}") from None
        except (urllib.error.URLError, TimeoutError) as exc:
            reason = getattr(exc, "reason", exc)
            if isinstance(reason, TimeoutError) or "timed out" in str(reason):
                raise FetchError(f"{url}: timed out after {self.timeout:g} s") from None
            raise FetchError(f"{url}: {reason}") from None
        except (OSError, ValueError) as exc:
            raise FetchError(f"{url}: {exc}") from None
        finally:
            self._last[host] = time.monotonic()

    def _wait(self, host: str) -> None:
        rp = self._robots.get(host)
        delay = rp.crawl_delay(self.user_agent) if rp is not None else None
        if delay and host in self._last:
            pause = float(delay) - (time.monotonic() - self._last[host])
            if pause > 0:
                time.sleep(min(pause, 60.0))

    def _allowed(self, url: str, parts) -> None:
        host = parts.netloc.lower()
        if host not in self._robots:
            robots_url = urlunsplit((parts.scheme, parts.netloc, "/robots.txt", "", ""))
            rp: urllib.robotparser.RobotFileParser | None = urllib.robotparser.RobotFileParser()
            try:
                body, _ = self._get(robots_url)
                rp.parse(body.decode("utf-8", errors="replace").splitlines())  # type: ignore[union-attr]
            except FetchError as exc:
                if " HTTP 4" in str(exc):
                    rp.parse([])  # type: ignore[union-attr]  # no robots.txt: all allowed
                else:
                    rp = None  # unreachable or 5xx: the host is off limits this run
            self._robots[host] = rp
        rp = self._robots[host]
        if rp is None:
            raise FetchError(f"{url}: robots.txt of {host} could not be read; host skipped")
        if not rp.can_fetch(self.user_agent, url):
            raise FetchError(f"{url}: disallowed by robots.txt")


def _check(url: str):
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        raise FetchError(f"{url!r}: not a valid URL") from None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise FetchError(f"{url!r}: only http:// and https:// URLs are fetched")
    return parts
