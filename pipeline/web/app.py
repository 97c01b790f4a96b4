"""Routes: the page (GET /, POST /check), exports (POST /export/{format}) and the JSON API
(POST /api/check). Each handler validates, hands one job to the CheckRunner, renders."""
from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path
from typing import Optional

from fastapi import FastAPI, File, Form, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from pipeline import __version__
from pipeline.config import Settings
from pipeline.errors import CheckTimedOut, InputError, InputTooLarge, ServerBusy, TickercheckError
from pipeline.report import formats
from pipeline.report.charts import chart_bars
from pipeline.report.to_html import ASSETS, template_env
from pipeline.report.view import report_view
from pipeline.run import Checker, check_text
from pipeline.web.guard import BodyLimit, BodyRefused, Limits, SecurityHeaders
from pipeline.web.inputs import article_text, published_value, uploaded_text
from pipeline.web.runner import CheckRunner, warm_up
from pipeline.web.schemas import CheckRequest, CheckResponse, ErrorResponse

TEMPLATES = template_env(Path(__file__).parent / "templates")
ZONES = ("UTC", "America/New_York", "America/Chicago", "America/Los_Angeles", "Europe/London",
         "Europe/Berlin", "Asia/Shanghai", "Asia/Hong_Kong", "Asia/Tokyo", "Asia/Singapore", "Australia/Sydney")
STATUS = ((InputTooLarge, 413), (InputError, 400), (ServerBusy, 503), (CheckTimedOut, 504))
ERRORS = {status: {"model": ErrorResponse} for status in (400, 413, 422, 503, 504)}
EMPTY_FORM = {"published": "", "time": "", "timezone": "UTC", "text": ""}


def create_app(settings: Settings | None = None, limits: Limits = Limits()) -> FastAPI:
    runner = CheckRunner(settings or Settings.from_env(), limits.max_pending, limits.timeout_s)

    @asynccontextmanager
    async def lifespan(_app):
        await runner.run(warm_up)
        yield
        runner.close()

    # Swagger UI would load scripts from a CDN: the schema is served, the viewer is not.
    app = FastAPI(title="tickercheck", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  openapi_url="/api/openapi.json",
                  description="Checks the numeric market claims in an article against daily prices.")
    app.add_middleware(BodyLimit, max_bytes=limits.max_body_bytes)
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=ASSETS), name="static")

    def page(status: int = 200, form: dict | None = None, **values) -> HTMLResponse:
        html = TEMPLATES.get_template("page.html").render(form=form or EMPTY_FORM, zones=ZONES, version=__version__,
                                                          limits=limits, **values)
        return HTMLResponse(html, status_code=status)

    def refuse(request: Request, error: TickercheckError, status: int | None = None) -> Response:
        status = status or next((code for kind, code in STATUS if isinstance(error, kind)), 500)
        headers = {"Retry-After": "5"} if status == 503 else None
        if request.url.path.startswith("/api/"):
            body = {"error": {"code": error.code, "message": str(error)}}
            return JSONResponse(body, status_code=status, headers=headers)
        return page(status, getattr(request.state, "form", None), error=str(error))

    @app.exception_handler(TickercheckError)
    async def on_error(request: Request, exc: TickercheckError):
        return refuse(request, exc)

    @app.exception_handler(BodyRefused)
    async def on_body_refused(request: Request, exc: BodyRefused):
        return refuse(request, exc.error)

    @app.exception_handler(RequestValidationError)
    async def on_invalid(request: Request, exc: RequestValidationError):
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'] if p != 'body') or 'body'}: {e['msg']}"
                             for e in exc.errors())
        return refuse(request, InputError(f"invalid request: {problems}"), 422)

    async def read_form(request: Request, text: str, upload: Optional[UploadFile], published: str,
                        time: str, timezone: str) -> tuple[str, object]:
        form = {"published": published, "time": time, "timezone": timezone, "text": text}
        request.state.form = form
        if upload is not None and upload.filename:
            uploaded = uploaded_text(upload.filename, upload.content_type, await upload.read(), limits.max_article_chars)
            text = uploaded.text
            if not published.strip() and uploaded.published:
                published = form["published"] = uploaded.published
                form["note"] = f"Publication date {uploaded.published} read from the uploaded page's metadata."
        else:
            text = article_text(text, limits.max_article_chars)
        form["text"] = text  # the page shows what was checked, e.g. the text of an uploaded page
        return text, published_value(published, time, timezone)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def home():
        return page()

    @app.post("/check", response_class=HTMLResponse, include_in_schema=False)
    async def check_page(request: Request, text: str = Form(""), file: Optional[UploadFile] = File(None),
                         published: str = Form(""), time: str = Form(""), timezone: str = Form("UTC")):
        """The form: paste or upload, check, see the article with its claims highlighted."""
        article, when = await read_form(request, text, file, published, time, timezone)

        def job(checker: Checker):
            report = check_text(article, when, checker=checker)
            return report_view(report, lambda c: chart_bars(checker.store, c))

        view = await runner.run(job)
        return page(form=request.state.form, view=view)

    @app.post("/export/{fmt}", include_in_schema=False)
    async def export(request: Request, fmt: str, text: str = Form(""), file: Optional[UploadFile] = File(None),
                     published: str = Form(""), time: str = Form(""), timezone: str = Form("UTC")):
        """The same form, answered with a download: json, csv, html or claimreview."""
        exporter = formats.EXPORTERS.get(fmt)
        if exporter is None:
            raise InputError(f"unknown export format '{fmt}': use one of {', '.join(formats.EXPORTERS)}")
        article, when = await read_form(request, text, file, published, time, timezone)
        body = await runner.run(lambda checker: exporter.render(check_text(article, when, checker=checker), checker))
        return Response(body, media_type=exporter.media_type,
                        headers={"Content-Disposition": f'attachment; filename="tickercheck-report.{exporter.suffix}"'})

    @app.post("/api/check", response_model=CheckResponse, responses=ERRORS, tags=["check"])
    async def api_check(request: CheckRequest) -> dict:
        """Check one article. Errors come back as `{"error": {"code", "message"}}` with a 4xx
        status (400 bad input, 413 too large, 422 malformed request) or 503/504 when the server
        is saturated or the check ran out of time."""
        text = article_text(request.text, limits.max_article_chars)
        when = published_value(request.published, request.time, request.timezone)
        report = await runner.run(lambda checker: check_text(text, when, checker=checker))
        return report.to_dict()

    return app


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 8000) -> None:
    import uvicorn

    uvicorn.run(create_app(settings), host=host, port=port, log_level="info", server_header=False)
