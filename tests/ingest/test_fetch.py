"""Fetching a URL: every way it can go wrong is one FetchError line naming the URL."""

import socket

import pytest

from bot.ingest.fetch import Fetched, FetchError, NotModified, fetch_url
from tests.ingest.site import Page, html, redirect

PAGE = "<html><body><p>Ngoại trưởng hai nước gặp nhau tại Hà Nội.</p></body></html>"


def test_a_page_is_fetched_with_its_type_and_validators(site):
    site.routes["/a"] = html(PAGE, ETag='"v1"', **{"Last-Modified": "Tue, 05 Mar 2024 10:00:00 GMT"})
    got = site.fetch(site.url("/a"))
    assert isinstance(got, Fetched)
    assert (got.status, got.final_url, got.body.decode("utf-8")) == (200, site.url("/a"), PAGE)
    assert got.charset == "utf-8"
    assert (got.etag, got.last_modified) == ('"v1"', "Tue, 05 Mar 2024 10:00:00 GMT")


def test_a_missing_page_names_the_url_and_the_status(site):
    with pytest.raises(FetchError) as err:
        site.fetch(site.url("/gone"))
    assert str(err.value) == f"{site.url('/gone')}: HTTP 404 Not Found"


def test_a_redirect_is_followed_and_the_final_url_kept(site):
    site.routes["/old"] = redirect("/new", 301)
    site.routes["/new"] = html(PAGE)
    got = site.fetch(site.url("/old"))
    assert got.final_url == site.url("/new")
    assert got.url == site.url("/old")


def test_a_redirect_loop_is_refused(site):
    site.routes["/a"] = redirect("/b")
    site.routes["/b"] = redirect("/a")
    with pytest.raises(FetchError, match="redirect loop") as err:
        site.fetch(site.url("/a"))
    assert str(err.value).startswith(site.url("/a") + ": ")


def test_more_redirects_than_allowed_are_refused(site):
    for n in range(4):
        site.routes[f"/{n}"] = redirect(f"/{n + 1}")
    site.routes["/4"] = html(PAGE)
    assert site.fetch(site.url("/0"), max_redirects=4).final_url == site.url("/4")
    with pytest.raises(FetchError, match=r"too many redirects \(more than 3\)"):
        site.fetch(site.url("/0"), max_redirects=3)


def test_a_redirect_to_another_scheme_is_refused(site):
    site.routes["/a"] = redirect("file:///etc/passwd")
    with pytest.raises(FetchError, match="not file: .redirected to file:///etc/passwd"):
        site.fetch(site.url("/a"))


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/a.html", "javascript:alert(1)", "example.org/a"])
def test_only_http_and_https_urls_are_fetched(url):
    with pytest.raises(FetchError, match="only http and https") as err:
        fetch_url(url)
    assert str(err.value).startswith(url + ": ")


def test_a_page_that_is_not_html_is_refused(site):
    site.routes["/a.pdf"] = Page(200, b"%PDF-1.4", {"Content-Type": "application/pdf"})
    with pytest.raises(FetchError, match=r"not an HTML page \(the server sent application/pdf\)"):
        site.fetch(site.url("/a.pdf"))


def test_a_feed_fetch_accepts_xml_but_refuses_images(site):
    site.routes["/rss"] = Page(200, b"<rss/>", {"Content-Type": "application/rss+xml"})
    site.routes["/img"] = Page(200, b"\x89PNG", {"Content-Type": "image/png"})
    assert site.fetch(site.url("/rss"), kind="feed").body == b"<rss/>"
    with pytest.raises(FetchError, match="not a feed"):
        site.fetch(site.url("/img"), kind="feed")


def test_a_body_declared_larger_than_the_cap_is_refused_before_reading(site):
    site.routes["/big"] = html(b"x" * 5000)
    with pytest.raises(FetchError, match="too large: 5 KiB declared, the limit is 4 KiB"):
        site.fetch(site.url("/big"), max_bytes=4096)


def test_a_body_without_a_length_is_cut_off_at_the_cap(site):
    # No Content-Length: the cap can only be enforced while reading.
    site.routes["/stream"] = Page(200, b"x" * 20000, {"Content-Type": "text/html"}, drip=(1000, 0.0))
    with pytest.raises(FetchError, match="too large: more than the limit of 8 KiB"):
        site.fetch(site.url("/stream"), max_bytes=8192)


def test_a_server_that_does_not_answer_in_time_times_out(site):
    site.routes["/slow"] = Page(200, b"late", {"Content-Type": "text/html"}, delay=1.0)
    with pytest.raises(FetchError, match=r"timed out after 0.3 s"):
        site.fetch(site.url("/slow"), timeout=0.3)


def test_a_server_that_drips_its_body_times_out_as_a_whole(site):
    # Each byte arrives well inside the timeout; the page as a whole does not.
    site.routes["/drip"] = Page(200, b"x" * 40, {"Content-Type": "text/html"}, drip=(1, 0.05))
    with pytest.raises(FetchError, match="timed out after 0.5 s"):
        site.fetch(site.url("/drip"), timeout=0.5)


def test_a_refused_connection_names_the_url():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/a"
    with pytest.raises(FetchError, match="connection refused") as err:
        fetch_url(url, allow_private=True)
    assert str(err.value).startswith(url + ": ")


def test_a_conditional_get_sends_the_validators_and_returns_not_modified(site):
    def answer(request):
        if request.headers.get("If-None-Match") == '"v1"':
            return Page(304, b"", {"ETag": '"v1"'})
        return html(PAGE, ETag='"v1"')

    site.routes["/a"] = answer
    first = site.fetch(site.url("/a"))
    again = site.fetch(site.url("/a"), etag=first.etag, last_modified="Tue, 05 Mar 2024 10:00:00 GMT")
    assert isinstance(again, NotModified)
    assert again.etag == '"v1"'
    sent = site.headers_of("/a")[-1]
    assert (sent["if-none-match"], sent["if-modified-since"]) == ('"v1"', "Tue, 05 Mar 2024 10:00:00 GMT")


def test_an_unconditional_get_sends_no_validators(site):
    site.routes["/a"] = html(PAGE)
    site.fetch(site.url("/a"))
    assert "if-none-match" not in site.headers_of("/a")[0]
    assert "if-modified-since" not in site.headers_of("/a")[0]


def test_a_loopback_address_is_not_fetched_by_default(site):
    site.routes["/a"] = html(PAGE)
    with pytest.raises(FetchError, match="127.0.0.1 is a local or private address; only public addresses are fetched"):
        fetch_url(site.url("/a"))
    assert site.requests == []


def test_a_name_that_resolves_to_loopback_is_not_fetched_by_default(site):
    url = site.url("/a").replace("127.0.0.1", "localhost")
    with pytest.raises(FetchError, match=r"localhost \(.+\) is a local or private address"):
        fetch_url(url)


@pytest.mark.parametrize("host", ["10.1.2.3", "192.168.0.10", "169.254.169.254", "[::1]", "0.0.0.0"])
def test_private_link_local_and_unspecified_addresses_are_not_fetched(host):
    with pytest.raises(FetchError, match="is a local or private address"):
        fetch_url(f"http://{host}/latest/meta-data/")


def test_a_redirect_to_a_local_address_is_refused_at_that_hop(site, monkeypatch):
    import bot.ingest.fetch as fetch_module

    # Only the first hop (this loopback site) is let through, so the test can serve it.
    real, hops = fetch_module._address, []

    def first_hop_allowed(original, host, port, allow_private):
        hops.append(host)
        return real(original, host, port, allow_private or len(hops) == 1)

    monkeypatch.setattr(fetch_module, "_address", first_hop_allowed)
    site.routes["/a"] = redirect("http://10.1.2.3/admin")
    with pytest.raises(FetchError, match="10.1.2.3 is a local or private address"):
        fetch_url(site.url("/a"))
    assert hops == ["127.0.0.1", "10.1.2.3"]


@pytest.fixture
def tls_site(tmp_path):
    """The loopback site over HTTPS with a self-signed certificate, as a misconfigured server has."""
    import shutil
    import ssl
    import subprocess

    from tests.ingest.site import Site

    if not shutil.which("openssl"):
        pytest.skip("openssl is needed to make a test certificate")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )
    site = Site()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    site.server.socket = context.wrap_socket(site.server.socket, server_side=True)
    site.base = site.base.replace("http://", "https://")
    with site:
        yield site


def test_a_certificate_that_cannot_be_verified_is_a_tls_error(tls_site):
    tls_site.routes["/a"] = html(PAGE)
    with pytest.raises(FetchError, match=r"TLS error \(CERTIFICATE_VERIFY_FAILED\)") as err:
        tls_site.fetch(tls_site.url("/a"))
    assert str(err.value).startswith(tls_site.url("/a") + ": ")
