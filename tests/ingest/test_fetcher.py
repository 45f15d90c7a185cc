"""The safe HTTP client: limits, redirects, and the refusal of non-public addresses (a local site only)."""

import socket

import pytest

from claims.ingest import fetcher
from claims.ingest.fetcher import FetchError, fetch, is_public
from tests.webserver import Route


@pytest.mark.parametrize("address, public", [
    ("93.184.216.34", True),
    ("2606:4700::1111", True),
    ("127.0.0.1", False),
    ("10.0.0.7", False),
    ("172.16.5.4", False),
    ("192.168.1.1", False),
    ("169.254.169.254", False),
    ("100.64.0.1", False),
    ("0.0.0.0", False),
    ("240.0.0.1", False),
    ("224.0.0.1", False),
    ("::1", False),
    ("fe80::1", False),
    ("fc00::1", False),
    ("::ffff:127.0.0.1", False),
])
def test_only_globally_routable_addresses_count_as_public(address, public):
    assert is_public(address) is public


def test_a_page_is_fetched_with_the_projects_user_agent(local_site):
    page = fetch(local_site.url("/news/floods"))
    assert page.url == local_site.url("/news/floods")
    assert page.content_type == "text/html"
    assert b"Varna valley" in page.content
    path, headers = local_site.requests[-1]
    assert headers["User-Agent"] == fetcher.USER_AGENT
    assert headers["Host"] == f"127.0.0.1:{local_site.port}"


def test_a_redirect_chain_is_followed_and_the_final_address_kept(local_site):
    page = fetch(local_site.url("/hop/1"))
    assert page.url == local_site.url("/news/floods")
    assert [path for path, _ in local_site.requests] == ["/hop/1", "/hop/2", "/hop/3", "/news/floods"]


def test_more_than_five_redirects_are_refused(local_site):
    for number in range(1, 8):
        local_site.routes[f"/loop/{number}"] = Route(status=302, headers={"Location": f"/loop/{number + 1}"})
    with pytest.raises(FetchError) as error:
        fetch(local_site.url("/loop/1"))
    assert str(error.value) == fetcher.TOO_MANY_REDIRECTS.format(limit=5)
    assert len(local_site.requests) == 6


def test_a_redirect_to_a_private_address_is_refused_before_connecting(local_site):
    with pytest.raises(FetchError) as error:
        fetch(local_site.url("/private"))
    assert str(error.value) == fetcher.PRIVATE_ADDRESS.format(host="10.0.0.7", address="10.0.0.7")


@pytest.mark.parametrize("allowed", [[], ["10.0.0.7"], ["example.org"]])
def test_loopback_is_refused_unless_the_setting_names_it(local_site, settings, allowed):
    settings.FACTCHECK_FETCH_ALLOWED_HOSTS = allowed
    with pytest.raises(FetchError) as error:
        fetch(local_site.url("/news/floods"))
    assert str(error.value) == fetcher.PRIVATE_ADDRESS.format(host="127.0.0.1", address="127.0.0.1")
    assert local_site.requests == []


def test_a_host_name_is_checked_after_resolution(local_site, settings):
    settings.FACTCHECK_FETCH_ALLOWED_HOSTS = []
    with pytest.raises(FetchError) as error:
        fetch(f"http://localhost:{local_site.port}/news/floods")
    assert str(error.value).startswith("the host 'localhost' resolves to the non-public address ")
    settings.FACTCHECK_FETCH_ALLOWED_HOSTS = ["localhost"]
    assert b"Varna" in fetch(f"http://localhost:{local_site.port}/news/floods").content


@pytest.mark.parametrize("url, message", [
    ("ftp://127.0.0.1/file", fetcher.BAD_SCHEME.format(scheme="ftp")),
    ("file:///etc/passwd", fetcher.BAD_SCHEME.format(scheme="file")),
    ("http:///nohost", fetcher.BAD_ADDRESS.format(url="http:///nohost")),
    ("http://no-such-host.invalid/", fetcher.NO_HOST.format(host="no-such-host.invalid")),
])
def test_addresses_that_cannot_be_fetched_are_refused(url, message, settings, monkeypatch):
    settings.FACTCHECK_FETCH_ALLOWED_HOSTS = []

    def no_dns(host, *args, **kwargs):  # no test asks a real resolver
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    with pytest.raises(FetchError) as error:
        fetch(url)
    assert str(error.value) == message


@pytest.mark.parametrize("path, kwargs, message", [
    ("/data.json", {}, fetcher.WRONG_TYPE.format(content_type="application/json",
                                                 expected="text/html or application/xhtml+xml")),
    ("/missing", {}, fetcher.HTTP_ERROR.format(status=404, reason="Not Found")),
    ("/broken", {}, fetcher.HTTP_ERROR.format(status=503, reason="Service Unavailable")),
    ("/huge", {"accept": ["text/html"], "max_bytes": 1_000_000}, fetcher.TOO_LARGE.format(limit=1_000_000)),
    ("/news/floods", {"max_bytes": 1000}, fetcher.TOO_LARGE.format(limit=1000)),
])
def test_unusable_answers_give_a_clear_error(local_site, path, kwargs, message):
    with pytest.raises(FetchError) as error:
        fetch(local_site.url(path), **kwargs)
    assert str(error.value) == message


def test_a_slow_answer_times_out(local_site):
    with pytest.raises(FetchError) as error:
        fetch(local_site.url("/slow"), read_timeout=0.2)
    local_site.release()
    assert str(error.value) == fetcher.TIMEOUT.format(seconds=0.2)


def test_a_tls_failure_has_its_own_message(local_site):
    # The local site speaks plain HTTP: a TLS handshake with it fails.
    with pytest.raises(FetchError) as error:
        fetch(f"https://127.0.0.1:{local_site.port}/news/floods")
    assert str(error.value).startswith("the secure connection (TLS) failed: ")
