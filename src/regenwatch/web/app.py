"""The web face: a page for patients and a JSON API for trust-and-safety teams.

Drives `regenwatch.api.check` like every other face; imports no other face (cli, scan,
spark). Checks run in worker processes (pool.py) so a pathological input costs one 504,
not the server. Errors are JSON `{"error": {"kind", "message"}}` on the API and a page on
the site: 400 unreadable request, 413 too large, 422 valid request that cannot be checked
(missing or unknown fields, a URL that is refused or cannot be fetched, binary content),
503 busy, 504 the check ran out of time.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

import anyio
from fastapi import FastAPI, File, Form, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field, model_validator
from starlette.exceptions import HTTPException as StarletteHTTPException

from regenwatch import SCHEMA, __version__
from regenwatch.api import CheckOptions
from regenwatch.model import CATEGORIES, Document
from regenwatch.rules.registry import SelectorError, all_rules, find_rule, validate_selectors
from regenwatch.rules.schema import PackError
from regenwatch.web import page
from regenwatch.web.fetching import FetchFailed, fetch_document
from regenwatch.web.limits import BodyLimit, error_body
from regenwatch.web.pool import CheckTimeout, PoolBusy, WorkerCrashed, WorkerPool

MB = 1_000_000


@dataclass(frozen=True)
class Settings:
    """Limits and knobs; tests shrink them, `regenwatch serve` takes the defaults."""

    max_body_bytes: int = 5 * MB  # whole request (413 beyond)
    max_chars: int = 5 * MB  # characters of text or HTML handed to the check (413 beyond)
    check_timeout: float = 10.0  # seconds one check may run (504 beyond)
    workers: int | None = None  # check processes; default: CPU count
    max_pending: int = 256  # requests waiting for a worker before 503
    queue_timeout: float = 30.0  # seconds a request may wait for a worker before 503
    allow_hosts: tuple[str, ...] = ()  # URL fetching: hosts exempt from the SSRF guard
    fetch_timeout: float = 10.0
    fetch_max_bytes: int = 5 * MB
    fetch_concurrency: int = 8
    resolver: Callable[..., list] | None = field(default=None, compare=False)  # tests
    # tests: replaces URL fetching altogether; (url, id) -> Document, raises FetchFailed
    fetch: Callable[[str, str], Document] | None = field(default=None, compare=False)


class ApiError(Exception):
    def __init__(self, status: int, kind: str, message: str) -> None:
        super().__init__(message)
        self.status, self.kind, self.message = status, kind, message


# -- request and response models (they make the OpenAPI schema) ------------------------

def _selector_values() -> list[str]:
    """Every selector the rule packs accept: codes, code prefixes, names, categories."""
    try:
        infos = all_rules()
    except PackError:  # broken packs: the API reports it per request
        return []
    values: set[str] = set(CATEGORIES)
    for info in infos:
        values.add(info.name)
        values.update(info.code[:n] for n in range(2, len(info.code) + 1))
    return sorted(values)


# The schema lists the selectors (documentation, and what schema-driven clients generate);
# validation stays lenient like the CLI: any case, comma-separated lists.
Selector = Annotated[str, Field(max_length=100, json_schema_extra={"enum": _selector_values()})]

class CheckRequest(BaseModel):
    """One document: `html` wins over `text`, which wins over `url` (as in JSONL input).

    Absent fields default to None; an explicit null is refused (the schema says string)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={
        "examples": [
            {"text": "Our FDA-approved exosome IV cures long COVID. 100% safe."},
            {"url": "https://clinic.example/exosomes", "id": "case-42"},
        ],
        "anyOf": [{"required": ["text"]}, {"required": ["html"]}, {"required": ["url"]}],
    })

    id: str = Field("-", max_length=500, description="Your id for the document; echoed back.")
    text: str = Field(None, description="Plain text to check.")
    html: str = Field(None, description="An HTML page to check (its visible text).")
    url: str = Field(None, max_length=4096,
                            description="An http(s) URL to fetch and check; public "
                                        "addresses only.")
    select: list[Selector] = Field(
        default_factory=list, max_length=50,
        description="Only these rules: code, prefix (RW4), name or category.")
    ignore: list[Selector] = Field(
        default_factory=list, max_length=50, description="Skip these rules.")
    lang: str = Field(None, max_length=20,
                             description="Force a language (en, es...) instead of detecting.")
    include_text: bool = Field(True, description="Include the checked text in the record.")

    @model_validator(mode="after")
    def _one_input(self) -> CheckRequest:
        if self.html is None and self.text is None and self.url is None:
            raise ValueError("give one of 'text', 'html' or 'url'")
        return self


class ErrorDetail(BaseModel):
    kind: str
    message: str


class ErrorResponse(BaseModel):
    error: ErrorDetail


class FindingOut(BaseModel):
    rule: str
    category: str
    severity: Literal["high", "medium"]
    start: int
    end: int
    quote: str
    message: str
    basis: list[str]
    context: dict[str, Any]


class RecordOut(BaseModel):
    """The `regenwatch/1` record, exactly as the CLI and `scan` write it."""

    model_config = ConfigDict(extra="allow")

    schema_: str = Field(alias="schema")
    id: str
    source: str
    lang: str | None
    verdict: Literal["high", "elevated", "low"] | None
    verdict_reasons: list[str]
    score: int = Field(ge=0, le=100)
    findings: list[FindingOut]
    dismissed: list[dict[str, Any]]
    signals: list[dict[str, Any]]
    normalization: dict[str, Any]
    text: str | None
    error: ErrorDetail | None


_ERRORS = {code: {"model": ErrorResponse, "description": text} for code, text in (
    (400, "The request could not be read (bad JSON)."),
    (413, "The request or the text in it is too large."),
    (422, "Missing or invalid fields, an unknown rule, or a URL that is refused or fails."),
    (503, "Too many requests are waiting; retry later."),
    (504, "The check took too long (pathological input)."),
)}


# -- the app ------------------------------------------------------------------------------

def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    pool = WorkerPool(settings.workers, settings.max_pending)
    fetch_limiter = anyio.CapacityLimiter(settings.fetch_concurrency)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        pool.close()

    app = FastAPI(
        title="regenwatch",
        version=__version__,
        summary="Find deceptive claims in exosome and stem-cell marketing.",
        description=(
            "Check a text, an HTML page or a URL and get a `regenwatch/1` record: the verdict "
            "(`high`, `elevated`, `low`), each finding with its offsets into `text`, its "
            "category, message and knowledge-base basis. Errors are "
            "`{\"error\": {\"kind\", \"message\"}}`."
        ),
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.pool = pool
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    app.mount("/static", StaticFiles(directory=_static_dir()), name="static")

    # -- errors --------------------------------------------------------------------------

    def _is_api(request: Request) -> bool:
        return request.url.path.startswith(("/v1", "/healthz"))

    def _error(request: Request, status: int, kind: str, message: str,
               headers: dict | None = None, **extra) -> Response:
        if _is_api(request):
            return JSONResponse(error_body(kind, message, **extra), status, headers=headers)
        return HTMLResponse(page.error_page(status, message, kind), status,
                            headers={**page.SECURITY_HEADERS, **(headers or {})})

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError):
        headers = {"Retry-After": "5"} if exc.status == 503 else None
        return _error(request, exc.status, exc.kind, exc.message, headers)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError):
        errors = exc.errors()
        if any(e.get("type") == "json_invalid" for e in errors):
            return _error(request, 400, "bad-json", "the request body is not valid JSON")
        if any(tuple(e.get("loc", ())) == ("body",) and e.get("type") in (
                "model_attributes_type", "dict_type", "missing") for e in errors):
            return _error(request, 400, "bad-json", "the request body must be a JSON object")
        detail = [{"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", ""))}
                  for e in errors[:20]]
        first = detail[0] if detail else {"loc": [], "msg": "invalid request"}
        message = f"{'.'.join(first['loc'][1:]) or 'request'}: {first['msg']}"
        return _error(request, 422, "invalid-request", message, detail=detail)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException):
        kinds = {400: "bad-request", 404: "not-found", 405: "method-not-allowed",
                 413: "too-large"}
        return _error(request, exc.status_code, kinds.get(exc.status_code, "http-error"),
                      str(exc.detail), getattr(exc, "headers", None))

    # -- shared work ---------------------------------------------------------------------

    def _options(select, ignore, lang, include_text) -> CheckOptions:
        select = tuple(s for v in select for s in v.split(",") if s.strip())
        ignore = tuple(s for v in ignore for s in v.split(",") if s.strip())
        try:
            validate_selectors(select + ignore)
        except (SelectorError, PackError) as exc:
            raise ApiError(422, "unknown-rule", str(exc)) from exc
        return CheckOptions(select=select, ignore=ignore, include_text=include_text,
                            language=lang or None, max_chars=settings.max_chars)

    async def _document(id_: str, text: str | None, html: str | None,
                        url: str | None) -> Document:
        for value in (html, text):
            if value is not None and len(value) > settings.max_chars:
                raise ApiError(413, "too-large",
                               f"the text is longer than {settings.max_chars} characters")
        if html is not None:
            return Document(id=id_, source="-", html=html)
        if text is not None:
            return Document(id=id_, source="-", text=text)
        assert url is not None
        url = url.strip()
        fetch = settings.fetch or functools.partial(
            fetch_document, allow_hosts=settings.allow_hosts, timeout=settings.fetch_timeout,
            max_bytes=settings.fetch_max_bytes, resolver=settings.resolver)
        try:
            async with fetch_limiter:
                return await anyio.to_thread.run_sync(fetch, url, id_ if id_ != "-" else url)
        except FetchFailed as exc:
            raise ApiError(422, exc.kind, str(exc)) from exc

    async def _run(doc: Document, options: CheckOptions) -> dict[str, Any]:
        try:
            limits = app.state.settings  # read per request: time limits can be changed live
            record = await pool.check(doc, options, limits.check_timeout,
                                      limits.queue_timeout)
        except CheckTimeout as exc:
            raise ApiError(504, "timeout", str(exc)) from exc
        except PoolBusy as exc:
            raise ApiError(503, "busy", f"the server is busy ({exc}); retry later") from exc
        except WorkerCrashed as exc:
            raise ApiError(500, "internal", "the check failed; this is a bug") from exc
        error = record.get("error")
        if error:  # the engine refused the document itself (too large, empty...)
            status = 413 if error.get("kind") == "too-large" else 422
            raise ApiError(status, error.get("kind", "error"), error.get("message", ""))
        return record

    # -- JSON API ------------------------------------------------------------------------

    @app.post("/v1/check", response_model=RecordOut, responses=_ERRORS, tags=["check"],
              summary="Check a text, an HTML page or a URL")
    async def api_check(body: CheckRequest) -> JSONResponse:
        options = _options(body.select, body.ignore, body.lang, body.include_text)
        doc = await _document(body.id, body.text, body.html, body.url)
        return JSONResponse(await _run(doc, options))

    @app.get("/v1/rules", tags=["rules"], summary="Every rule: code, category, message, "
             "why, basis, examples")
    def api_rules() -> list[dict[str, Any]]:
        return [_rule_json(info) for info in all_rules()]

    @app.get("/v1/rules/{code}", tags=["rules"], summary="One rule by code or name",
             responses={404: {"model": ErrorResponse, "description": "No such rule."}})
    def api_rule(code: str) -> dict[str, Any]:
        info = find_rule(code) if len(code) <= 100 else None
        if info is None:
            raise ApiError(404, "not-found", f"no rule {code[:100]!r}; GET /v1/rules lists them")
        return _rule_json(info)

    kb_data = _kb_everything()
    if kb_data is not None:
        @app.get("/v1/kb", tags=["knowledge base"],
                 summary="The knowledge base: facts with sources, approved products, "
                         "category texts, patient questions")
        def api_kb() -> dict[str, Any]:
            return _kb_everything() or {}

    @app.get("/healthz", tags=["health"], summary="Liveness and version")
    def healthz() -> dict[str, Any]:
        return {"status": "ok", "version": __version__, "schema": SCHEMA,
                "workers": pool.size, "worker_restarts": pool.restarts}

    # -- the page ------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home() -> HTMLResponse:
        return _page(page.home_page(max_bytes=settings.max_body_bytes))

    @app.post("/check", response_class=HTMLResponse, include_in_schema=False)
    async def page_check(
        text: Annotated[str | None, Form()] = None,
        url: Annotated[str | None, Form()] = None,
        file: Annotated[UploadFile | None, File()] = None,
    ) -> HTMLResponse:
        given: dict[str, str] = {}
        if file is not None and file.filename:
            raw = await file.read()
            content = _decode_upload(raw)
            is_html = file.filename.lower().endswith((".html", ".htm", ".xhtml")) \
                or b"<html" in raw[:4096].lower()
            given["html" if is_html else "text"] = content
            source_label = f"the file {file.filename}"
        elif text is not None and text.strip():
            given["text"] = text
            source_label = "the text you pasted"
        elif url is not None and url.strip():
            given["url"] = url.strip()
            source_label = url.strip()
        else:
            raise ApiError(422, "empty", "Paste some text, choose a file or give a web "
                                         "address, then press Check.")
        options = _options([], [], None, True)
        doc = await _document("-", given.get("text"), given.get("html"), given.get("url"))
        record = await _run(doc, options)
        return _page(page.result_page(record, source_label))

    return app


def _page(html: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(html, status, headers=page.SECURITY_HEADERS)


def _static_dir() -> str:
    return str(Path(str(resources.files("regenwatch.web").joinpath("static"))))


def _rule_json(info) -> dict[str, Any]:
    from regenwatch.report.rules import rule_json

    out = rule_json(info)
    source = str(out.get("source", ""))
    marker = "regenwatch/"
    if marker in source:  # no server paths in the API: package-relative source
        out["source"] = source[source.rindex(marker):]
    return out


def _kb_everything() -> dict[str, Any] | None:
    try:
        from regenwatch import kb
    except ImportError:
        return None
    base = kb.load()
    return {
        "facts": [f.to_json() for f in base.facts.values()],
        "products": [p.to_json() for p in base.products],
        "categories": [c.to_json() for c in base.categories()],
        "questions": {lang: [q.to_json() for q in base.questions(lang)]
                      for lang in base.languages()},
    }


def _decode_upload(raw: bytes) -> str:
    if not raw.strip():
        raise ApiError(422, "empty", "The file is empty.")
    if b"\x00" in raw[:8192]:
        raise ApiError(422, "binary", "The file is not a text or HTML file.")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None:
        raise ApiError(422, "decode", "The file's characters could not be read.")
    return str(best)
