"""Originators matched from attributions: the pure matching rules, the seeded alias table, and the import."""

import datetime

import pytest

from claims.ingest.importer import import_article
from claims.ingest.originators import AliasTable, alias_table, words
from claims.ingest.readers import ArticleRecord
from claims.models import Originator


@pytest.mark.parametrize(("text", "expected"), [
    ("the U.N.'s officials", ("the", "UN", "officials")),
    ("U.S.-led coalition", ("US", "led", "coalition")),
    ("Syria’s health ministry", ("Syria", "health", "ministry")),
    ("Dr. Smith", ("Dr", "Smith")),
    ("secretary-general", ("secretary", "general")),
    ("", ()),
])
def test_words_drop_acronym_dots_possessives_and_punctuation(text, expected):
    assert words(text) == expected


TABLE = AliasTable([
    (1, "United Nations", ["UN", "U.N. officials"]),
    (2, "UNHCR", ["UN refugee agency", "United Nations refugee agency"]),
    (3, "World Health Organization", ["WHO"]),
    (4, "Syrian Observatory for Human Rights", ["SOHR", "the Observatory"]),
])


@pytest.mark.parametrize(("attribution", "expected"), [
    ("the United Nations", 1),
    ("United Nations officials", 1),
    ("the U.N.", 1),
    ("A senior U.N. political official", 1),
    ("the United Nations refugee agency", 2),   # the longest alias wins
    ("the U.N. refugee agency", 2),
    ("the WHO", 3),
    ("those who fled", None),                   # an acronym matches in capitals only
    ("the observatory", 4),                     # a leading "the" of an alias is ignored; case is not
    ("a monitoring group", None),
    ("Unnamed officials", None),                # whole words only
    ("", None),
])
def test_the_longest_alias_found_as_whole_words_names_the_originator(attribution, expected):
    assert TABLE.match(attribution) == expected


def test_equal_matches_go_to_the_lowest_id():
    table = AliasTable([(7, "Red Cross", []), (3, "ICRC", ["Red Cross"])])
    assert table.match("the Red Cross") == 3


@pytest.mark.django_db
@pytest.mark.parametrize(("attribution", "name"), [
    ("the UN", "United Nations"),
    ("U.N.", "United Nations"),
    ("United Nations", "United Nations"),
    ("UN officials", "United Nations"),
    ("U.N. officials", "United Nations"),
    ("The U.N. secretary-general", "United Nations"),
    ("the United Nations human rights office", "United Nations"),
    ("the Syrian Observatory for Human Rights", "Syrian Observatory for Human Rights"),
    ("The Observatory", "Syrian Observatory for Human Rights"),
    ("SOHR", "Syrian Observatory for Human Rights"),
    ("the World Health Organization", "World Health Organization"),
    ("the Red Cross", "International Committee of the Red Cross"),
    ("ICRC", "International Committee of the Red Cross"),
    ("the United Nations refugee agency", "UNHCR"),
    ("OCHA", "OCHA"),
    ("Amnesty", "Amnesty International"),
    ("Human Rights Watch", "Human Rights Watch"),
    ("Doctors Without Borders", "Doctors Without Borders"),
    ("MSF", "Doctors Without Borders"),
    ("Syria's health ministry", "Syrian Ministry of Health"),
    ("the Gaza health ministry", "Gaza Ministry of Health"),
    ("The United States", "United States government"),
    ("a monitoring group", None),
    ("Police", None),
])
def test_the_seeded_table_maps_the_usual_names_to_one_originator(attribution, name):
    matched = alias_table().match(attribution)
    assert (Originator.objects.get(pk=matched).name if matched else None) == name


@pytest.mark.django_db
def test_an_alias_added_by_a_reviewer_is_used_by_the_next_import():
    originator = Originator.objects.create(name="Wrenford police", aliases=["police in Wrenford"])
    record = ArticleRecord(
        body="More than 40 people are missing, police in Wrenford said on Sunday. The U.N. said 3 died.",
        source="test", publisher="Plains Gazette", published_on=datetime.date(2013, 6, 24), title="Flood",
    )
    article, _ = import_article(record)
    found = {claim.attribution: claim.originator for claim in article.claims.select_related("originator")}
    assert found == {"police in Wrenford": originator, "The U.N.": Originator.objects.get(name="United Nations")}
