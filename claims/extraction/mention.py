"""The extraction record: one figure or date as stated in one text.

``Mention.as_dict()`` keys (all present on every record):

* ``start``, ``end``: offsets into the original text; ``text[start:end] == record["text"]``. The span
  holds the qualifier and the counted noun or unit: "more than 5,000 people", "10 months ago",
  "on Jan. 22" (a date's preposition or modifier is part of it: "since 2011", "late on Friday").
* ``kind``: death_toll, injured, displaced, count, duration, money, percentage, date, quantity or score
  (a score or tally, "won 98-91", "voted 51-49": low and high are its two numbers, the smaller first,
  qualifier exact). Ages ("a 7-year-old") are durations; multipliers ("twice", "three times",
  "fourfold") are quantities in "times".
* ``qualifier`` and ``low``/``high``: the interval of DESIGN.md section 1 (exact, more_than, at_least,
  less_than, at_most, approximately, range, vague); JSON numbers, int when integral else float, null
  where open. Vague words follow ``lexicon.VAGUE_QUANTITIES``. A duration has low = high = its number.
  Dates have null low/high; their qualifier is "exact" unless a word bounds the date: since/from ->
  at_least, after -> more_than, before -> less_than, by/until/through/as of -> at_most, early/mid/late on
  a month or year -> approximately, a span of years ("2012-13", "the 1990s") and a quarter, half or
  season (reported at month precision from its first month) -> range.
* ``unit``: money -> ISO 4217 code ("USD", "EUR", "GBP", "RUB"); percentage -> "percent" (also for
  "percentage points", "half of", "one in five"); duration -> "day", "week", "month", "year", "hour",
  "minute" or "decade"; count -> the counted noun lower-cased as written ("people", "resolutions");
  quantity -> a measurement unit ("km", "barrels", "celsius", "basis points") or null; date -> null.
  A figure of a death toll, injury or displacement keeps its noun ("people") or null ("hundreds dead").
* ``date``, ``date_precision``: for dates (and "10 months ago", a duration with an anchor date) the
  first day of the period named and its size (day, week from Monday, month, year); else null.
* ``subject``: what is counted, or null: "people killed by Syria's civil war", "UN Security Council
  resolutions", "refugees". ``attribution``: who says so, or null: "the United Nations". Both short.
* ``sentence``: the sentence holding the mention, as in the original text (clipped to 300 characters
  either side of the mention when a "sentence" is longer).
* ``as_of``: the date the figure refers to: the publication date, unless the figure's clause dates it
  with a bound ("by March 2013": that period's last day, or the publication date when the period holds
  it) or frames it with a past period ("In 2019, there were ...", "killed 500 people in 2013": that
  period's last day); see ``as_of.py``. Date mentions always carry the publication date.
"""

import datetime
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any, Final

from claims.extraction.numbers import to_json_number

QUALIFIERS: Final[tuple[str, ...]] = (
    "exact", "more_than", "at_least", "less_than", "at_most", "approximately", "range", "vague",
)


@dataclass(frozen=True, slots=True, init=False)
class Mention:
    """A numeric claim or a date found in a text.

    ``start``/``end`` index the original text; ``low``/``high`` are exact ``Decimal`` values (``None`` =
    open or not applicable); ``date`` is the first day of the period named, ``as_of`` the date the figure
    refers to. See ``as_dict`` for the JSON form.
    """

    start: int
    end: int
    text: str
    kind: str
    qualifier: str
    low: Decimal | None
    high: Decimal | None
    unit: str | None
    date: datetime.date | None
    date_precision: str | None
    subject: str | None
    attribution: str | None
    sentence: str
    as_of: datetime.date

    def __init__(
        self, start: int, end: int, text: str, kind: str, qualifier: str, low: Decimal | None,
        high: Decimal | None, unit: str | None, date: datetime.date | None, date_precision: str | None,
        subject: str | None, attribution: str | None, sentence: str, as_of: datetime.date,
    ) -> None:
        # Written out instead of the generated one, which sets each field through object.__setattr__ (a
        # frozen class refuses its own): the slots' setters do the same at half the cost, on every mention.
        # One direct call per slot setter: a loop over ``zip(setters, values)`` builds a tuple and an
        # iterator per record and costs two fifths more.
        _set_start(self, start)
        _set_end(self, end)
        _set_text(self, text)
        _set_kind(self, kind)
        _set_qualifier(self, qualifier)
        _set_low(self, low)
        _set_high(self, high)
        _set_unit(self, unit)
        _set_date(self, date)
        _set_date_precision(self, date_precision)
        _set_subject(self, subject)
        _set_attribution(self, attribution)
        _set_sentence(self, sentence)
        _set_as_of(self, as_of)

    def as_dict(self) -> dict[str, Any]:
        """Return the JSON-ready record: numbers as int when integral else float, dates as ISO strings."""
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "kind": self.kind,
            "qualifier": self.qualifier,
            "low": to_json_number(self.low),
            "high": to_json_number(self.high),
            "unit": self.unit,
            "date": self.date.isoformat() if self.date else None,
            "date_precision": self.date_precision,
            "subject": self.subject,
            "attribution": self.attribution,
            "sentence": self.sentence,
            "as_of": self.as_of.isoformat(),
        }


# The slot setters of Mention's fields in their order (the order of ``__init__``'s parameters); a frozen
# dataclass's own __init__ would go through object.__setattr__, which costs about twice as much.
_FIELD_SETTERS: Final[tuple[Any, ...]] = tuple(getattr(Mention, field.name).__set__ for field in fields(Mention))
(
    _set_start, _set_end, _set_text, _set_kind, _set_qualifier, _set_low, _set_high, _set_unit, _set_date,
    _set_date_precision, _set_subject, _set_attribution, _set_sentence, _set_as_of,
) = _FIELD_SETTERS
