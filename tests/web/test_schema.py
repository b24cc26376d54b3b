"""Property tests against the OpenAPI schema (schemathesis), bounded: no 5xx, responses
conform to the schema, documented status codes only."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from regenwatch.model import Document
from regenwatch.web import Settings, create_app
from tests.web.netguard import _no_dns, no_network  # noqa: F401 (fixture)

OPERATIONS = ["POST /v1/check", "GET /v1/rules", "GET /v1/rules/{code}", "GET /healthz"]


@pytest.fixture(scope="module")
def api_schema():
    # URL input is answered by a stand-in page: these tests are about the API's contract;
    # fetching and its guard are tested in test_ssrf.py.
    def fake_fetch(url: str, id_: str) -> Document:
        return Document(id=id_, source=url, html="<p>Our exosomes are FDA-approved.</p>")

    app = create_app(Settings(workers=2, max_body_bytes=100_000, max_chars=50_000,
                              check_timeout=20.0, resolver=_no_dns, fetch=fake_fetch))
    yield schemathesis.openapi.from_asgi("/openapi.json", app)
    app.state.pool.close()


def _operation(schema, label: str):
    for result in schema.get_all_operations():
        op = result.ok()
        if op.label == label:
            return op
    raise LookupError(label)


def test_schema_lists_the_api(api_schema):
    labels = {r.ok().label for r in api_schema.get_all_operations()}
    assert set(OPERATIONS) <= labels


@pytest.mark.parametrize("label", OPERATIONS)
def test_api_conforms(api_schema, label, no_network):  # noqa: F811
    op = _operation(api_schema, label)
    examples = 40 if label.startswith("POST") else 10

    @given(case=op.as_strategy())
    @settings(max_examples=examples, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case):
        case.call_and_validate()

    run()
