"""A client generated from the schema, as a client developer would make one, works as is: the schema is dumped
with ``manage.py spectacular`` (validated), openapi-python-client generates a client from it offline, every
module of the client imports, and a short script drives a live server with it: get a token, list and page
figures, read a verdict and its sources, publish a verdict as an editor, and read an error as the documented
model.

About 10 s: one schema dump and one generation (subprocesses), then a few requests.
"""

import datetime
import importlib
import os
import pkgutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from tests.factories import make_article, make_claim, make_figure, make_member, make_verdict

ROOT = Path(__file__).resolve().parents[2]
CONFIG = Path(__file__).parent / "client" / "openapi-python-client.yaml"
PACKAGE = "factcheck_client"
PASSWORD = "editor-pass-phrase-7"


def _run(*command: str) -> str:
    result = subprocess.run(command, cwd=ROOT, env=os.environ.copy(), capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """The generated package's modules, imported from a temporary folder; dropped again afterwards."""
    folder = tmp_path_factory.mktemp("client")
    schema = folder / "schema.yaml"
    # The system checks want a migrated database, which this dump does not read.
    _run(sys.executable, "manage.py", "spectacular", "--skip-checks", "--validate", "--fail-on-warn",
         "--file", str(schema))
    output = _run(sys.executable, "-m", "openapi_python_client", "generate", "--path", str(schema),
                  "--meta", "none", "--config", str(CONFIG), "--output-path", str(folder / PACKAGE))
    # A warning means an operation or model was left out of the client.
    assert "Warning" not in output, output
    sys.path.insert(0, str(folder))
    try:
        package = importlib.import_module(PACKAGE)
        names = [PACKAGE] + [info.name for info in pkgutil.walk_packages(package.__path__, PACKAGE + ".")]
        yield {name: importlib.import_module(name) for name in names}
    finally:
        sys.path.remove(str(folder))
        for name in [name for name in sys.modules if name == PACKAGE or name.startswith(PACKAGE + ".")]:
            del sys.modules[name]


def test_every_module_of_the_generated_client_imports(generated):
    operations = [name for name in generated if name.startswith(f"{PACKAGE}.api.") and name.count(".") == 3]
    assert len(operations) >= 17
    assert all(hasattr(generated[name], "sync_detailed") for name in operations)


@pytest.fixture
def newsroom(db):
    """Two figures with published verdicts, and one whose accepted claim awaits a verdict; an editor."""
    editor = make_member("editor", "desk-editor")
    editor.set_password(PASSWORD)
    editor.save(update_fields=["password"])
    verdicts = []
    for number, name in enumerate(["Flood death toll", "Quake death toll"]):
        article = make_article(f"Officials said at least {40 + number} people died.", title=f"Report {number}")
        figure = make_figure(name)
        claim = make_claim(article, text=str(40 + number), figure=figure, status="accepted", low=40 + number)
        verdicts.append(make_verdict(figure, [claim], low=40 + number))
    waiting = make_figure("Storm death toll")
    claim = make_claim(make_article("At least 12 people died in the storm.", title="Storm"), text="12",
                       figure=waiting, status="accepted", low=12, high=None, qualifier="at_least")
    return {"verdicts": verdicts, "waiting": waiting, "claim": claim}


def test_a_generated_client_gets_a_token_pages_figures_reads_a_verdict_and_publishes(generated, newsroom,
                                                                                     live_server):
    client_module, models = generated[f"{PACKAGE}.client"], generated[f"{PACKAGE}.models"]

    def operation(name):
        return generated[f"{PACKAGE}.api.{name}"]

    anonymous = client_module.Client(base_url=live_server.url, raise_on_unexpected_status=True)

    # A token, with no credentials (the endpoint is open).
    token = operation("auth.auth_token_create").sync(
        client=anonymous, body=models.AuthTokenRequest(username="desk-editor", password=PASSWORD))
    assert isinstance(token, models.Token) and len(token.token) == 40

    # Figures, one a page, following the cursor of the first page.
    figures = operation("figures.figures_list")
    first = figures.sync(client=anonymous, page_size=1, ordering=models.FiguresListOrdering.NAME)
    cursor = parse_qs(urlparse(first.next_).query)["cursor"][0]
    second = figures.sync(client=anonymous, page_size=1, ordering=models.FiguresListOrdering.NAME, cursor=cursor)
    assert [page.results[0].name for page in (first, second)] == ["Flood death toll", "Quake death toll"]
    assert second.next_ is None

    # A verdict, its sources as a count and a link, and the claims behind the link.
    verdict_id = newsroom["verdicts"][0].pk
    verdict = operation("verdicts.verdicts_retrieve").sync(str(verdict_id), client=anonymous)
    assert isinstance(verdict, models.Verdict)
    assert (verdict.figure.name, verdict.rating, verdict.sources_count) == ("Flood death toll",
                                                                            models.RatingEnum.VERIFIED, 1)
    sources = operation("claims.claims_list").sync(client=anonymous, verdict=verdict_id)
    assert [claim.text for claim in sources.results] == ["40"]

    # An editor publishes a verdict on the waiting figure.
    editor = client_module.AuthenticatedClient(base_url=live_server.url, token=token.token, prefix="Token",
                                               raise_on_unexpected_status=True)
    waiting = newsroom["waiting"]
    body = models.PublishRequest(version=waiting.version, as_of=datetime.date(2014, 1, 13),
                                 rating=models.RatingEnum.VERIFIED, claims=[newsroom["claim"].pk], low="12",
                                 high=None, note="One source so far.")
    published = operation("figures.figures_publish_create").sync(str(waiting.pk), client=editor, body=body)
    assert isinstance(published, models.Verdict)
    assert (published.figure.id, published.interval, published.sources_count) == (waiting.pk, "at least 12 people",
                                                                                  1)

    # A refusal comes back as the documented error model.
    missing = operation("claims.claims_retrieve").sync_detailed("999999", client=anonymous)
    assert (missing.status_code, missing.parsed.detail) == (404, "No Claim matches the given query.")
