"""URL fetching against a loopback server (allow-listed), and the SSRF guard.

No test here opens a connection to a non-loopback address, even with a broken guard: the
SSRF cases replace the resolver AND the socket layer (``socket.create_connection``) with
fakes that record the address and refuse anything but 127.0.0.1.
"""

from __future__ import annotations

import gzip
import ipaddress
import socket

import pytest
from conftest import run

from regenwatch import __version__
from regenwatch.model import Document, Report
from regenwatch.sources import url as url_mod
from regenwatch.sources.guard import BlockedAddress, address_refusal, vet_host
from regenwatch.sources.url import Fetcher, FetchError

LOOPBACK = ("127.0.0.1",)


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch):
    """The connection layer: real sockets only to 127.0.0.1, everything else recorded."""
    attempts: list[str] = []
    real = socket.create_connection

    def guarded(address, *args, **kwargs):
        host = address[0]
        attempts.append(host)
        if ipaddress.ip_address(host) != ipaddress.ip_address("127.0.0.1"):
            raise AssertionError(f"test tried to connect to {host}")
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", guarded)
    return attempts


def kind(item):
    return item.error.kind if isinstance(item, Report) else "doc"


def fake_resolver(table, calls=None):
    def resolve(host, port, type=0, **_):
        if calls is not None:
            calls.append(host)
        answer = table[host]
        if callable(answer):
            answer = answer()
        return [(socket.AF_INET6 if ":" in ip else socket.AF_INET, socket.SOCK_STREAM, 6, "",
                 (ip, port)) for ip in answer]
    return resolve


# -- fetching from the loopback server -------------------------------------------------

def test_fetch_html_with_charset_and_user_agent(server):
    body = "<p>Células madre</p>".encode("cp1252")
    server.routes["/page"] = (200, {"Content-Type": "text/html; charset=windows-1252"}, body)
    items, stats = run([server.base + "/page"], allow_hosts=LOOPBACK)
    (doc,) = items
    assert isinstance(doc, Document) and "Células madre" in doc.html
    assert doc.id == server.base + "/page"
    assert server.seen[0][1] == f"regenwatch/{__version__} (+{url_mod.PROJECT_URL})"


def test_fetch_text_plain_and_gzip_encoding(server):
    server.routes["/t"] = (200, {"Content-Type": "text/plain"}, b"stem cell notes")
    server.routes["/gz"] = (200, {"Content-Type": "text/html", "Content-Encoding": "gzip"},
                            gzip.compress(b"<p>exosome</p>"))
    items, _ = run([server.base + "/t", server.base + "/gz"], allow_hosts=LOOPBACK)
    assert items[0].text == "stem cell notes" and "exosome" in items[1].html


def test_fetch_errors_are_records(server):
    server.routes["/img"] = (200, {"Content-Type": "image/png"}, b"\x89PNG")
    server.routes["/big"] = (200, {"Content-Type": "text/html"}, b"<p>" + b"x" * 5000)
    server.routes["/loop"] = (302, {"Location": "/loop"}, b"")
    server.routes["/ftp"] = (302, {"Location": "ftp://127.0.0.1/x"}, b"")
    urls = [server.base + p for p in ("/missing", "/img", "/big", "/loop", "/ftp")]
    urls.append("file:///etc/passwd")
    items, stats = run(urls, allow_hosts=LOOPBACK, max_bytes=4000)
    kinds = [i.error.kind for i in items]
    assert kinds == ["fetch", "unsupported-type", "too-large", "fetch", "fetch", "fetch"]
    assert "404" in items[0].error.message


def test_loopback_refused_without_allow_list(server, loopback_only):
    (item,), _ = run([server.base + "/page"])
    assert item.error.kind == "ssrf" and "loopback" in item.error.message
    assert loopback_only == []  # refused before any socket was opened


def test_urls_file_robots_and_polite_delay(server, tmp_path):
    server.routes["/robots.txt"] = (200, {"Content-Type": "text/plain"},
                                    b"User-agent: *\nDisallow: /private\nCrawl-delay: 2\n")
    server.routes["/a"] = (200, {"Content-Type": "text/html"}, b"<p>a</p>")
    server.routes["/b"] = (200, {"Content-Type": "text/html"}, b"<p>b</p>")
    urls = tmp_path / "urls.txt"
    urls.write_text(f"# crawl\n{server.base}/a\n\n{server.base}/private/x\n{server.base}/b\n")
    now = [0.0]
    slept: list[float] = []
    fetcher = Fetcher(allow_hosts=LOOPBACK, delay=0.5, clock=lambda: now[0],
                      sleep=lambda s: (slept.append(s), now.__setitem__(0, now[0] + s)))
    items, stats = run([], urls_file=str(urls), fetcher=fetcher)
    assert [kind(i) for i in items] == ["doc", "robots", "doc"]
    assert slept and all(s == pytest.approx(2.0) for s in slept)  # Crawl-delay wins
    assert [p for p, _ in server.seen].count("/robots.txt") == 1
    assert "/private/x" not in [p for p, _ in server.seen]


def test_jsonl_url_records_are_fetched(server, tmp_path):
    server.routes["/r"] = (200, {"Content-Type": "text/html"}, b"<p>exosome</p>")
    p = tmp_path / "c.jsonl"
    p.write_text(f'{{"id": "u1", "url": "{server.base}/r"}}\n')
    fetcher = Fetcher(allow_hosts=LOOPBACK, delay=0, sleep=lambda s: None)
    (item,), _ = run([str(p)], fetcher=fetcher)
    assert item.id == "u1" and "exosome" in item.html


# -- the guard's decision --------------------------------------------------------------

@pytest.mark.parametrize("ip", [
    "127.0.0.1", "127.8.9.10", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
    "169.254.1.1", "100.64.0.1", "100.100.100.200", "0.0.0.0", "224.0.0.1", "255.255.255.255",
    "192.0.2.1", "::1", "::", "fe80::1", "fc00::1", "fd00:ec2::254", "ff02::1",
    "::ffff:127.0.0.1", "::ffff:10.0.0.1", "64:ff9b::a9fe:a9fe", "2002:7f00:1::1",
])
def test_refused_addresses(ip):
    assert address_refusal(ipaddress.ip_address(ip)) is not None


@pytest.mark.parametrize("ip", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111"])
def test_public_addresses_pass(ip):
    assert address_refusal(ipaddress.ip_address(ip)) is None


def test_vet_host_names_and_mixed_answers():
    resolver = fake_resolver({"mixed.example": ["93.184.216.34", "10.0.0.5"],
                              "ok.example": ["93.184.216.34"]})
    with pytest.raises(BlockedAddress):
        vet_host("mixed.example", 80, resolver=resolver)
    for name in ("localhost", "metadata.google.internal", "x.localhost", "[::1]",
                 "169.254.169.254"):
        with pytest.raises(BlockedAddress):
            vet_host(name, 80, resolver=resolver)
    assert vet_host("ok.example", 80, resolver=resolver) == ["93.184.216.34"]
    assert vet_host("127.0.0.1", 80, allow_hosts=LOOPBACK) == ["127.0.0.1"]


@pytest.mark.parametrize("target", [
    "http://internal.example/", "http://metadata.example/latest/meta-data/",
    "http://v6.example/", "http://ula.example/", "https://internal.example/",
    "http://169.254.169.254/latest/meta-data/", "http://[fd00:ec2::254]/",
    "http://2130706433/",
])
def test_fetch_refuses_private_targets_without_connecting(target, loopback_only):
    resolver = fake_resolver({"internal.example": ["10.0.0.7"],
                              "metadata.example": ["169.254.169.254"],
                              "v6.example": ["::1"], "ula.example": ["fd12:3456::1"],
                              "2130706433": ["127.0.0.1"]})
    fetcher = Fetcher(resolver=resolver)
    with pytest.raises(FetchError) as exc:
        fetcher.fetch(target)
    assert exc.value.kind == "ssrf"
    assert loopback_only == []


def test_redirect_to_private_address_is_refused(server, loopback_only):
    server.routes["/go"] = (302, {"Location": "http://internal.example/admin"}, b"")
    resolver = fake_resolver({"internal.example": ["192.168.0.10"]})
    fetcher = Fetcher(allow_hosts=LOOPBACK, resolver=resolver)
    with pytest.raises(FetchError) as exc:
        fetcher.fetch(server.base + "/go")
    assert exc.value.kind == "ssrf" and "192.168.0.10" in str(exc.value)
    assert loopback_only == ["127.0.0.1"]  # only the allow-listed first hop


def test_dns_rebinding_connects_to_the_vetted_address(loopback_only):
    """First answer public, later answers private: one lookup, and the socket goes to the
    address that was vetted (recorded by the fake connection layer, never opened)."""
    answers = iter([["93.184.216.34"], ["127.0.0.1"], ["127.0.0.1"]])
    calls: list[str] = []
    resolver = fake_resolver({"rebind.example": lambda: next(answers)}, calls)
    fetcher = Fetcher(resolver=resolver)
    with pytest.raises(AssertionError, match="93.184.216.34"):
        fetcher.fetch("http://rebind.example/")
    assert calls == ["rebind.example"]
    assert loopback_only == ["93.184.216.34"]

