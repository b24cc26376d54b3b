"""URL input and the SSRF guard, through the web API.

Refused addresses are tested through the guard's decision with the resolver replaced and
the connection layer replaced by a tripwire (tests/web/netguard.py): no test opens a
connection to a non-loopback address, even if the guard were broken. Real fetches go only
to a server on 127.0.0.1, allow-listed as `regenwatch serve --allow-host` would.
"""

from __future__ import annotations

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from fastapi.testclient import TestClient

from regenwatch.web import Settings, create_app
from tests.web.conftest import EXAMPLE_PAGE
from tests.web.netguard import no_network  # noqa: F401 (fixture)

guard = pytest.importorskip("regenwatch.sources.guard",
                            reason="the guarded fetcher (regenwatch.sources) is not here")

REFUSED = [
    "127.0.0.1", "127.8.9.10", "::1", "0.0.0.0", "::", "10.1.2.3", "172.16.5.4",
    "192.168.0.10", "100.64.0.1", "169.254.169.254", "169.254.170.2", "100.100.100.200",
    "fd00:ec2::254", "fe80::1", "fc00::5", "224.0.0.251", "ff02::1", "::ffff:10.0.0.1",
    "::ffff:169.254.169.254", "64:ff9b::a9fe:a9fe", "2002:a9fe:a9fe::1",
]
PUBLIC = "93.184.216.34"


def resolver(table: dict[str, list[str]]):
    def resolve(host, port, type=0, **_):
        if host not in table:
            raise socket.gaierror(f"no such host in the test table: {host}")
        return [(socket.AF_INET6 if ":" in ip else socket.AF_INET, socket.SOCK_STREAM, 6, "",
                 (ip, port)) for ip in table[host]]
    return resolve


NAMES = {"clinic.test": [PUBLIC], "internal.test": ["10.9.8.7"],
         "meta.test": ["169.254.169.254"], "mixed.test": [PUBLIC, "192.168.1.1"],
         "six.test": ["fd00:ec2::254"]}


# -- the decision itself ----------------------------------------------------------------

@pytest.mark.parametrize("address", REFUSED)
def test_guard_refuses_address_literal_and_resolved(address, no_network):  # noqa: F811
    with pytest.raises(guard.BlockedAddress):
        guard.vet_host(address, 80, resolver=resolver({}))
    with pytest.raises(guard.BlockedAddress):
        guard.vet_host("evil.test", 80, resolver=resolver({"evil.test": [address]}))
    assert no_network == []


@pytest.mark.parametrize("name", ["localhost", "metadata.google.internal", "metadata",
                                  "x.localhost", "instance-data.ec2.internal"])
def test_guard_refuses_names_before_resolving(name):
    with pytest.raises(guard.BlockedAddress):
        guard.vet_host(name, 80, resolver=resolver({name: [PUBLIC]}))


def test_guard_public_and_mixed_answers():
    assert guard.vet_host("clinic.test", 443, resolver=resolver(NAMES)) == [PUBLIC]
    with pytest.raises(guard.BlockedAddress):  # one private answer spoils the name
        guard.vet_host("mixed.test", 443, resolver=resolver(NAMES))
    assert guard.vet_host("127.0.0.1", 80, allow_hosts=("127.0.0.1",)) == ["127.0.0.1"]


# -- through the API -------------------------------------------------------------------------

def _client(**overrides) -> TestClient:
    settings = dict(workers=1, resolver=resolver(NAMES), fetch_timeout=2.0,
                    fetch_max_bytes=200_000)
    settings.update(overrides)
    return TestClient(create_app(Settings(**settings)))


@pytest.fixture(scope="module")
def api():
    with _client() as c:
        yield c


@pytest.mark.parametrize("url", [
    "http://10.0.0.1/", "http://[::1]:8000/", "http://localhost:8000/",
    "http://169.254.169.254/latest/meta-data/", "http://internal.test/",
    "http://meta.test/", "http://mixed.test/", "http://six.test/", "https://[fe80::1]/",
    "http://0x7f000001/", "http://2130706433/", "http://127.1/",
    "http://metadata.google.internal/computeMetadata/v1/",
])
def test_api_refuses_private_targets(api, url, no_network):  # noqa: F811
    r = api.post("/v1/check", json={"url": url})
    assert r.status_code == 422, r.text
    assert r.json()["error"]["kind"] in ("ssrf", "fetch"), r.json()
    assert all(a in ("127.0.0.1", "::1") for a in no_network) and "169.254.169.254" \
        not in no_network


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://clinic.test/",
                                 "javascript:alert(1)", "gopher://clinic.test/",
                                 "http:///nohost", "//clinic.test/"])
def test_api_refuses_other_schemes(api, url, no_network):  # noqa: F811
    r = api.post("/v1/check", json={"url": url})
    assert r.status_code == 422 and r.json()["error"]["kind"] == "fetch"
    assert no_network == []


def test_form_url_refusal_is_a_page(api, no_network):  # noqa: F811
    r = api.post("/check", data={"url": "http://169.254.169.254/"})
    assert r.status_code == 422 and "text/html" in r.headers["content-type"]
    assert "169.254.169.254" in r.text


# -- real fetches on loopback ----------------------------------------------------------------

class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):  # keep test output quiet
        pass

    def do_GET(self):  # noqa: N802
        if self.path == "/page":
            body = EXAMPLE_PAGE.read_bytes()
            self._send(200, body, "text/html; charset=utf-8")
        elif self.path == "/text":
            self._send(200, b"Our exosomes are FDA-approved and 100% safe.", "text/plain")
        elif self.path.startswith("/redirect?to="):
            self.send_response(302)
            self.send_header("Location", self.path.split("=", 1)[1])
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/big":
            self._send(200, b"<p>" + b"exosome " * 100_000 + b"</p>", "text/html")
        elif self.path == "/slow":
            time.sleep(4)
            self._send(200, b"<p>late</p>", "text/html")
        elif self.path == "/image":
            self._send(200, b"\x89PNG\r\n", "image/png")
        else:
            self._send(404, b"not here", "text/plain")

    def _send(self, status, body, ctype):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass


@pytest.fixture(scope="module")
def origin():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def allowed():
    with _client(allow_hosts=("127.0.0.1",), fetch_timeout=1.0) as c:
        yield c


def test_loopback_is_refused_by_default(api, origin, no_network):  # noqa: F811
    r = api.post("/v1/check", json={"url": origin + "/page"})
    assert r.status_code == 422 and r.json()["error"]["kind"] == "ssrf"
    assert no_network == []


def test_allow_listed_loopback_page_is_checked(allowed, origin, no_network):  # noqa: F811
    r = allowed.post("/v1/check", json={"url": origin + "/page"})
    assert r.status_code == 200, r.text
    rec = r.json()
    assert rec["verdict"] == "high" and rec["source"] == origin + "/page"
    assert "FDA-approved" in rec["text"] and "<p>" not in rec["text"]
    text = allowed.post("/v1/check", json={"url": origin + "/text", "id": "t1"}).json()
    assert text["id"] == "t1" and text["findings"]
    assert set(no_network) == {"127.0.0.1"}


@pytest.mark.parametrize("target", ["http://169.254.169.254/latest/meta-data/",
                                    "http://internal.test/admin", "http://[::1]:1/",
                                    "http://localhost/", "file:///etc/passwd"])
def test_redirects_are_vetted_hop_by_hop(allowed, origin, target, no_network):  # noqa: F811
    r = allowed.post("/v1/check", json={"url": f"{origin}/redirect?to={target}"})
    assert r.status_code == 422, r.text
    assert r.json()["error"]["kind"] in ("ssrf", "fetch")
    assert set(no_network) <= {"127.0.0.1"}


def test_fetch_caps_size_time_and_type(allowed, origin, no_network):  # noqa: F811
    r = allowed.post("/v1/check", json={"url": origin + "/big"})
    assert r.status_code == 422 and r.json()["error"]["kind"] == "too-large"
    started = time.monotonic()
    r = allowed.post("/v1/check", json={"url": origin + "/slow"})
    assert r.status_code == 422 and r.json()["error"]["kind"] == "fetch"
    assert time.monotonic() - started < 3.5
    r = allowed.post("/v1/check", json={"url": origin + "/image"})
    assert r.status_code == 422 and r.json()["error"]["kind"] == "unsupported-type"
    r = allowed.post("/v1/check", json={"url": origin + "/missing"})
    assert r.status_code == 422 and "404" in r.json()["error"]["message"]
