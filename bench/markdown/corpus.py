"""Pathological Markdown: each generator makes a text of at most `size` characters built to be slow for
python-markdown or bleach (html5lib). Shared by bench/markdown/run.py and tests/unit/test_markdown_limits.py."""
import random


def _repeat(unit: str, size: int, head: str = "", tail: str = "") -> str:
    count = max(0, (size - len(head) - len(tail)) // len(unit))
    return head + unit * count + tail


def _lines(make_line, size: int) -> str:
    """Lines make_line(0), make_line(1), ... while they fit in `size`."""
    lines, used = [], 0
    while True:
        line = make_line(len(lines)) + "\n"
        if used + len(line) > size:
            return "".join(lines)
        lines.append(line)
        used += len(line)


def _nested(prefix: str, size: int) -> str:
    """One line per level, each indented by `prefix` once more than the one before."""
    return _lines(lambda depth: prefix * depth + "- a", size)


def _mixed(seed: int, size: int) -> str:
    rng = random.Random(seed)
    pieces = ["[", "]", "(", ")", "![", "*", "_", "**", "`", "<", ">", "> ", "- ", "1. ", "\n", "  ", "    ",
              "#", "|", "\\", "&", "<a ", "</", "http://a.b/", '"', "'", "a", " ", "\n\n", "~~~", "==", "<b>"]
    parts, used = [], 0
    while used < size:
        piece = rng.choice(pieces)
        parts.append(piece)
        used += len(piece)
    return "".join(parts)[:size]


GENERATORS = {
    # brackets: links, images and references look for the matching ] from every [
    "open brackets [": lambda n: _repeat("[", n),
    "open images ![": lambda n: _repeat("![", n),
    "close brackets ]": lambda n: _repeat("]", n),
    "nested brackets [[..]]": lambda n: "[" * (n // 2) + "]" * (n // 2),
    "nested brackets then (": lambda n: "[" * ((n - 1) // 2) + "]" * ((n - 1) // 2) + "(",
    "bracket pairs []": lambda n: _repeat("[]", n),
    "link openers [a](": lambda n: _repeat("[a](", n),
    "empty link openers [](": lambda n: _repeat("[](", n),
    "image openers ![a](": lambda n: _repeat("![a](", n),
    "link then open parens": lambda n: _repeat("(", n, head="[a]"),
    "link then quotes": lambda n: _repeat("(\"", n, head="[a]"),
    "nested links [[a](b)](c)": lambda n: _repeat("[", n // 2) + _repeat("a](b)", n - n // 2),
    "reference openers [a][": lambda n: _repeat("[a][", n),
    "unclosed reference [a][b": lambda n: _repeat("[a][b", n),
    "reference definitions": lambda n: _lines(lambda i: f"[r{i}]: /x{i} \"t\"", n // 2) +
    _lines(lambda i: f"[r{i}][] ", n // 2),
    "long reference label": lambda n: _repeat("a", n, head="[", tail="]: /x\n\n[x]"),
    "long link title": lambda n: _repeat("a", n, head="[a](/x \"", tail=""),
    "long href": lambda n: _repeat("a", n, head="[a](/"),
    # emphasis and code
    "stars *": lambda n: _repeat("*", n),
    "underscores _": lambda n: _repeat("_", n),
    "stars and words *a": lambda n: _repeat("*a", n),
    "strong openers **a": lambda n: _repeat("**a", n),
    "mixed emphasis *_": lambda n: _repeat("*_a", n),
    "emphasis nested *a **b": lambda n: _repeat("*a **b ", n),
    "tildes ~~": lambda n: _repeat("~~a", n),
    "backticks `": lambda n: _repeat("`", n),
    "backtick runs ` `` ```": lambda n: "".join("`" * k + "a" for k in range(1, 200))[:n],
    "backtick openers `a": lambda n: _repeat("`a", n),
    "escapes \\": lambda n: _repeat("\\", n),
    "escaped brackets \\[": lambda n: _repeat("\\[", n),
    # blocks
    "nested list": lambda n: _nested("  ", n),
    "nested list (tabs)": lambda n: _nested("\t", n),
    "nested ordered list": lambda n: _lines(lambda depth: "    " * depth + "1. a", n),
    "list markers - - -": lambda n: _repeat("- ", n, tail="a"),
    "ordered markers 1. 1.": lambda n: _repeat("1. ", n, tail="a"),
    "quotes >": lambda n: _repeat(">", n),
    "quotes > > >": lambda n: _repeat("> ", n, tail="a"),
    "nested quote lines": lambda n: _lines(lambda depth: ">" * depth + " a", n),
    "quote then list": lambda n: _repeat("> - ", n, tail="a"),
    "list then quote": lambda n: _lines(lambda depth: "  " * depth + "- > a", n),
    "headers #": lambda n: _repeat("#", n),
    "setext lines": lambda n: _repeat("a\n=\n", n),
    "table pipes |": lambda n: _repeat("|", n),
    "wide table": lambda n: "|" + "a|" * (n // 6) + "\n|" + "-|" * (n // 6) + "\n",
    "long table": lambda n: "|a|b|\n|-|-|\n" + _repeat("|1|2|\n", n - 12),
    "fences ```": lambda n: _repeat("```\n", n),
    "tilde fences ~~~": lambda n: _repeat("~~~a\n", n),
    "indented code lines": lambda n: _repeat("    a\n", n),
    "blank lines": lambda n: _repeat("\n", n, head="a", tail="b"),
    "line breaks": lambda n: _repeat("a\n", n),
    "hard breaks": lambda n: _repeat("a  \n", n),
    "horizontal rules": lambda n: _repeat("---\n", n),
    # HTML-like
    "angle brackets <": lambda n: _repeat("<", n),
    "tag openers <a": lambda n: _repeat("<a ", n),
    "unclosed tags <b>": lambda n: _repeat("<b>", n),
    "unclosed links <a>": lambda n: _repeat("<a>", n),
    "misnested <b><i>": lambda n: _repeat("<b><i>a</b>", n),
    "misnested <a><b>": lambda n: _repeat("<a href=/x><b>a</a>", n),
    "table tags <table>": lambda n: _repeat("<table><tr><td>", n),
    "block html <div>": lambda n: _repeat("<div>\n", n),
    "closing tags </": lambda n: _repeat("</", n),
    "comments <!--": lambda n: _repeat("<!--", n),
    "cdata <![CDATA[": lambda n: _repeat("<![CDATA[", n),
    "processing <?": lambda n: _repeat("<?", n),
    "attributes <a a=a": lambda n: _repeat(" a=a", n, head="<a", tail=">"),
    "unclosed attribute": lambda n: _repeat("a", n, head='<a title="'),
    "entities &#": lambda n: _repeat("&#", n),
    "entities &amp;": lambda n: _repeat("&amp;", n),
    # links found in text
    "bare urls": lambda n: _repeat("http://a.b/ ", n),
    "domain-like words": lambda n: _repeat("a.id ", n),
    "one long url": lambda n: _repeat("a", n, head="http://a.b/"),
    "autolinks <http://": lambda n: _repeat("<http://a", n),
    "email-like <a@": lambda n: _repeat("<a@", n),
    # mixed
    "mixed, seed 1": lambda n: _mixed(1, n),
    "mixed, seed 2": lambda n: _mixed(2, n),
    "mixed, seed 3": lambda n: _mixed(3, n),
    "ordinary post": lambda n: _repeat(
        "Perpustakaan kami membuka **klub buku** setiap _Sabtu_. Lihat [jadwal](https://example.com/j) "
        "atau https://perpustakaan.go.id. Bawa `kartu`!\n\n- satu\n- dua\n\n> kutipan\n\n", n),
}
