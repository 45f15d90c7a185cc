"""JSON-LD (and JSON) exports can be pasted into an HTML <script> element as they are: "<", ">" and "&"
are JSON escapes, so a hostile name cannot close the element."""

import json

import pytest
from rest_framework.test import APIClient

from tests.factories import make_article, make_claim, make_figure, make_verdict

pytestmark = pytest.mark.django_db

HOSTILE = "Toll </script><script>alert(1)</script> & <!-- more"


@pytest.mark.parametrize("url", ["/api/v1/verdicts/{pk}/?format=jsonld", "/api/v1/verdicts/?format=jsonld",
                                 "/api/v1/export/?format=jsonld", "/api/v1/export/?format=json"])
def test_exports_escape_markup_characters_and_keep_the_data(url):
    claim = make_claim(make_article(f"{HOSTILE}: more than 5,000 people died."), status="accepted")
    figure = make_figure(HOSTILE)
    claim.figure = figure
    claim.save(update_fields=["figure"])
    verdict = make_verdict(figure, [claim], note=HOSTILE)
    response = APIClient().get(url.format(pk=verdict.pk))
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200
    assert not {b"<", b">", b"&"} & {bytes([byte]) for byte in content}
    assert HOSTILE in json.dumps(json.loads(content), ensure_ascii=False)
