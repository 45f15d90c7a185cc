"""A local web site for the web-import tests: http.server in a thread on 127.0.0.1 (port 0), serving pages and
feeds written for these tests. Nothing here reaches beyond 127.0.0.1.

Use the ``local_site`` fixture (import it into a test module); ``site.url(path)`` is the absolute address,
``site.routes[path] = Route(...)`` adds or replaces an answer, ``site.release()`` lets a slow answer finish.
"""

import http.server
import threading
from dataclasses import dataclass, field

import pytest

# The story, as plain text: the fetched page must give the same claims as this text imported directly.
STORY_TITLE = "Floods in the Varna valley leave at least 42 dead"
STORY_PARAGRAPHS = (
    "At least 42 people have been killed and more than 1,300 displaced after three days of heavy rain "
    "flooded the Varna valley, regional officials said on Tuesday.",
    "The regional emergency office said about 260 people were injured, most of them in the town of "
    "Petrovo, where the river rose by nearly 4 metres overnight.",
    "Rescue teams have evacuated hundreds of homes since Sunday. The government pledged $12 million in "
    "emergency aid, and the Red Cross said roughly 15 percent of the valley's farmland was under water.",
    "Forecasters expect the rain to ease by Friday.",
)
STORY_TEXT = STORY_TITLE + "\n\n" + "\n\n".join(STORY_PARAGRAPHS) + "\n"

CHROME_WORDS = ("Donate", "Subscribe", "Most read", "Cookie")


def news_page(*, head: str = "", byline: str = "By Mara Ilic", time_tag: str = "", title: str = STORY_TITLE,
              paragraphs: tuple[str, ...] = STORY_PARAGRAPHS) -> str:
    """A story wrapped in heavy site chrome: navigation, a donation banner, related links, a footer."""
    nav = "".join(f'<li><a href="/section/{n}">Section {n}</a></li>' for n in range(1, 25))
    related = "".join(
        f'<li><a href="/related/{n}">{n * 3} things to know about the {n}th budget vote</a></li>' for n in range(1, 9)
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | The Valley Courier</title>{head}</head>
<body>
<header><div class="logo">The Valley Courier</div><nav><ul>{nav}</ul></nav>
<form class="search"><input name="q"><button>Search</button></form></header>
<aside class="donate-banner"><h2>Donate today</h2><p>Donate $5 a month so our 120 reporters can keep
covering 30 towns. Subscribe now and get 50% off your first year.</p><a href="/donate">Donate</a></aside>
<div class="cookie">Cookie notice: we use 3 kinds of cookies.</div>
<main><article>
<h1>{title}</h1>
<p class="byline">{byline}</p>{time_tag}
{"".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)}
</article></main>
<aside class="related"><h2>Most read</h2><ul>{related}</ul></aside>
<footer><p>The Valley Courier, 14 Mill Street. Call 555 0199 from 9 to 17. All rights reserved.</p>
<ul><li><a href="/about">About</a></li><li><a href="/jobs">Jobs: 4 openings</a></li></ul></footer>
</body></html>"""


DATED_HEAD = (
    '<meta property="article:published_time" content="2026-03-10T08:30:00+00:00">'
    '<meta property="og:site_name" content="The Valley Courier">'
    '<meta name="author" content="Mara Ilic">'
)
JSONLD_HEAD = (
    '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", '
    '"headline": "%s", "datePublished": "2026-02-17", "author": {"@type": "Person", "name": "Tomas Berg"}, '
    '"publisher": {"@type": "Organization", "name": "Harbour Daily"}}</script>' % STORY_TITLE
)


BRIDGE_TITLE = "Bridge repairs to cost $3 million"
BRIDGE_PARAGRAPHS = (
    "Repairs to the old Petrovo bridge will cost about $3 million and take up to 8 months, the council said.",
    "The bridge carried roughly 6,000 vehicles a day before the floods damaged two of its piers.",
)
SCHOOLS_TITLE = "Schools in the valley reopen"
SCHOOLS_PARAGRAPHS = (
    "Nearly 40 schools reopened on Monday, a week after the floods, the education office said.",
    "At least 3 schools remain closed because their buildings were damaged.",
)


def rss_feed(items: list[tuple[str, str, str]]) -> str:
    """An RSS 2.0 feed of (title, link, pubDate) items."""
    entries = "".join(
        f"<item><title>{title}</title><link>{link}</link><guid>{link}</guid><pubDate>{date}</pubDate></item>"
        for title, link, date in items
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Valley Courier: latest</title>' \
           f"<link>/</link><description>latest</description>{entries}</channel></rss>"


def atom_feed(entries: list[tuple[str, str, str]]) -> str:
    """An Atom feed of (title, link, updated) entries."""
    body = "".join(
        f'<entry><title>{title}</title><link href="{link}"/><id>{link}</id><updated>{updated}</updated></entry>'
        for title, link, updated in entries
    )
    return f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">' \
           f"<title>Harbour Daily</title><id>urn:harbour</id><updated>2026-03-11T00:00:00Z</updated>{body}</feed>"


@dataclass
class Route:
    """One answer: status, content type, body, extra headers; ``slow`` waits until the test releases it."""

    body: bytes | str = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict = field(default_factory=dict)
    slow: bool = False
    chunks: int = 0  # >0: send the body this many times without a Content-Length (a stream)


def _routes() -> dict[str, Route]:
    return {
        "/news/floods": Route(news_page(head=DATED_HEAD)),
        "/news/jsonld": Route(news_page(head=JSONLD_HEAD, byline="")),
        "/news/undated": Route(news_page(byline="")),
        "/hop/1": Route(status=302, headers={"Location": "/hop/2"}),
        "/hop/2": Route(status=301, headers={"Location": "/hop/3"}),
        "/hop/3": Route(status=307, headers={"Location": "/news/floods"}),
        "/private": Route(status=302, headers={"Location": "http://10.0.0.7/admin"}),
        "/slow": Route(news_page(head=DATED_HEAD), slow=True),
        "/huge": Route(b"<p>" + b"x" * 65536, chunks=200),
        "/data.json": Route(b'{"deaths": 42}', content_type="application/json"),
        "/missing": Route(b"gone", status=404),
        "/broken": Route(b"oops", status=503),
        "/story/bridge": Route(news_page(head=DATED_HEAD, title=BRIDGE_TITLE, paragraphs=BRIDGE_PARAGRAPHS)),
        "/story/schools": Route(news_page(title=SCHOOLS_TITLE, paragraphs=SCHOOLS_PARAGRAPHS)),
        "/feed.rss": Route(rss_feed([
            (BRIDGE_TITLE, "/story/bridge", "Tue, 10 Mar 2026 08:00:00 GMT"),
            (SCHOOLS_TITLE, "/story/schools", "Mon, 16 Mar 2026 07:00:00 GMT"),
            ("Gone", "/missing", "Mon, 16 Mar 2026 06:00:00 GMT"),
            ("Elsewhere", "http://10.0.0.7/story", "Mon, 16 Mar 2026 05:00:00 GMT"),
        ]), content_type="application/rss+xml"),
        "/feed.atom": Route(atom_feed([(STORY_TITLE, "/news/floods", "2026-03-10T08:30:00Z")]),
                            content_type="application/atom+xml"),
    }


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server's name)
        site = self.server.site
        site.requests.append((self.path, dict(self.headers)))
        route = site.routes.get(self.path)
        if route is None:
            self.send_error(404)
            return
        if route.slow:
            site.released.wait(30)
        body = route.body.encode() if isinstance(route.body, str) else route.body
        self.send_response(route.status)
        self.send_header("Content-Type", route.content_type)
        for name, value in route.headers.items():
            self.send_header(name, value)
        if route.chunks:
            self.send_header("Connection", "close")
            self.end_headers()
            try:
                for _ in range(route.chunks):
                    self.wfile.write(body)
            except OSError:  # the client stopped reading at its limit
                pass
            return
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class LocalSite:
    """The running server: its routes, the requests it saw, and the switch that lets slow answers finish."""

    def __init__(self):
        self.routes = _routes()
        self.requests: list[tuple[str, dict]] = []
        self.released = threading.Event()
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.daemon_threads = True
        self.server.site = self
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def release(self) -> None:
        self.released.set()

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.release()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def local_site(settings):
    """A fresh local site on 127.0.0.1, which the fetcher may reach (FACTCHECK_FETCH_ALLOWED_HOSTS)."""
    settings.FACTCHECK_FETCH_ALLOWED_HOSTS = ["127.0.0.1"]
    with LocalSite() as site:
        yield site
