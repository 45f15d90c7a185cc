import io
import json
import sys

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from claims.demo import CORPUS, DEMO_USERNAME
from claims.models import Article, Claim, Figure, Publisher

pytestmark = pytest.mark.django_db


def run(*args, stdin: str | None = None, monkeypatch=None):
    out, err = io.StringIO(), io.StringIO()
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_articles_reads_a_folder_with_its_manifest_and_is_safe_to_run_twice(folder):
    out, _ = run("import_articles", str(folder), "--manifest", str(folder / "manifest.csv"))
    assert out.strip() == "created 2, updated 0, skipped 0, failed 0"
    assert sorted(Publisher.objects.values_list("name", flat=True)) == ["Continental Wire", "Harbor Daily"]
    out, _ = run("import_articles", str(folder), "--manifest", str(folder / "manifest.csv"))
    assert out.strip() == "created 0, updated 0, skipped 2, failed 0"


def test_import_articles_with_only_a_manifest_imports_the_files_it_lists(folder):
    out, _ = run("import_articles", "--manifest", str(folder / "manifest.csv"))
    assert out.strip() == "created 2, updated 0, skipped 0, failed 0"


def test_import_articles_dry_run_writes_nothing(folder):
    out, _ = run("import_articles", str(folder), "--manifest", str(folder / "manifest.csv"), "--dry-run")
    assert out.splitlines() == ["created 2, updated 0, skipped 0, failed 0", "dry run: nothing was written"]
    assert Article.objects.count() == 0


def test_import_articles_names_each_failed_file_imports_the_rest_and_exits_non_zero(folder):
    (folder / "undated.txt").write_text("No date for this one: 12 dead.")
    (folder / "binary.txt").write_bytes(b"\xff\xfe\x00bad")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match=r"^2 of 4 input\(s\) failed; see the reasons above$"):
        call_command("import_articles", str(folder), "--manifest", str(folder / "manifest.csv"),
                     "--publisher", "Plains Gazette", stdout=out, stderr=err)
    assert out.getvalue().strip() == "created 2, updated 0, skipped 0, failed 2"
    assert f"failed {folder / 'binary.txt'}: not UTF-8 text" in err.getvalue()
    assert f"failed {folder / 'undated.txt'}: no publication date" in err.getvalue()
    assert Article.objects.count() == 2


def test_import_articles_publisher_and_date_options_date_plain_files(tmp_path):
    (tmp_path / "a.txt").write_text("Flood\n\nAbout 3,000 homes were damaged.\n")
    run("import_articles", str(tmp_path / "a.txt"), "--publisher", "Plains Gazette", "--published-on", "2013-06-24")
    article = Article.objects.get()
    assert (article.publisher.name, str(article.published_on), article.title) == (
        "Plains Gazette", "2013-06-24", "Flood")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "give at least one PATH or --url, or a --manifest whose rows name the files"),
        (("x.txt", "--published-on", "yesterday"), "publication date 'yesterday' is not a date in the form YYYY-MM-DD"),
    ],
)
def test_import_articles_refuses_bad_options(args, message):
    with pytest.raises(CommandError, match=f"^{message}$"):
        call_command("import_articles", *args, stdout=io.StringIO(), stderr=io.StringIO())


def test_extract_claims_prints_mentions_as_json_and_writes_nothing(tmp_path):
    text = "More than 100,000 people have died in the war, the UN says.\n"
    (tmp_path / "a.txt").write_text(text)
    out, _ = run("extract_claims", str(tmp_path / "a.txt"), "--published-on", "2014-01-13")
    [mention] = [m for m in json.loads(out) if m["kind"] == "death_toll"]
    assert (mention["qualifier"], mention["low"], mention["high"]) == ("more_than", 100000, None)
    assert text[mention["start"]:mention["end"]] == mention["text"]
    assert Article.objects.count() == 0


def test_extract_claims_reads_standard_input(monkeypatch):
    out, _ = run("extract_claims", "-", "--published-on", "2012-03-12", stdin="They met on Saturday.",
                 monkeypatch=monkeypatch)
    [mention] = json.loads(out)
    assert (mention["kind"], mention["date"], mention["date_precision"]) == ("date", "2012-03-10", "day")


def test_extract_claims_without_a_date_says_it_uses_today(monkeypatch):
    _, err = run("extract_claims", "-", stdin="Some 40 people died.", monkeypatch=monkeypatch)
    assert err.startswith("no --published-on given: relative dates resolve against today, ")


def test_extract_claims_reports_a_missing_file():
    with pytest.raises(CommandError, match="^missing.txt: No such file or directory$"):
        call_command("extract_claims", "missing.txt", "--published-on", "2014-01-13")


def test_load_demo_loads_the_corpus_and_the_reviewer_and_is_idempotent():
    lines = [line for line in CORPUS.read_text().splitlines() if line.strip()]
    out, _ = run("load_demo")
    proposed = Figure.objects.filter(status="proposed").count()
    assert proposed >= 3  # the overall toll, its episodes and the flood figures at least
    assert out.splitlines() == [
        f"created {len(lines)}, updated 0, skipped 0, failed 0",
        f"proposed {proposed} figure(s) for review",
        "demo logins: reviewer / reviewer, editor / editor, viewer / viewer, admin / admin",
    ]
    assert Publisher.objects.count() >= 5
    assert Claim.objects.filter(kind="death_toll").count() >= 10
    out, _ = run("load_demo")
    assert out.splitlines()[:2] == [f"created 0, updated 0, skipped {len(lines)}, failed 0",
                                    "proposed 0 figure(s) for review"]
    reviewer = authenticate(username=DEMO_USERNAME, password="reviewer")
    assert reviewer.has_perm("claims.review_claim") and not reviewer.has_perm("claims.publish_verdict")
    assert authenticate(username="editor", password="editor").has_perm("claims.publish_verdict")
    assert not authenticate(username="viewer", password="viewer").has_perm("claims.review_claim")


def test_reextract_reports_what_changed(folder):
    run("import_articles", str(folder), "--manifest", str(folder / "manifest.csv"))
    Claim.objects.filter(kind="death_toll").delete()
    out, _ = run("reextract", "--dry-run")
    assert out.strip().endswith("added 1, updated 0, removed 0, kept 0 (dry run: nothing written)")
    assert not Claim.objects.filter(kind="death_toll").exists()
    out, _ = run("reextract")
    assert out.strip().endswith("added 1, updated 0, removed 0, kept 0")
    assert Claim.objects.filter(kind="death_toll").count() == 1


def test_reextract_refuses_an_unknown_article():
    with pytest.raises(CommandError, match="^no article with id 999$"):
        call_command("reextract", "--article", "999", stdout=io.StringIO())
