"""Real Chromium against `regenwatch serve` on loopback: type, submit, read the result."""

from __future__ import annotations

import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.web.conftest import CLAIMS, EXAMPLE_PAGE

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    p = context.new_page()
    p.set_default_timeout(15_000)
    yield p
    context.close()


def test_type_text_submit_and_see_highlights(server, page, screenshot_dir):
    page.goto(server + "/")
    page.get_by_label("Paste text").fill(CLAIMS)
    page.get_by_role("button", name="Check text").click()
    page.wait_for_url(server + "/check")
    verdict = page.locator(".verdict")
    assert "High risk" in verdict.inner_text()
    marks = page.locator("#doc mark.hl")
    assert marks.count() >= 3
    assert page.locator("#doc mark.c-approval-claim", has_text="FDA-approved").count() == 1
    assert page.locator("#doc mark.c-safety-claim").count() >= 1
    # The highlighted text reads exactly like the original (notes and numbers are hidden).
    assert page.locator("#doc").inner_text().replace("\n", " ").startswith(CLAIMS[:40])
    # Findings list and questions.
    assert page.locator("ol.findings > li").count() == marks.evaluate_all(
        "ms => new Set(ms.flatMap(m => m.dataset.findings.split(' '))).size")
    assert page.locator(".questions li").count() >= 3
    # The basis opens from the keyboard too.
    why = page.locator("#finding-1 details.basis")
    why.locator("summary").focus()
    page.keyboard.press("Enter")
    assert why.get_attribute("open") is not None
    assert why.locator("li").count() >= 1
    page.screenshot(path=str(screenshot_dir / "result-desktop.png"), full_page=True)


def test_keyboard_focus_shows_the_explanation(server, page, screenshot_dir):
    page.goto(server + "/")
    page.get_by_label("Paste text").fill(CLAIMS)
    page.get_by_label("Paste text").press("Tab")
    page.keyboard.press("Enter")  # the focused "Check text" button
    page.wait_for_url(server + "/check")
    first = page.locator("#doc mark.hl").first
    tip = first.locator(".tip")
    assert not tip.is_visible()
    first.focus()
    assert tip.is_visible()
    assert "regulator" in tip.inner_text().lower() or tip.inner_text()
    described = first.get_attribute("aria-describedby")
    assert page.locator(f"#{described}").count() == 1
    page.screenshot(path=str(screenshot_dir / "result-tooltip.png"))
    page.keyboard.press("Escape")
    assert not tip.is_visible()


def test_upload_html_file(server, page):
    page.goto(server + "/")
    page.get_by_label("Upload a saved web page").set_input_files(str(EXAMPLE_PAGE))
    page.get_by_role("button", name="Check file").click()
    page.wait_for_url(server + "/check")
    assert "High risk" in page.locator(".verdict").inner_text()
    assert page.locator("#doc mark.c-disease-claim").count() >= 1


def test_phone_width_is_readable(server, browser, screenshot_dir):
    context = browser.new_context(viewport={"width": 375, "height": 740},
                                  device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(server + "/")
        page.screenshot(path=str(screenshot_dir / "home-phone.png"), full_page=True)
        page.get_by_label("Paste text").fill(CLAIMS)
        page.get_by_role("button", name="Check text").click()
        page.wait_for_url(server + "/check")
        # Nothing wider than the screen: no sideways scrolling.
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375
        assert "High risk" in page.locator(".verdict").inner_text()
        page.screenshot(path=str(screenshot_dir / "result-phone.png"), full_page=True)
        # A tap shows the note, pinned to the bottom of the screen.
        mark = page.locator("#doc mark.hl").first
        mark.tap()
        tip = mark.locator(".tip")
        assert tip.is_visible()
        box = tip.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375
        page.screenshot(path=str(screenshot_dir / "result-phone-note.png"))
    finally:
        context.close()


def test_home_desktop_screenshot(server, page, screenshot_dir):
    page.goto(server + "/")
    assert page.get_by_role("heading", level=1).count() == 1
    page.screenshot(path=str(screenshot_dir / "home-desktop.png"), full_page=True)


def test_print_layout_hides_notes(server, page, screenshot_dir):
    page.goto(server + "/")
    page.get_by_label("Paste text").fill(CLAIMS)
    page.get_by_role("button", name="Check text").click()
    page.wait_for_url(server + "/check")
    page.emulate_media(media="print")
    assert not page.locator(".actions").is_visible()
    assert page.locator("#doc mark.hl").first.is_visible()
    # Explanations are closed on screen but printed.
    assert page.locator("#finding-1 details.basis li").first.is_visible()
    page.screenshot(path=str(screenshot_dir / "result-print.png"), full_page=True)
    pdf = page.pdf(path=str(screenshot_dir / "result-print.pdf"))
    assert pdf[:4] == b"%PDF"


@pytest.fixture(scope="module")
def origin():
    """A clinic site on loopback serving examples/."""
    class Quiet(SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(EXAMPLE_PAGE.parent), **kwargs)

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_check_a_web_address(server, page, origin):
    page.goto(server + "/")
    page.get_by_label("Give a web address").fill(f"{origin}/{EXAMPLE_PAGE.name}")
    page.get_by_role("button", name="Check address").click()
    page.wait_for_url(server + "/check")
    assert "High risk" in page.locator(".verdict").inner_text()
    assert EXAMPLE_PAGE.name in page.locator(".verdict .checked").inner_text()
    assert page.locator("#doc mark.c-approval-claim").count() >= 1


def test_refused_web_address_is_explained(server, page, screenshot_dir):
    # Only a loopback target here: this server process has no tripwire, so even a broken
    # guard must not be able to reach beyond loopback (private and metadata addresses are
    # tested in test_ssrf.py with the connection layer replaced).
    page.goto(server + "/")
    page.get_by_label("Give a web address").fill("http://localhost:1/admin")
    page.get_by_role("button", name="Check address").click()
    page.wait_for_url(server + "/check")
    assert page.get_by_role("alert").is_visible()
    assert "localhost" in page.get_by_role("alert").inner_text()
    page.screenshot(path=str(screenshot_dir / "error-desktop.png"))
