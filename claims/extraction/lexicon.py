"""Word tables of the extractor, kept as data so a newsroom can change them in one place.

Every table maps words as they appear in news text to what the extractor makes of them. Intervals
are ``(low, high)`` pairs of ``int`` (``None`` = open). The values follow DESIGN.md section 1; where the
design says nothing (``several``, ``a few``, ``scores``) the choice is written next to the entry.
Newsrooms differ -- ACLED, for instance, reads "hundreds" as 100 -- so change ``VAGUE_QUANTITIES`` here
rather than in the code, and bump ``EXTRACTOR_VERSION`` when you do.
"""

from typing import Final

# Vague amounts that stand alone ("hundreds dead", "tens of thousands of people").
VAGUE_QUANTITIES: Final[dict[str, tuple[int, int | None]]] = {
    "hundreds of millions": (200_000_000, 999_999_999),
    "tens of millions": (20_000_000, 99_999_999),
    "hundreds of thousands": (200_000, 999_999),
    "tens of thousands": (20_000, 99_999),
    "dozens": (24, 99),
    "scores": (40, 99),  # "scores of" = several twenties
    "hundreds": (200, 999),
    "thousands": (2_000, 9_999),
    "millions": (2_000_000, None),
    "billions": (2_000_000_000, None),
}

# Vague multipliers: alone ("several people") or before a scale ("several hundred", "a couple hundred"),
# where the interval is multiplied by the scale (a couple hundred -> 200..300).
VAGUE_MULTIPLIERS: Final[dict[str, tuple[int, int]]] = {
    "a couple of": (2, 3),
    "a couple": (2, 3),
    "a few": (2, 5),
    "a handful of": (2, 9),
    "several": (3, 9),
}

# Qualifiers written before a number, longest first when compiled. Value: the qualifier name.
QUALIFIERS_BEFORE: Final[dict[str, str]] = {
    "more than": "more_than",
    "over": "more_than",
    "just over": "more_than",
    "well over": "more_than",
    "upwards of": "more_than",
    "in excess of": "more_than",
    "above": "more_than",
    "at least": "at_least",
    "no fewer than": "at_least",
    "no less than": "at_least",
    "a minimum of": "at_least",
    "fewer than": "less_than",
    "less than": "less_than",
    "under": "less_than",
    "just under": "less_than",
    "below": "less_than",
    "up to": "at_most",
    "as many as": "at_most",
    "as much as": "at_most",
    "at most": "at_most",
    "no more than": "at_most",
    "a maximum of": "at_most",
    "nearly": "at_most",
    "almost": "at_most",
    "close to": "at_most",
    "about": "approximately",
    "around": "approximately",
    "roughly": "approximately",
    "some": "approximately",
    "approximately": "approximately",
    "an estimated": "approximately",
    "estimated": "approximately",
    "an approximate": "approximately",
}

# Fractions written as words before "of" ("two-thirds of voters"), as a percentage.
FRACTIONS: Final[dict[str, str]] = {
    "half": "50",
    "a third": "33.33",
    "one third": "33.33",
    "one-third": "33.33",
    "two thirds": "66.67",
    "two-thirds": "66.67",
    "a quarter": "25",
    "one quarter": "25",
    "one-quarter": "25",
    "three quarters": "75",
    "three-quarters": "75",
    "a fifth": "20",
    "one fifth": "20",
    "one-fifth": "20",
}

# Qualifiers written after a number ("5,000 or more").
QUALIFIERS_AFTER: Final[dict[str, str]] = {
    "or more": "at_least",
    "and more": "at_least",
    "or so": "approximately",
    "or fewer": "at_most",
    "or less": "at_most",
}

# Scale words after a number. Suffixes "m" and "k" count only after a currency ("EUR 200m"), since
# "200m" alone is usually metres.
SCALES: Final[dict[str, int]] = {
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
    "dozen": 12,
    "lakh": 100_000,
    "crore": 10_000_000,
    "mln": 1_000_000,
    "mn": 1_000_000,
    "bln": 1_000_000_000,
    "bn": 1_000_000_000,
    "tn": 1_000_000_000_000,
    "m": 1_000_000,
    "k": 1_000,
}
CURRENCY_ONLY_SCALES: Final[frozenset[str]] = frozenset({"m", "k"})

# Currency signs and codes written before the amount, mapped to ISO 4217 codes.
CURRENCY_PREFIXES: Final[dict[str, str]] = {
    "us$": "USD",
    "a$": "AUD",
    "c$": "CAD",
    "hk$": "HKD",
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₽": "RUB",
    "₴": "UAH",
    "₹": "INR",
    "usd": "USD",
    "eur": "EUR",
    "gbp": "GBP",
    "rub": "RUB",
    "rs": "INR",
    "rs.": "INR",
    "chf": "CHF",
    "jpy": "JPY",
    "cny": "CNY",
}

# Currency words written after the amount ("5 million rubles", "1.6 billion U.S. dollars"). A bare name
# shared by several countries maps to the one most often meant in international news ("dollars" -> USD,
# "shillings" -> KES, "pesos" -> MXN); the country adjective settles it when written. Bare "pounds" is a
# weight ("20 kilograms (44 pounds)"); it is money only as "pounds sterling", with a country adjective, or
# after a scale word (see ``quantities``). "won" likewise (a verb too).
CURRENCY_SUFFIXES: Final[dict[str, str]] = {
    "u.s. dollars": "USD", "us dollars": "USD", "american dollars": "USD", "canadian dollars": "CAD",
    "australian dollars": "AUD", "hong kong dollars": "HKD", "new zealand dollars": "NZD",
    "singapore dollars": "SGD", "taiwan dollars": "TWD", "new taiwan dollars": "TWD", "zimbabwe dollars": "ZWL",
    "shillings": "KES", "kenyan shillings": "KES", "ugandan shillings": "UGX", "tanzanian shillings": "TZS",
    "somali shillings": "SOS", "pesos": "MXN", "mexican pesos": "MXN", "argentine pesos": "ARS",
    "philippine pesos": "PHP", "colombian pesos": "COP", "chilean pesos": "CLP", "iraqi dinars": "IQD",
    "jordanian dinars": "JOD", "kuwaiti dinars": "KWD", "algerian dinars": "DZD", "libyan dinars": "LYD",
    "tunisian dinars": "TND", "serbian dinars": "RSD", "dirhams": "AED", "uae dirhams": "AED",
    "moroccan dirhams": "MAD", "riyals": "SAR", "saudi riyals": "SAR", "qatari riyals": "QAR", "rials": "IRR",
    "iranian rials": "IRR", "omani rials": "OMR", "south korean won": "KRW", "korean won": "KRW", "baht": "THB",
    "ringgit": "MYR", "rupiah": "IDR", "reais": "BRL", "brazilian reais": "BRL", "cedis": "GHS", "birr": "ETB",
    "taka": "BDT", "dong": "VND", "tenge": "KZT", "forints": "HUF", "forint": "HUF", "koruna": "CZK",
    "korunas": "CZK", "norwegian kroner": "NOK", "danish kroner": "DKK", "swedish kronor": "SEK",
    "swiss francs": "CHF", "cfa francs": "XOF", "congolese francs": "CDF", "rwandan francs": "RWF",
    "egyptian pounds": "EGP", "lebanese pounds": "LBP", "syrian pounds": "SYP", "sudanese pounds": "SDG",
    "british pounds": "GBP", "turkish lira": "TRY", "lebanese lira": "LBP", "hryvnia": "UAH",
    "pakistani rupees": "PKR", "sri lankan rupees": "LKR", "nepalese rupees": "NPR", "indian rupees": "INR",
    "japanese yen": "JPY", "chinese yuan": "CNY", "russian rubles": "RUB", "russian roubles": "RUB",
    "afghanis": "AFN", "lari": "GEL", "drams": "AMD", "kwacha": "ZMW",
    "dollars": "USD",
    "dollar": "USD",
    "euros": "EUR",
    "euro": "EUR",
    "pounds sterling": "GBP",
    "rubles": "RUB",
    "roubles": "RUB",
    "ruble": "RUB",
    "rouble": "RUB",
    "yuan": "CNY",
    "yen": "JPY",
    "hryvnias": "UAH",
    "rupees": "INR",
    "francs": "CHF",
    "shekels": "ILS",
    "lira": "TRY",
    "zlotys": "PLN",
    "zloty": "PLN",
    "kronor": "SEK",
    "naira": "NGN",
    "rand": "ZAR",
    "renminbi": "CNY",
    "usd": "USD",
    "eur": "EUR",
    "gbp": "GBP",
    "rub": "RUB",
}

# Time units of durations, mapped to the unit string of the record.
TIME_UNITS: Final[dict[str, str]] = {
    "day": "day",
    "days": "day",
    "week": "week",
    "weeks": "week",
    "month": "month",
    "months": "month",
    "year": "year",
    "years": "year",
    "hour": "hour",
    "hours": "hour",
    "minute": "minute",
    "minutes": "minute",
    "decade": "decade",
    "decades": "decade",
}

# Words that make a figure a death toll, an injury count or a displacement count when they stand near it.
KIND_CUES: Final[dict[str, frozenset[str]]] = {
    "death_toll": frozenset(
        "killed kill killing kills dead died die dies dying deaths death toll lives fatalities "
        "fatality bodies massacred executed slain perished".split()
    ),
    "injured": frozenset("wounded wounding injured injuring injuries injury hurt casualties".split()),
    "displaced": frozenset(
        "fled flee fleeing flees refugees refugee displaced homeless evacuated uprooted "
        "displacement asylum refuge".split()
    ),
}

# Phrases that carry a kind when a single word cannot ("forced from their homes").
KIND_CUE_PHRASES: Final[dict[str, tuple[str, ...]]] = {
    "death_toll": (r"lost their lives", r"shot dead", r"found dead", r"confirmed dead"),
    "injured": (r"(?:treated|taken) (?:in|to) hospitals?", r"hospitali[sz]ed", r"needed medical treatment"),
    "displaced": (
        r"forced (?:from|out of) their homes", r"driven (?:from|out of) their homes", r"lost their homes",
        r"left their homes", r"forced to leave",
    ),
}

# How a subject reads for the cue kinds ("people killed ...").
KIND_PARTICIPLES: Final[dict[str, str]] = {
    "death_toll": "killed",
    "injured": "injured",
    "displaced": "displaced",
}

# Measurement units: a number followed by one of these is a plain quantity, not a count.
MEASURE_UNITS: Final[frozenset[str]] = frozenset(
    "km kilometres kilometers kilometre kilometer miles mile metres meters metre meter cm mm kg "
    "kilograms kilos grams tonnes tons tonne ton barrels litres liters gallons acres hectares "
    "square degrees mw gw kwh twh megawatts gigawatts feet inches mph kph km/h knots sieverts "
    "millisieverts microsieverts celsius fahrenheit basis bcm cubic pounds lbs ounces times".split()
)
# Measurement units of two words, by their first word ("basis points", "cubic metres").
MEASURE_FIRST_WORDS: Final[dict[str, frozenset[str]]] = {
    "basis": frozenset({"points", "point"}),
    "cubic": frozenset({"metres", "meters", "feet", "kilometres", "kilometers"}),
    "square": frozenset({"kilometres", "kilometers", "miles", "metres", "meters", "feet"}),
}

# Nouns a number counts when written onto it: "a 40-member delegation", "a 450-seat assembly". A measure
# written so ("a 1.5-metre wall") is a quantity in that unit; "a 7-year-old" is an age (a duration).
COMPOUND_COUNT_NOUNS: Final[frozenset[str]] = frozenset(
    "member seat nation country person man woman page bed room storey story vehicle car truck ship vessel "
    "point game match lane floor building bus plane aircraft tank judge player village".split()
)
COMPOUND_MEASURES: Final[frozenset[str]] = frozenset(
    "metre meter km kilometre kilometer mile foot inch tonne ton acre hectare megawatt gigawatt kilogram kg "
    "pound litre liter gallon cm mm".split()
)

# Plural nouns not ending in "s" that still name counted things.
IRREGULAR_PLURALS: Final[frozenset[str]] = frozenset(
    "people children men women police personnel staff troops livestock cattle sheep fish "
    "militia youth".split()
)

# Words that end the search for a counted noun after a number (function words and common verbs).
NOUN_STOPWORDS: Final[frozenset[str]] = frozenset(
    "of the a an in on at to and or for from by with have has had were was are is be been being "
    "that which who whom whose this these those than more less as it its their his her our your "
    "my we they he she i you not no but if so per each every ago time percent cent "
    "years year months month weeks week days day hours hour minutes decades after before since "
    "until while during when where about over under into onto out up down off again also only "
    "just still yet already will would could should can may might must do does did s "
    "one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty "
    "hundred thousand million billion dozen half".split()
)

# Capitalised words that may stand right before a number without making it part of a name
# ("Some 400", "The 5,000"); any other capitalised word makes "Geneva 2" an identifier.
NAME_NUMBER_EXCEPTIONS: Final[frozenset[str]] = frozenset(
    "the a an some about around over nearly almost roughly approximately only just all another "
    "those these at least more than up to as many fewer less under below above and but or "
    "another total killing killed leaving kill injuring with by of in on to from between "
    "estimated an rs".split()
)

# Pronouns: an attribution that is only a pronoun says nothing to a reader.
PRONOUNS: Final[frozenset[str]] = frozenset("he she they it we i you who this that".split())
