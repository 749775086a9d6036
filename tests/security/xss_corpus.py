"""Hostile inputs for stored-XSS tests: each is something a member could type anywhere."""
SCHEMES = ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
           "java\nscript:alert(1)", "&#106;avascript:alert(1)", "&#x6A;avascript:alert(1)",
           "javascript&colon;alert(1)", "jav\u200bascript:alert(1)", "\ufeffjavascript:alert(1)",
           "data:text/html,<script>alert(1)</script>", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
           "vbscript:msgbox(1)", "DATA:text/html,x", "javascript://%0Aalert(1)"]

TAGS = [
    "<script>alert(1)</script>", "<SCRIPT SRC=//evil.example/x.js></SCRIPT>", "<script\n>alert(1)</script\n>",
    "<img src=x onerror=alert(1)>", "<img src=\"x\" onerror=\"alert(1)\"/>", "<img/src/onerror=alert(1)>",
    "<svg onload=alert(1)>", "<svg><script>alert(1)</script></svg>", "<svg><a xlink:href=javascript:alert(1)>x</a></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", "<iframe src=javascript:alert(1)>",
    "<iframe srcdoc=\"<script>alert(1)</script>\">", "<object data=javascript:alert(1)>", "<embed src=javascript:alert(1)>",
    "<body onload=alert(1)>", "<details open ontoggle=alert(1)>", "<input autofocus onfocus=alert(1)>",
    "<button formaction=javascript:alert(1)>x</button>", "<form action=javascript:alert(1)><button>x</button></form>",
    "<a href=javascript:alert(1)>x</a>", "<a href=\"jav&#x09;ascript:alert(1)\">x</a>", "<a onclick=alert(1)>x</a>",
    "<a href=# onmouseover=alert(1)>x</a>", "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "<style>*{background:url(javascript:alert(1))}</style>", "<link rel=stylesheet href=javascript:alert(1)>",
    "<meta http-equiv=refresh content=\"0;url=javascript:alert(1)\">", "<base href=javascript:alert(1)//>",
    "<video><source onerror=alert(1)></video>", "<audio src=x onerror=alert(1)>", "<marquee onstart=alert(1)>",
    "<table background=javascript:alert(1)>", "<td background=javascript:alert(1)>", "<isindex action=javascript:alert(1)>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">", "<xmp><img src=x onerror=alert(1)></xmp>",
    "<textarea><img src=x onerror=alert(1)></textarea>", "<title><img src=x onerror=alert(1)></title>",
    "<template><img src=x onerror=alert(1)></template>", "<!--><img src=x onerror=alert(1)>-->",
    "<![CDATA[<img src=x onerror=alert(1)>]]>", "<img src=`x`onerror=alert(1)>", "<img \"\"\"><script>alert(1)</script>\">",
    "<scr<script>ipt>alert(1)</script>", "<<script>alert(1)//<</script>", "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>", "<svg><set attributeName=href to=javascript:alert(1)>",
    "<math><maction actiontype=statusline xlink:href=javascript:alert(1)>x</maction></math>",
    "<keygen autofocus onfocus=alert(1)>", "<select autofocus onfocus=alert(1)>", "<frameset onload=alert(1)>",
    "<applet code=x>", "<a href=\"\u0001javascript:alert(1)\">x</a>", "<a href='vbscript:msgbox(1)'>x</a>",
    "\"><script>alert(1)</script>", "'><img src=x onerror=alert(1)>", "</title><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>", "{{7*7}}<script>alert(1)</script>", "${alert(1)}<svg/onload=alert(1)>",
]

MARKDOWN = [f"[klik]({url})" for url in SCHEMES] + [f"![gambar]({url})" for url in SCHEMES] + [
    "[klik][1]\n\n[1]: javascript:alert(1)", "![g][1]\n\n[1]: javascript:alert(1)",
    "[klik][x]\n\n[x]: data:text/html,<script>alert(1)</script>", "<javascript:alert(1)>",
    "[klik](javascript:alert(1) \"judul\")", "[klik](<javascript:alert(1)>)", "![g](//evil.example/x.png)",
    "![g](x \"\\\" onerror=alert(1) \\\"\")", "[x](\"onmouseover=alert(1))", "```\n</code><script>alert(1)</script>\n```",
    "<div>\n**markdown** <script>alert(1)</script>\n</div>", "> <img src=x onerror=alert(1)>",
    "- <a href=javascript:alert(1)>x</a>", "| a |\n|---|\n| <img src=x onerror=alert(1)> |",
    "[<img src=x onerror=alert(1)>](https://contoh.id)", "[x](https://contoh.id\"onmouseover=\"alert(1))",
]

PAYLOADS = TAGS + MARKDOWN
assert len(PAYLOADS) >= 100, len(PAYLOADS)
