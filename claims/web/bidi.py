"""Bidirectional-text controls neutralised in what the pages show, never in what is stored.

U+202A-U+202E (embeddings and overrides) and U+2066-U+2069 (isolates) reorder the characters after them:
a claim's "5,000" can be made to read "000,5", a name to spell another name. In a displayed page each is
replaced by BIDI_PLACEHOLDER, one visible character for one, so lengths and claim offsets stay as they are;
the stored body stays byte-exact. The marks U+200E/U+200F/U+061C are left alone: they carry no embedding
level, so they cannot reorder letters and digits, and right-to-left news uses them as ordinary punctuation.

``BidiNeutralMiddleware`` applies this to every HTML page (the reviewer pages, public pages, the admin),
outside form values: the text of a <textarea> and an input's ``value="..."`` are sent back when the form
is submitted, and must come back as stored. ``neutralise_bidi`` is also the template filter ``nobidi``.
"""

import re

BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
BIDI_PLACEHOLDER = "\ufffd"
_TABLE = str.maketrans({char: BIDI_PLACEHOLDER for char in BIDI_CONTROLS})
# The parts of a page a form submits back unchanged.
FORM_VALUES = re.compile(r"(<textarea\b[^>]*>.*?</textarea>|\svalue=\"[^\"]*\")", re.DOTALL | re.IGNORECASE)


def neutralise_bidi(text: str) -> str:
    """``text`` with each bidi embedding, override or isolate replaced by BIDI_PLACEHOLDER (same length)."""
    return str(text).translate(_TABLE)


def neutralise_page(html: str) -> str:
    """``neutralise_bidi`` over an HTML page, except inside textareas and value attributes."""
    if not any(char in html for char in BIDI_CONTROLS):
        return html
    parts = FORM_VALUES.split(html)
    return "".join(part if index % 2 else neutralise_bidi(part) for index, part in enumerate(parts))


class BidiNeutralMiddleware:
    """Runs ``neutralise_page`` over every complete text/html response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.streaming or not response.get("Content-Type", "").startswith("text/html"):
            return response
        charset = response.charset or "utf-8"
        html = response.content.decode(charset, errors="surrogateescape")
        neutral = neutralise_page(html)
        if neutral is not html:
            response.content = neutral.encode(charset, errors="surrogateescape")
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response
