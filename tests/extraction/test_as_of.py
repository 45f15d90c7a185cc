"""``as_of``: the publication date unless the figure's own clause dates it."""

import datetime

import pytest

from claims.extraction import extract

ARTICLE_DATE = datetime.date(2025, 3, 18)


def as_of_of(text: str, figure: str) -> datetime.date:
    [mention] = [m for m in extract(text, ARTICLE_DATE) if m.text == figure]
    return mention.as_of


@pytest.mark.parametrize(
    ("text", "figure", "expected"),
    [
        # A fronted period dates its clause, and a semicolon ends the clause.
        ("In 2019, there were 2.4 million refugees; by 2024 the number had doubled.",
         "2.4 million refugees", datetime.date(2019, 12, 31)),
        # A period right after the figure frames it.
        ("The army killed 500 people in 2013.", "500 people", datetime.date(2013, 12, 31)),
        # A bound ("by", "as of") dates the figure wherever it stands in the clause.
        ("By March 2013 the agency had counted 1,200 deaths.", "1,200 deaths", datetime.date(2013, 3, 31)),
        ("The agency had counted 1,200 deaths as of Jan. 5.", "1,200 deaths", datetime.date(2025, 1, 5)),
        # A period that belongs to another verb does not.
        ("More than 100,000 people have died in the war, which began in March 2011.",
         "More than 100,000 people", ARTICLE_DATE),
        ("The war, which began in March 2011, has killed more than 100,000 people.",
         "more than 100,000 people", ARTICLE_DATE),
        # A statement's date is when it was said, not what the figure counts.
        ("The UN said in December that 5,000 people had died.", "5,000 people", ARTICLE_DATE),
        # The current period does not move it.
        ("Some 300 people have died in 2025 so far.", "Some 300 people", ARTICLE_DATE),
    ],
)
def test_the_figures_own_clause_dates_it(text, figure, expected):
    assert as_of_of(text, figure) == expected
