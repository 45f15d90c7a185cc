"""A careful HTTP client for pages and feeds: one GET, with every answer that is not a usable document
turned into a FetchError whose message says why.

Safety (server-side request forgery): before each request, the host name is resolved and every address it
resolves to is checked with ``ipaddress``; private, loopback, link-local, reserved, multicast and other
non-global addresses are refused unless ``settings.FACTCHECK_FETCH_ALLOWED_HOSTS`` names the host or the
address. The request then goes to the checked address itself (the URL carries the IP; the Host header and
the TLS server name carry the host name, so virtual hosts and certificate checks work as usual), so a DNS
answer that changes between the check and the connection (DNS rebinding) cannot redirect it. Redirects are
followed by hand, at most MAX_REDIRECTS, and each new location goes through the same check.

Limits: connect and read timeouts, a body size limit (the Content-Length is checked first, then the bytes
as they arrive), http and https only, and the content types the caller accepts.
"""

import ipaddress
import socket
import ssl
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx
from django.conf import settings

USER_AGENT = "factcheck/1.0 (numeric claim tracker; +https://github.com/factcheck)"
MAX_REDIRECTS = 5
MAX_BYTES = 5_000_000
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 15.0
HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = (
    "application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml",
    "application/feed+json",
)
SCHEMES = ("http", "https")
REDIRECT_CODES = (301, 302, 303, 307, 308)

BAD_SCHEME = "only http and https addresses can be fetched, not {scheme!r}"
BAD_ADDRESS = "{url!r} is not a web address"
NO_HOST = "the host {host!r} could not be resolved"
PRIVATE_ADDRESS = (
    "the host {host!r} resolves to the non-public address {address}; add it to FACTCHECK_FETCH_ALLOWED_HOSTS "
    "to allow it"
)
TOO_MANY_REDIRECTS = "more than {limit} redirects"
REDIRECT_WITHOUT_LOCATION = "a redirect ({status}) without a Location header"
TIMEOUT = "no answer within {seconds:g} seconds"
CONNECTION_FAILED = "could not connect: {error}"
TLS_FAILED = "the secure connection (TLS) failed: {error}"
HTTP_ERROR = "the server answered {status} {reason}"
TOO_LARGE = "the answer is larger than the limit of {limit} bytes"
WRONG_TYPE = "the answer is {content_type!r}, not {expected}"


class FetchError(Exception):
    """A URL that could not be fetched as a usable document; the message says why, for the person who
    gave the URL."""


@dataclass(frozen=True)
class Fetched:
    """A fetched document: the URL it finally came from (after redirects), its content type and bytes."""

    url: str
    content_type: str
    content: bytes
    encoding: str | None = None

    def text(self) -> str:
        """The body decoded with the declared charset, UTF-8 when none is declared or it is unknown."""
        try:
            return self.content.decode(self.encoding or "utf-8", errors="replace")
        except LookupError:
            return self.content.decode("utf-8", errors="replace")


def allowed_hosts() -> set[str]:
    """The host names and addresses that may be private (settings.FACTCHECK_FETCH_ALLOWED_HOSTS), lower-cased."""
    return {host.strip().lower().strip("[]") for host in settings.FACTCHECK_FETCH_ALLOWED_HOSTS if host.strip()}


def checked_address(host: str, port: int) -> str:
    """The first address ``host`` resolves to, once every address it resolves to is public (or allowed).

    Raises FetchError(NO_HOST) when it does not resolve, FetchError(PRIVATE_ADDRESS) when any address is
    not global and neither the host nor that address is allowed.
    """
    allowed = allowed_hosts()
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise FetchError(NO_HOST.format(host=host)) from None
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not addresses:
        raise FetchError(NO_HOST.format(host=host))
    if host.lower() not in allowed:
        for address in addresses:
            if not is_public(address) and address.lower() not in allowed:
                raise FetchError(PRIVATE_ADDRESS.format(host=host, address=address))
    return addresses[0]


def is_public(address: str) -> bool:
    """True for a globally routable unicast address; IPv4 mapped into IPv6 is judged as IPv4."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def fetch(
    url: str,
    *,
    accept: Iterable[str] = HTML_TYPES,
    max_bytes: int = MAX_BYTES,
    connect_timeout: float = CONNECT_TIMEOUT,
    read_timeout: float = READ_TIMEOUT,
) -> Fetched:
    """GET ``url`` following at most MAX_REDIRECTS redirects; return the document.

    Raises FetchError with one of this module's messages for a bad or private address, a timeout, a
    connection or TLS failure, a 4xx/5xx answer, a body over ``max_bytes`` or a content type not in
    ``accept``. Never raises anything else for network trouble.
    """
    accept = tuple(accept)
    timeout = httpx.Timeout(connect=connect_timeout, read=read_timeout, write=read_timeout, pool=connect_timeout)
    headers = {"User-Agent": USER_AGENT, "Accept": ", ".join((*accept, "*/*;q=0.1"))}
    with httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False) as client:
        for _ in range(MAX_REDIRECTS + 1):
            response_or_location = _get_once(client, url, headers=headers, accept=accept, max_bytes=max_bytes,
                                             seconds=read_timeout)
            if isinstance(response_or_location, Fetched):
                return response_or_location
            url = response_or_location
    raise FetchError(TOO_MANY_REDIRECTS.format(limit=MAX_REDIRECTS))


def _get_once(client, url, *, headers, accept, max_bytes, seconds) -> "Fetched | str":
    """One request to the checked address: the document, or the absolute URL a redirect points to."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in SCHEMES:
        raise FetchError(BAD_SCHEME.format(scheme=parts.scheme))
    try:
        host, port = parts.hostname, parts.port or (443 if parts.scheme.lower() == "https" else 80)
    except ValueError:
        raise FetchError(BAD_ADDRESS.format(url=url[:200])) from None
    if not host:
        raise FetchError(BAD_ADDRESS.format(url=url[:200]))
    address = checked_address(host, port)
    target = httpx.URL(url).copy_with(host=address)
    host_header = parts.netloc.rsplit("@", 1)[-1]
    request = client.build_request(
        "GET", target, headers={**headers, "Host": host_header},
        extensions={"sni_hostname": host, "timeout": client.timeout.as_dict()},
    )
    try:
        response = client.send(request, stream=True)
    except httpx.TimeoutException:
        raise FetchError(TIMEOUT.format(seconds=seconds)) from None
    except httpx.TransportError as error:
        raise _transport_error(error) from None
    try:
        if response.status_code in REDIRECT_CODES:
            location = response.headers.get("Location")
            if not location:
                raise FetchError(REDIRECT_WITHOUT_LOCATION.format(status=response.status_code))
            return urljoin(url, location)
        if response.status_code >= 400:
            raise FetchError(HTTP_ERROR.format(status=response.status_code, reason=response.reason_phrase))
        content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if content_type not in accept:
            raise FetchError(WRONG_TYPE.format(content_type=content_type or "unknown", expected=" or ".join(accept)))
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise FetchError(TOO_LARGE.format(limit=max_bytes))
        content = _read_limited(response, max_bytes, seconds)
        return Fetched(url=url, content_type=content_type, content=content, encoding=response.charset_encoding)
    finally:
        response.close()


def _read_limited(response: httpx.Response, max_bytes: int, seconds: float) -> bytes:
    chunks, size = [], 0
    try:
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > max_bytes:
                raise FetchError(TOO_LARGE.format(limit=max_bytes))
            chunks.append(chunk)
    except httpx.TimeoutException:
        raise FetchError(TIMEOUT.format(seconds=seconds)) from None
    except httpx.TransportError as error:
        raise _transport_error(error) from None
    return b"".join(chunks)


def _transport_error(error: Exception) -> FetchError:
    """TLS trouble gets its own message (the cause is an ssl error somewhere in the chain)."""
    cause = error
    while cause is not None:
        if isinstance(cause, ssl.SSLError):
            return FetchError(TLS_FAILED.format(error=cause.reason or cause))
        cause = cause.__cause__ or cause.__context__
    return FetchError(CONNECTION_FAILED.format(error=error or type(error).__name__))
