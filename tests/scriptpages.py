"""Script-rendered test pages: the visible HTML says "Loading…", the article ships as data.

One original story, packaged the way different frameworks ship it: Next.js ``__NEXT_DATA__``
(content blocks), Nuxt 3 ``__NUXT_DATA__`` (devalue array), Nuxt 2 ``window.__NUXT__`` (a
function call), ``window.__INITIAL_STATE__`` (an HTML body string), ``__APOLLO_STATE__``
(normalised cache), JSON-LD ``articleBody``, and an AMP pair. Each page also carries other
text (menus, related stories) that must not be taken for the article.
"""

from __future__ import annotations

import json

HEADLINE = "Night ferry returns to Kestrel Island after storm repairs"
PARAGRAPHS = [
    "The night ferry to Kestrel Island sailed again on Friday for the first time since the "
    "October storm tore away part of the landing stage at the island's only pier.",
    "Engineers spent five weeks driving new piles into the harbour bed and rebuilding the "
    "ramp, working at low tide and often by floodlight. The repairs cost the county 1.3 "
    "million, more than twice the first estimate.",
    "“People here have been cut off every evening since the storm, and that matters when "
    "the doctor is on the mainland,” said Ruth Calloway, who chairs the island council. She "
    "said the first crossing was full of islanders returning from late shifts.",
    "The ferry company said the timetable would return to normal from Monday, with the last "
    "boat leaving the mainland at eleven. “We have added a second deckhand on the night "
    "crossings until the winter is over,” said operations manager Felix Durand.",
    "Islanders had relied on a water taxi and the goodwill of fishing crews while the pier "
    "was closed. The council plans to thank the crews at a supper in the village hall.",
]
RELATED = [
    {"title": "Lighthouse open day draws record crowd", "href": "/news/lighthouse"},
    {"title": "Harbour car park to get charging points", "href": "/news/charging"},
]
SHELL = (
    "<!doctype html><html><head><meta charset='utf-8'><title>{title} | Island Gazette</title>"
    "{head}</head><body><header><a href='/'>Island Gazette</a> <a href='/news'>News</a></header>"
    "<div id='{root}'><p>Loading…</p></div>{scripts}</body></html>"
)


def _page(head: str = "", scripts: str = "", root: str = "__next") -> str:
    return SHELL.format(title=HEADLINE, head=head, scripts=scripts, root=root)


def next_page() -> str:
    blocks = [{"type": "paragraph", "children": [{"text": p}]} for p in PARAGRAPHS]
    data = {
        "props": {
            "pageProps": {
                "article": {"headline": HEADLINE, "slug": "night-ferry", "body": blocks},
                "related": RELATED,
                "nav": ["News", "Sport", "Weather", "Island life"],
            }
        },
        "page": "/news/[slug]",
        "buildId": "b7f3",
    }
    script = f'<script id="__NEXT_DATA__" type="application/json">{json.dumps(data)}</script>'
    return _page(scripts=script)


def nuxt3_page() -> str:
    """Nuxt 3's payload: a flat array whose containers refer to other entries by index."""
    table: list = [None]

    def put(value) -> int:
        table.append(value)
        return len(table) - 1

    para_ids = [put(p) for p in PARAGRAPHS]
    body = put(para_ids)
    headline = put(HEADLINE)
    article = put({"title": headline, "paragraphs": body})
    data = put({"article": article})
    table[0] = ["Reactive", put({"data": data, "state": put({})})]
    script = f'<script type="application/json" id="__NUXT_DATA__">{json.dumps(table)}</script>'
    return _page(scripts=script, root="__nuxt")


def nuxt2_page() -> str:
    """Nuxt 2: the state is JavaScript, a function called with the long strings."""
    args = ",".join(json.dumps(p) for p in PARAGRAPHS)
    params = ",".join("abcde")
    js = (
        f'window.__NUXT__=(function({params}){{return {{layout:"default",data:[{{article:'
        f"{{title:{json.dumps(HEADLINE)},body:[{params}]}}}}],state:{{menu:[]}}}}}}({args}));"
    )
    return _page(scripts=f"<script>{js}</script>", root="__nuxt")


def state_page() -> str:
    """A store dumped into the page; the body is one HTML string."""
    html_body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    state = {
        "article": {"id": 4417, "headline": HEADLINE, "bodyHtml": html_body},
        "related": RELATED,
        "user": {"loggedIn": False},
    }
    js = f"window.__INITIAL_STATE__ = {json.dumps(state)};"
    return _page(scripts=f"<script>{js}</script>", root="app")


def apollo_page() -> str:
    """Apollo's normalised cache: the article's paragraphs are a list of text nodes."""
    state = {
        "Article:4417": {
            "__typename": "Article",
            "headline": HEADLINE,
            "content": [{"__typename": "TextBlock", "text": p} for p in PARAGRAPHS],
        },
        "ROOT_QUERY": {'article({"slug":"night-ferry"})': {"__ref": "Article:4417"}},
    }
    js = f"window.__APOLLO_STATE__={json.dumps(state)};"
    return _page(scripts=f"<script>{js}</script>", root="root")


def jsonld_page() -> str:
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": HEADLINE,
        "articleBody": "\n\n".join(PARAGRAPHS),
    }
    head = f'<script type="application/ld+json">{json.dumps(data)}</script>'
    return _page(head=head, root="app")


def amp_pair(amp_path: str) -> tuple[str, str]:
    """(the thin canonical page pointing at its AMP version, the AMP page with the text)."""
    thin = _page(head=f'<link rel="amphtml" href="{amp_path}">', root="app")
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    amp = (
        "<!doctype html><html amp lang='en'><head><meta charset='utf-8'>"
        f"<title>{HEADLINE}</title></head><body><article><h1>{HEADLINE}</h1>{body}"
        "</article></body></html>"
    )
    return thin, amp


def other_story_page() -> str:
    """Ships a long article about something else (a different headline): not taken."""
    other = [
        "The parish council approved a new timetable for the mobile library, which will now "
        "stop at the school on Tuesday afternoons and at the chapel on Thursday mornings.",
        "Volunteers will help carry boxes of books from the van, and the council said it hoped "
        "the change would bring more families to the service over the winter months.",
        "A survey last spring found that most borrowers wanted a stop closer to the school, "
        "and the librarian said the new route had been planned with that in mind.",
    ]
    state = {"story": {"headline": "Mobile library changes its route", "body": other}}
    js = f"window.__INITIAL_STATE__ = {json.dumps(state)};"
    return _page(scripts=f"<script>{js}</script>", root="app")


PAGES = {
    "next": next_page,
    "nuxt3": nuxt3_page,
    "nuxt2": nuxt2_page,
    "state": state_page,
    "apollo": apollo_page,
    "jsonld": jsonld_page,
}
