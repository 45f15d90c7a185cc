"""Boilerplate on sites the extractor has never seen: appeals, sign-up boxes, cookie banners, chrome.

The paragraphs below are written for this project in the manner of common news sites. Each appeal must
be cut whole; each news paragraph that merely reports money, donations or subscriptions must stay.
"""

import datetime

import pytest

from claims.extraction import boilerplate_spans, extract

PUBLISHED = datetime.date(2024, 5, 15)
NEWS = "Rescuers pulled 14 survivors from the rubble on Tuesday, the fire service said."

APPEALS = {
    "support-our-journalism": (
        "Millions of readers rely on our fearless reporting every day. Unlike many others, we have no "
        "shareholders and no billionaire owner. If you value what we do, please consider supporting us "
        "today with a contribution of as little as $1. It takes only a minute. Thank you."
    ),
    "newsletter": (
        "Sign up to our morning briefing. Get the five stories you need in your inbox every weekday. "
        "Enter your email address. By subscribing you agree to our privacy policy."
    ),
    "cookie-banner": (
        "We use cookies and similar technologies to improve your experience, measure audiences and show "
        "you personalised ads. You can accept all or manage your preferences at any time."
    ),
    "membership": (
        "Become a member for $5 a month and enjoy unlimited access, an ad-free app and exclusive events. "
        "Already a subscriber? Log in."
    ),
    "paywall": "You have read 3 of your 4 free articles this month. Subscribe now for 50% off the first year.",
}
CHROME_LINES = [
    "Read more", "Share", "Advertisement", "Subscribe now", "Skip to main content", "Donate now",
    "Read more: Floods kill 40 in the north", "Related: Ministers meet for 3 days of talks",
]
NEWS_PARAGRAPHS = [
    "The charity said donations fell by 20 percent last year, to $4 million, as inflation squeezed households.",
    "Subscriptions to the state broadcaster rose to 2.1 million in March, the regulator said.",
    "Police said the suspect had collected more than $30,000 in fake donations since January.",
    "The newspaper's owner said it would cut 40 jobs after advertising revenue dropped by a third.",
    "Voters in the district will decide on Sunday whether to fund a new library with a $2 million bond.",
    "The ministry said cookies and sweets made up 12 percent of the school meal budget.",
]


def cut(text: str) -> str:
    return "".join(text[start:end] for start, end in boilerplate_spans(text))


@pytest.mark.parametrize("name", sorted(APPEALS))
def test_an_appeal_paragraph_between_news_paragraphs_is_cut_whole(name):
    text = f"{NEWS}\n\n{APPEALS[name]}\n\n{NEWS}"
    assert boilerplate_spans(text) == [(text.index(APPEALS[name]), text.index(APPEALS[name]) + len(APPEALS[name]))]


@pytest.mark.parametrize("name", sorted(APPEALS))
def test_an_appeal_paragraph_yields_no_mention(name):
    text = f"{NEWS}\n\n{APPEALS[name]}"
    assert [m.text for m in extract(text, PUBLISHED)] == ["14 survivors", "on Tuesday"]


@pytest.mark.parametrize("line", CHROME_LINES)
def test_a_chrome_line_at_the_end_of_an_article_is_cut(line):
    text = f"{NEWS}\n{line}"
    assert cut(text) == line


@pytest.mark.parametrize("paragraph", NEWS_PARAGRAPHS)
def test_a_news_paragraph_about_money_or_donations_is_kept(paragraph):
    text = f"{NEWS}\n\n{paragraph}\n\n{NEWS}"
    assert boilerplate_spans(text) == []


def test_an_appeal_block_of_many_lines_is_one_span_with_its_buttons():
    block = "Dear reader,\nWe need your help to keep reporting.\nOnce\nMonthly\nAnnual\nContinue"
    text = f"{NEWS}\n\n{block}"
    assert boilerplate_spans(text) == [(text.index("Dear reader"), len(text))]


def test_a_headline_after_a_banner_is_kept():
    text = "Support The Daily Ledger!\n\nFloods Force 3,000 From Homes\n\n" + NEWS
    assert cut(text) == "Support The Daily Ledger!"


def test_boilerplate_offsets_index_the_original_text_with_no_break_spaces():
    text = f"{NEWS}\n\nRemind\u00a0me\u00a0later."
    assert boilerplate_spans(text) == [(text.index("Remind"), len(text))]


def test_a_text_without_boilerplate_gives_no_span():
    assert boilerplate_spans(NEWS) == []


PORTAL_PAGE = """Skip to main content
World
Business
Floods kill dozens in northern province
Published 3 hours ago
Share
At least 43 people have died after days of heavy rain flooded the north of the country, officials said.
More than 12,000 residents were forced from their homes, according to the disaster agency.
Related Topics
Floods
More on this story
Copyright 2024 The Example Press. All rights reserved.
We use cookies to give you the best online experience. Tell us whether you accept them.
Yes, I agree
No, take me to settings"""


def test_a_portal_page_keeps_its_headline_and_news_and_loses_its_furniture():
    spans = boilerplate_spans(PORTAL_PAGE)
    kept, offset = [], 0
    for line in PORTAL_PAGE.splitlines(keepends=True):
        if not any(start <= offset < end for start, end in spans):
            kept.append(line.rstrip("\n"))
        offset += len(line)
    assert kept == PORTAL_PAGE.splitlines()[3:4] + PORTAL_PAGE.splitlines()[6:8]


def test_a_menu_word_between_news_lines_is_kept():
    text = f"{NEWS}\nWorld\n{NEWS}"
    assert boilerplate_spans(text) == []


def test_a_news_paragraph_about_subscribers_next_to_an_appeal_is_kept():
    news = "The streaming service added 9 million subscribers in the quarter, the company said."
    appeal = APPEALS["support-our-journalism"]
    text = f"{NEWS}\n\n{news}\n\n{appeal}"
    assert cut(text) == appeal


def test_a_short_closing_sentence_before_the_footer_is_kept():
    closing = "The vote is on Friday."
    text = f"{NEWS}\n{closing}\nRelated Topics\nRead more"
    assert cut(text) == "Related Topics\nRead more"
