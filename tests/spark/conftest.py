"""Spark tests: a module-wide local SparkSession and a small WARC corpus written with warcio.

Tests that need Spark skip with the reason when pyspark or Java is missing, except with
``CI=true`` (decisions.md): there a missing dependency is a failure.
"""

from __future__ import annotations

import io
import os

import pytest

IN_CI = os.environ.get("CI", "").lower() == "true"

OFFERS = [
    "Our clinic offers exosome therapy for knee pain and arthritis. FDA approved and "
    "100% safe, guaranteed results. Book your $5,000 treatment today.",
    "Umbilical cord stem cells by IV infusion for autism and Parkinson's disease: "
    "a cure without surgery. Call now to reserve your place.",
    "Mesenchymal stem cell treatment for COPD and multiple sclerosis, no side effects. "
    "Our stem cell clinic is exempt from FDA approval. Prices from $7,900.",
    "Wharton's jelly injections heal back pain permanently. Patients pay to join our "
    "stem cell study; results guaranteed.",
]
NEUTRAL = [
    "Cut each stem just below a leaf node and place it in water for two weeks.",
    "The FDA approved a new oral drug for rheumatoid arthritis on Tuesday.",
    "Our cell phone plans include unlimited data and free roaming in Europe.",
    "Whisk the eggs with sugar until pale, then fold in the flour.",
    "Researchers study mesenchymal stem cells in clinical trials; no product is approved "
    "for these uses, and patients should ask their doctor.",
]


def page(title: str, body: str) -> bytes:
    return (f"<!doctype html><html><head><title>{title}</title></head><body><main>"
            f"<h1>{title}</h1><p>{body}</p></main><footer>Contact us</footer></body></html>"
            ).encode()


def write_warc(path, pages: list[tuple[str, bytes, str | None]], extras: bool = True) -> None:
    """A gzip-per-record WARC: warcinfo, then for each page a request and a response;
    ``extras`` adds a PNG image, a 404 and a metadata record."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        w.write_record(w.create_warcinfo_record(os.path.basename(path), {"software": "t"}))

        def response(uri, body, ctype, status="200 OK"):
            headers = [("Content-Type", ctype)] if ctype else []
            http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(uri, "response", payload=io.BytesIO(body),
                                                http_headers=http))

        for uri, body, ctype in pages:
            req = StatusAndHeaders("GET / HTTP/1.1", [("Host", "x")], is_http_request=True)
            w.write_record(w.create_warc_record(uri, "request", payload=io.BytesIO(b""),
                                                http_headers=req))
            response(uri, body, ctype)
        if extras:
            response("https://img.example/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(200),
                     "image/png")
            response("https://gone.example/", page("Gone", "not found"), "text/html",
                     "404 Not Found")
            w.write_record(w.create_warc_record(
                "https://img.example/logo.png", "metadata",
                payload=io.BytesIO(b"fetchTimeMs: 12\r\n"),
                warc_content_type="application/warc-fields"))


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> list[str]:
    """Two good WARCs (~36 pages), a corrupt one (a damaged gzip member mid-file) and a
    path that does not exist, as a list of paths."""
    d = tmp_path_factory.mktemp("warcs")
    paths = []
    n = 0
    for part in range(2):
        pages = []
        for i in range(18):
            n += 1
            if i % 3 == 0:
                text = OFFERS[(n // 3) % len(OFFERS)]
                title = "Regenerative clinic"
            else:
                text = NEUTRAL[n % len(NEUTRAL)]
                title = f"Page {n}"
            ctype = None if i == 5 else "text/html; charset=utf-8"  # one sniffed page
            pages.append((f"https://site{n % 7}.example/p/{n}", page(title, text), ctype))
        p = d / f"part-{part}.warc.gz"
        write_warc(p, pages)
        paths.append(str(p))
    good = d / "for-corrupt.warc.gz"
    write_warc(good, [(f"https://c.example/{i}", page("Clinic", OFFERS[i % 4]),
                       "text/html") for i in range(6)], extras=False)
    data = bytearray(good.read_bytes())
    mid = len(data) // 2
    data[mid:mid + 40] = b"\x00" * 40  # damage one gzip member in the middle
    bad = d / "corrupt.warc.gz"
    bad.write_bytes(bytes(data))
    paths.append(str(bad))
    paths.append(str(d / "missing.warc.gz"))
    return paths


def _missing() -> str | None:
    from regenwatch.spark import spark_missing

    return spark_missing()


@pytest.fixture(scope="module")
def spark():
    """One local[2] session per module: UI off, two shuffle partitions."""
    reason = _missing()
    if reason:
        if IN_CI:
            pytest.fail(f"CI=true but {reason}")
        pytest.skip(reason)
    from regenwatch.spark import get_session

    session = get_session("local[2]", "regenwatch-tests")
    yield session
    session.stop()
