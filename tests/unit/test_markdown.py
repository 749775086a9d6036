"""Table-driven tests for core.markdown.render_markdown.

Safety rows are checked by parsing the output with html.parser (see
``assert_safe``), not by string search alone.
"""

from __future__ import annotations

import re
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser

import pytest

from core.markdown import render_markdown

REL = 'rel="nofollow ugc noopener"'

# Independent copy of the policy (deliberately not imported from the module).
BLOCK_ALLOWED = {
    "p": set(), "br": set(), "hr": set(),
    **{f"h{n}": set() for n in range(1, 7)},
    "strong": set(), "em": set(), "b": set(), "i": set(), "del": set(),
    "s": set(), "code": set(), "pre": set(), "blockquote": set(),
    "ul": set(), "ol": {"start"}, "li": set(),
    "a": {"href", "title", "rel"}, "img": {"src", "alt", "title"},
    "table": set(), "thead": set(), "tbody": set(), "tr": set(),
    "th": {"align"}, "td": {"align"}, "sup": set(), "sub": set(),
}
INLINE_ALLOWED = {t: BLOCK_ALLOWED[t] for t in ("strong", "em", "code", "a", "del", "br")}
SAFE_SCHEMES = {"http", "https", "mailto"}


# -- the safety oracle --------------------------------------------------------

class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.end_tags: list[str] = []
        self.other: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, attrs))

    def handle_endtag(self, tag):
        self.end_tags.append(tag)

    def handle_comment(self, data):
        self.other.append(f"comment {data!r}")

    def handle_decl(self, decl):
        self.other.append(f"decl {decl!r}")

    def handle_pi(self, data):
        self.other.append(f"pi {data!r}")

    def unknown_decl(self, data):
        self.other.append(f"decl {data!r}")


def _squash(url: str) -> str:
    """Drop whitespace, control and invisible chars; lowercase."""
    return "".join(
        ch for ch in url
        if not ch.isspace() and unicodedata.category(ch)[0] not in "CZ"
    ).replace("\\", "/").lower()


def _url_problem(attr: str, url: str) -> str | None:
    squashed = _squash(url)
    scheme = re.match(r"([a-z][a-z0-9+.\-]*):", squashed)
    if scheme:
        if scheme.group(1) not in SAFE_SCHEMES or (attr == "src" and scheme.group(1) == "mailto"):
            return f"{attr} with scheme {scheme.group(1)!r}: {url!r}"
        return None
    if squashed.startswith("//"):
        return f"protocol-relative {attr}: {url!r}"
    if squashed.startswith("/") or (attr == "href" and squashed.startswith("#")):
        return None
    return f"{attr} is neither absolute http(s)/mailto nor site-local: {url!r}"


def assert_safe(output: str, allowed: dict[str, set[str]] = BLOCK_ALLOWED) -> None:
    parser = _Elements()
    parser.feed(output)
    parser.close()
    problems = list(parser.other)
    for tag in parser.end_tags:
        if tag not in allowed:
            problems.append(f"end tag </{tag}> not allowed")
    for tag, attrs in parser.elements:
        if tag not in allowed:
            problems.append(f"element <{tag}> not allowed")
            continue
        for name, value in attrs:
            if name.startswith("on") or name in ("style", "formaction"):
                problems.append(f"dangerous attribute {name}= on <{tag}>")
            elif name not in allowed[tag]:
                problems.append(f"attribute {name}= not allowed on <{tag}>")
            elif name in ("href", "src"):
                problem = _url_problem(name, value or "")
                if problem:
                    problems.append(problem)
        if tag == "a":
            attr_map = dict(attrs)
            if attr_map.get("rel") != "nofollow ugc noopener" or "target" in attr_map:
                problems.append(f"link without the forced rel / with target: {attrs!r}")
    assert not problems, f"unsafe output {output!r}: {problems}"


# The oracle itself must be able to fail.
UNSAFE_SAMPLES = [
    "<script>alert(1)</script>",
    '<img src="https://ok.example/x.png" onerror="alert(1)">',
    '<p style="color:red">x</p>',
    f'<a href="javascript:alert(1)" {REL}>x</a>',
    f'<a href="JAVA\tSCRIPT:alert(1)" {REL}>x</a>',
    f'<a href="java&#x200b;script:alert(1)" {REL}>x</a>',
    '<img src="//evil.example/x.png">',
    '<img src="data:image/png;base64,AAAA">',
    '<a href="https://ok.example">missing rel</a>',
    '<button formaction="x">b</button>',
    "<p>x</p><!-- comment -->",
    '<p class="x">x</p>',
]


@pytest.mark.parametrize("html", UNSAFE_SAMPLES)
def test_safety_oracle_rejects_unsafe_html(html):
    with pytest.raises(AssertionError):
        assert_safe(html)


# -- normal rendering: (markdown, exact expected HTML) ----------------------

RENDER_CASES = [
    ("**bold**", "<p><strong>bold</strong></p>"),
    ("*italic* and _also_", "<p><em>italic</em> and <em>also</em></p>"),
    ("***both***", "<p><strong><em>both</em></strong></p>"),
    ("# Title", "<h1>Title</h1>"),
    ("### Third", "<h3>Third</h3>"),
    ("Sub\n---", "<h2>Sub</h2>"),
    ("- a\n- b", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>"),
    ("1. a\n2. b", "<ol>\n<li>a</li>\n<li>b</li>\n</ol>"),
    ("3. c\n4. d", '<ol start="3">\n<li>c</li>\n<li>d</li>\n</ol>'),
    ("line one\nline two", "<p>line one<br>\nline two</p>"),
    ("para one\n\npara two", "<p>para one</p>\n<p>para two</p>"),
    ("use `x < y`", "<p>use <code>x &lt; y</code></p>"),
    ("```python\nif a < b:\n    pass\n```",
     "<pre><code>if a &lt; b:\n    pass\n</code></pre>"),
    ("```\nsee https://example.com\n```",
     "<pre><code>see https://example.com\n</code></pre>"),
    ("    indented code", "<pre><code>indented code\n</code></pre>"),
    ("> quoted", "<blockquote>\n<p>quoted</p>\n</blockquote>"),
    ("---", "<hr>"),
    ("| a | b |\n|---|---|\n| 1 | 2 |",
     "<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n"
     "<tbody>\n<tr>\n<td>1</td>\n<td>2</td>\n</tr>\n</tbody>\n</table>"),
    ("| l | c | r |\n|:--|:-:|--:|\n| 1 | 2 | 3 |",
     '<table>\n<thead>\n<tr>\n<th align="left">l</th>\n<th align="center">c</th>\n'
     '<th align="right">r</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td align="left">1</td>\n'
     '<td align="center">2</td>\n<td align="right">3</td>\n</tr>\n</tbody>\n</table>'),
    ("[site](https://example.com)",
     f'<p><a href="https://example.com" {REL}>site</a></p>'),
    ('[site](http://example.com "Title")',
     f'<p><a href="http://example.com" title="Title" {REL}>site</a></p>'),
    ("[mail](mailto:budi@example.com)",
     f'<p><a href="mailto:budi@example.com" {REL}>mail</a></p>'),
    ("[Budi](/u/budi)", f'<p><a href="/u/budi" {REL}>Budi</a></p>'),
    ("[top](#top)", f'<p><a href="#top" {REL}>top</a></p>'),
    ("see https://example.com/buku?id=1 now",
     f'<p>see <a href="https://example.com/buku?id=1" {REL}>https://example.com/buku?id=1</a> now</p>'),
    ("visit perpustakaan.go.id today",
     f'<p>visit <a href="http://perpustakaan.go.id" {REL}>perpustakaan.go.id</a> today</p>'),
    ("<https://example.com>",
     f'<p><a href="https://example.com" {REL}>https://example.com</a></p>'),
    # Another site's image is not loaded (img-src is the site itself): it becomes a link to it
    ("![cover](https://example.com/c.png)",
     '<p><a href="https://example.com/c.png" rel="nofollow ugc noopener">cover</a></p>'),
    ("![](https://example.com/c.png)",
     '<p><a href="https://example.com/c.png" rel="nofollow ugc noopener">https://example.com/c.png</a></p>'),
    ("[![cover](https://example.com/c.png)](https://example.com/)",
     '<p><a href="https://example.com/" rel="nofollow ugc noopener">cover</a></p>'),
    ("![local](/media/logo.webp)", '<p><img alt="local" src="/media/logo.webp"></p>'),
    ('![cover](/media/c.png "Cover")',
     '<p><img alt="cover" src="/media/c.png" title="Cover"></p>'),
    ("H<sub>2</sub>O and x<sup>2</sup>", "<p>H<sub>2</sub>O and x<sup>2</sup></p>"),
    ("<del>old</del> <s>gone</s>", "<p><del>old</del> <s>gone</s></p>"),
    ('<a href="https://example.com" target="_blank" rel="opener">raw</a>',
     f'<p><a href="https://example.com" {REL}>raw</a></p>'),
    ("a & b < c", "<p>a &amp; b &lt; c</p>"),
    ("", ""),
    ("   \n\t\n  ", ""),
]


@pytest.mark.parametrize("source, expected", RENDER_CASES)
def test_renders_markdown(source, expected):
    output = render_markdown(source)
    assert output == expected
    assert_safe(output)


def test_email_autolink_is_a_mailto_link():
    parser = _Elements()
    parser.feed(render_markdown("<budi@example.com>"))
    links = [dict(attrs) for tag, attrs in parser.elements if tag == "a"]
    assert links == [{"href": "mailto:budi@example.com", "rel": "nofollow ugc noopener"}]


# -- XSS: (payload, fragment that must still be in the output) ---------------
# The fragment proves the content was rendered/escaped rather than the whole
# input being thrown away; assert_safe proves nothing executable survived.

XSS_CASES = [
    ("<script>alert(1)</script>", "&lt;script&gt;alert(1)"),
    ("<SCRIPT SRC=//evil.example/x.js></SCRIPT>", "&lt;SCRIPT"),
    ("text <script>alert(1)</script> more", "text &lt;script&gt;"),
    ("<img src=x onerror=alert(1)>", "<p></p>"),
    ('<img src="https://ok.example/a.png" onerror="alert(1)">', 'href="https://ok.example/a.png"'),
    ("<svg onload=alert(1)>", "&lt;svg onload"),
    ("<svg><script>alert(1)</script></svg>", "&lt;svg&gt;"),
    ("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", "&lt;math&gt;"),
    ('<iframe src="javascript:alert(1)"></iframe>', "&lt;iframe"),
    ("<style>body{background:url(javascript:alert(1))}</style>", "&lt;style&gt;"),
    ('<p style="background:url(javascript:alert(1))">styled</p>', "<p>styled</p>"),
    ('<strong style="color:red" class="x" id="y">bold</strong>', "<strong>bold</strong>"),
    ("[click](javascript:alert(1))", ">click</a>"),
    ("[click](JaVaScRiPt:alert(1))", ">click</a>"),
    ("[click](<javascript:alert(1)>)", ">click</a>"),
    ("[click][1]\n\n[1]: javascript:alert(1)", ">click</a>"),
    ("[click][x]\n\n[x]: <javascript:alert(1)> \"t\"", ">click</a>"),
    ("[click](&#106;avascript:alert(1))", ">click</a>"),
    ("[click](&#x6A;&#x61;&#x76;&#x61;script:alert(1))", ">click</a>"),
    ('<a href="&#0000106&#0000097vascript:alert(1)">click</a>', ">click</a>"),
    ('<a href="javascript&colon;alert(1)">click</a>', ">click</a>"),
    ('<a href="jav&#x09;ascript:alert(1)">click</a>', ">click</a>"),
    ('<a href="jav\tascript:alert(1)">click</a>', ">click</a>"),
    ('<a href="jav&#x0A;ascript:alert(1)">click</a>', ">click</a>"),
    ('<a href=" &#14; javascript:alert(1)">click</a>', ">click</a>"),
    ('<a href="\x01javascript:alert(1)">click</a>', ">click</a>"),
    ("[click](java\u200bscript:alert(1))", ">click</a>"),
    ("[click](\ufeffjavascript:alert(1))", ">click</a>"),
    ('<a href="java\u00adscript:alert(1)">click</a>', ">click</a>"),
    ('<a href="java&#8203;script:alert(1)">click</a>', ">click</a>"),
    ("[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", ">click</a>"),
    ('<a href="data:text/html,<script>alert(1)</script>">click</a>', ">click</a>"),
    ("![pic](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)", "<p></p>"),
    ('<img src="data:image/png;base64,iVBORw0KGgo=" alt="d">', "<p></p>"),
    ("[click](vbscript:msgbox(1))", ">click</a>"),
    ("[click](file:///etc/passwd)", ">click</a>"),
    ('<a href="https://ok.example" onclick="alert(1)">click</a>', 'href="https://ok.example"'),
    ('<a href="https://ok.example" target="_blank" rel="opener">click</a>', REL),
    ('<form action="https://evil.example"><button formaction="javascript:alert(1)">go</button></form>',
     "&lt;form"),
    ("<button formaction=javascript:alert(1)>go</button>", "&lt;button"),
    ("<input autofocus onfocus=alert(1)>", "&lt;input"),
    ("<details open ontoggle=alert(1)><summary>s</summary></details>", "&lt;details"),
    ('<object data="javascript:alert(1)"></object>', "&lt;object"),
    ('<embed src="javascript:alert(1)">', "&lt;embed"),
    ('<base href="javascript:alert(1)//">', "&lt;base"),
    ('<meta http-equiv="refresh" content="0;url=javascript:alert(1)">', "&lt;meta"),
    ('<link rel="stylesheet" href="https://evil.example/x.css">', "&lt;link"),
    ("<video><source onerror=alert(1)></video>", "&lt;video&gt;"),
    ("<body onload=alert(1)>", "&lt;body"),
    ('<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>', "&lt;svg&gt;"),
    ("![pic](javascript:alert(1))", "<p></p>"),
    ('<img src="javascript:alert(1)">', "<p></p>"),
    ("![pic](//evil.example/x.png)", "<p></p>"),
    ("![pic](/\\evil.example/x.png)", "<p></p>"),
    ('<img src="//evil.example/x.png" alt="pr">', "<p></p>"),
    ("![pic](mailto:a@example.com)", "<p></p>"),
    ('<a href="//evil.example">proto</a>', ">proto</a>"),
    ('[click](https://ok.example "a\\" onmouseover=\\"alert(1)")', "onmouseover="),
    ("[click](https://ok.example 'x\" onmouseover=\"alert(1)')", "onmouseover="),
    ("[click](https://ok.example/\" onclick=\"alert(1))", "&quot; onclick=&quot;"),
    ('<https://ok.example/"onmouseover="alert(1)>', 'href="https://ok.example/&quot;onmouseover'),
    ("<a href='https://ok.example' title='\"><script>alert(1)</script>'>click</a>", ">click</a>"),
    ("<div><p>unclosed <b onclick=alert(1)>bold", "<b>bold</b>"),
    ("<<script>script>alert(1)<</script>/script>", "&lt;&lt;script&gt;"),
    ("<scr<script>ipt>alert(1)</script>", "&lt;scr&lt;script&gt;"),
    ('<noscript><p title="</noscript><img src=x onerror=alert(1)>">', "&lt;noscript&gt;"),
    ("<img src=x:alert(1) onerror=eval(src)>", "<p></p>"),
    ('<table><tr><td style="x" background="javascript:alert(1)" align="javascript">cell</td></tr></table>',
     "<td>cell</td>"),
    ("<ol start=\"1 onmouseover=alert(1)\" type=a><li>x</li></ol>", "<ol><li>x</li></ol>"),
    ("<!--<img src=x onerror=alert(1)>-->comment", "<p>comment</p>"),
    ("<xmp><img src=x onerror=alert(1)></xmp>", "&lt;xmp&gt;"),
    ("javascript://example.com/%0aalert(1)", "javascript://"),
]


@pytest.mark.parametrize("payload, fragment", XSS_CASES)
def test_xss_payload_is_neutralised(payload, fragment):
    output = render_markdown(payload)
    assert_safe(output)
    assert fragment in output


@pytest.mark.parametrize("payload, fragment", XSS_CASES)
def test_xss_payload_is_neutralised_inline(payload, fragment):
    output = render_markdown(payload, inline=True)
    assert_safe(output, INLINE_ALLOWED)
    assert "<p" not in output


# -- inline (chat) mode: (markdown, exact expected HTML) ---------------------

INLINE_CASES = [
    ("**bold** and *it*", "<strong>bold</strong> and <em>it</em>"),
    ("hi [Budi](/u/budi)", f'hi <a href="/u/budi" {REL}>Budi</a>'),
    ("see https://example.com", f'see <a href="https://example.com" {REL}>https://example.com</a>'),
    ("`code` and <del>old</del>", "<code>code</code> and <del>old</del>"),
    ("line1\nline2", "line1<br>\nline2"),
    ("# Big heading", "Big heading"),
    ("para one\n\npara two", "para one<br>para two"),
    ("- a\n- b", "a<br>b"),
    ("![cover](https://example.com/c.png) nice", "cover nice"),
    ("| a | b |\n|---|---|\n| 1 | 2 |", "a<br>b<br>1<br>2"),
    ("> quoted\n\nreply", "quoted<br>reply"),
    ("<b>b</b> <i>i</i> <sub>s</sub>", "b i s"),
    ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("   ", ""),
]


@pytest.mark.parametrize("source, expected", INLINE_CASES)
def test_inline_mode(source, expected):
    output = render_markdown(source, inline=True)
    assert output == expected
    assert_safe(output, INLINE_ALLOWED)


def test_inline_mode_has_no_block_elements():
    output = render_markdown("# H\n\n![i](https://example.com/i.png)\n\n**b** [l](https://x.example)",
                             inline=True)
    tags = {tag for tag, _ in _parse(output).elements}
    assert tags == {"br", "strong", "a"}
    assert not {"p", "img", "h1"} & tags


def _parse(output: str) -> _Elements:
    parser = _Elements()
    parser.feed(output)
    parser.close()
    return parser


def test_concurrent_rendering_matches_serial():
    sources = [source for source, _ in RENDER_CASES] * 5
    serial = [render_markdown(s) for s in sources]
    with ThreadPoolExecutor(max_workers=8) as pool:
        parallel = list(pool.map(render_markdown, sources))
    assert parallel == serial
