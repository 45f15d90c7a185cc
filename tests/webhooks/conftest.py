"""The webhook tests' receiver (a tiny HTTP server on 127.0.0.1 in a thread: nothing else is ever contacted),
task backends and a verdict publisher."""

import datetime
import http.server
import threading
import time

import pytest

from claims.reconcile.verdicts import publish_verdict
from tests.factories import make_article, make_claim, make_figure, make_member
from webhooks import signing

SECRET = "s3cret-for-tests"
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


class Receiver:
    """Answers each POST with the next status of ``statuses`` (the last one repeats) and records it."""

    def __init__(self, statuses):
        self.statuses, self.requests = list(statuses), []
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                raw = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append({"headers": dict(self.headers), "body": raw, "path": self.path})
                status = receiver.statuses.pop(0) if len(receiver.statuses) > 1 else receiver.statuses[0]
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def verified(self, request) -> bool:
        headers = request["headers"]
        return signing.verify(SECRET, headers[signing.TIMESTAMP_HEADER], request["body"],
                              headers[signing.SIGNATURE_HEADER], now=int(time.time()))


@pytest.fixture
def receiver_factory():
    started = []

    def start(*statuses):
        receiver = Receiver(statuses or (200,))
        receiver.thread.start()
        started.append(receiver)
        return receiver

    yield start
    for receiver in started:
        receiver.server.shutdown()
        receiver.server.server_close()


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = IMMEDIATE
    settings.WEBHOOK_MAX_ATTEMPTS = 3


@pytest.fixture
def published(django_capture_on_commit_callbacks):
    """Publish a verdict through the core, running its on-commit hooks; returns a function."""
    figure = make_figure("Civil war death toll")
    article = make_article("Officials said at least 100,000 people were killed.")
    claim = make_claim(article, text="100,000", figure=figure, status="accepted", low=100000, high=None)
    editor = make_member("editor")

    def publish():
        with django_capture_on_commit_callbacks(execute=True):
            return publish_verdict(figure, actor=editor, version=figure.version, as_of=datetime.date(2014, 1, 13),
                                   low=100000, high=None, rating="verified", claims=[claim])

    publish.editor = editor
    return publish
