"""python-markdown with its slow spots replaced, so that no text makes core/markdown.py slow.

- Links: python-markdown scans forward from every `[` for its closing `]` and from every `](` for its
  closing `)`, so `[` typed 20,000 times took minutes. The link processors here give the same answers from
  a table of bracket pairs built once per text, and bound the one scan that cannot be tabled (a link
  title) to TITLE_REACH characters.
- Blocks: lists and quotes nested deeper than NESTING_REACH elements are kept as text (python-markdown
  recursed once per level: `- ` typed 1,000 times on one line raised RecursionError), and so is what is
  left of a text once block parsing has read BLOCK_WORK_FACTOR times its length (see _BoundedBlocks).
- Fenced code: an opening fence with no closing line was read to the end of the text, once per opening.
  An opening whose fence is known to have no closing line after it is skipped (see _FenceSearch).
- Raw HTML: the block-level HTML finder read every `<a ` as the start of a tag whose attributes ran to the
  end of the text (`<` was allowed in attribute names and values). Here a `<` ends a tag's attributes.
"""
from __future__ import annotations

import re

from markdown import Markdown, inlinepatterns, preprocessors
from markdown.htmlparser import HTMLExtractor

TITLE_REACH = 2_000  # a link title longer than this is read as text
PAREN_DEPTH_REACH = 32  # and so is a destination with more unclosed parentheses than this before its title
NESTING_REACH = 32  # elements (a list level is two: ul and li; a quote one)
BLOCK_WORK_FACTOR = 20


class _Pairs:
    """Where each opening bracket of a text is closed, counting nested brackets as python-markdown does.

    Built right to left in one pass, and kept as distances from the end of the text: inline processing only
    rewrites what it has already passed (a link becomes a placeholder), so the table stays true for every
    later text that ends the same way, and is rebuilt only when it does not."""

    def __init__(self, opening: str, closing: str):
        self._brackets = re.compile(f"[{re.escape(opening)}{re.escape(closing)}]")
        self._closing = closing
        self._source = ""
        self._closer: dict[int, int | None] = {}  # distance of an opener from the end -> of its closer
        self._checked, self._checked_tail = None, 0

    def closer(self, text: str, position: int) -> int | None:
        """Index of the bracket that closes the one at `position`, or None when nothing closes it."""
        tail = len(text) - position
        if not self._same_tail(text, tail):
            self._build(text)
        distance = self._closer.get(tail)
        return None if distance is None else len(text) - distance

    def _same_tail(self, text: str, tail: int) -> bool:
        if text is self._source or (text is self._checked and tail <= self._checked_tail):
            return True
        if tail <= len(self._source) and text.endswith(self._source[len(self._source) - tail:]):
            self._checked, self._checked_tail = text, tail
            return True
        return False

    def _build(self, text: str) -> None:
        length, open_closers, closer = len(text), [], {}
        for bracket in reversed([match.start() for match in self._brackets.finditer(text)]):
            if text[bracket] == self._closing:
                open_closers.append(length - bracket)
            else:
                closer[length - bracket] = open_closers.pop() if open_closers else None
        self._source, self._closer, self._checked = text, closer, None


class _LinearLinks:
    """getText and getLink of python-markdown's link processors, without the scans that made them quadratic."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._square = _Pairs("[", "]")
        self._round = _Pairs("(", ")")

    def getText(self, data: str, index: int) -> tuple[str, int, bool]:
        if data[index - 1] != "[":
            return super().getText(data, index)
        closer = self._square.closer(data, index - 1)
        if closer is None:
            return "", len(data), False
        return data[index:closer], closer + 1, True

    def getLink(self, data: str, index: int) -> tuple[str, str | None, int, bool]:
        start = self.RE_LINK.match(data, pos=index)
        if not start or start.group(1):  # no "(" here, or "(<url>)": a regular expression decides, quickly
            return super().getLink(data, index)
        end = self._link_end(data, index, start.end())
        if end is None:
            return "", None, index, False
        return super().getLink(data[:end], index)  # the same scan, stopped where it would have stopped

    def _link_end(self, data: str, index: int, start: int) -> int | None:
        """Where python-markdown's scan of "(destination "title")" ends (just past its ")"), or None when
        it finds no link (or would need to look further than TITLE_REACH or PAREN_DEPTH_REACH)."""
        quote = min((found for found in (data.find('"', start), data.find("'", start)) if found >= 0), default=None)
        closer = self._round.closer(data, index)
        if closer is not None and (quote is None or closer < quote):
            return closer + 1  # balanced parentheses before any quote
        if quote is None:
            return None
        reach = min(len(data), quote + TITLE_REACH)
        title_end = _title_end(data, quote, reach)
        if title_end is not None:
            return title_end
        if reach < len(data):
            return None
        return _unclosed_title_end(data, start, quote)


_QUOTE_THEN_PAREN = {mark: re.compile(re.escape(mark) + r" *\)") for mark in "\"'"}


def _title_end(data: str, quote: int, reach: int) -> int | None:
    """After the first quote the scan ends at a ")" whose last non-space character before it is that quote
    again, or the other quote character seen for the second time."""
    mark = data[quote]
    other = "'" if mark == '"' else '"'
    ends = [_QUOTE_THEN_PAREN[mark].search(data, quote + 1, reach)]
    first_other = data.find(other, quote + 1, reach)
    if first_other >= 0:
        ends.append(_QUOTE_THEN_PAREN[other].search(data, first_other + 1, reach))
    return min((found.end() for found in ends if found), default=None)


_PARENS = re.compile(r"[()]")


def _unclosed_title_end(data: str, start: int, quote: int) -> int | None:
    """A title that never closes: python-markdown falls back to the parenthesis that balances those opened
    before the quote (each one after the quote counts down). When that one is a "(", its answer swallows
    the rest of the text, so the whole text is given to it: it is read once."""
    open_before = 1 + data.count("(", start, quote) - data.count(")", start, quote)
    if open_before > PAREN_DEPTH_REACH:
        return None
    for seen, paren in enumerate(_PARENS.finditer(data, quote), start=1):
        if seen == open_before:
            return paren.end() if paren.group() == ")" else len(data)
    return None


def _linear(processor_class: type) -> type:
    return type(processor_class.__name__, (_LinearLinks, processor_class), {})


_LINK_PROCESSORS = [  # name, class, pattern and priority as python-markdown registers them
    ("reference", inlinepatterns.ReferenceInlineProcessor, inlinepatterns.REFERENCE_RE, 170),
    ("link", inlinepatterns.LinkInlineProcessor, inlinepatterns.LINK_RE, 160),
    ("image_link", inlinepatterns.ImageInlineProcessor, inlinepatterns.IMAGE_LINK_RE, 150),
    ("image_reference", inlinepatterns.ImageReferenceInlineProcessor, inlinepatterns.IMAGE_REFERENCE_RE, 140),
    ("short_reference", inlinepatterns.ShortReferenceInlineProcessor, inlinepatterns.REFERENCE_RE, 130),
    ("short_image_ref", inlinepatterns.ShortImageReferenceInlineProcessor, inlinepatterns.IMAGE_REFERENCE_RE, 125),
]


_START_TAG = re.compile(r"""
  <[a-zA-Z][^`\t\n\r\f /><\x00]*                 # tag name
  (?:[\s/]*
    (?:(?<=['"\s/])[^`\s/><][^\s/=><]*             # attribute name
      (?:\s*=+\s*(?:'[^']*'|"[^"]*"|(?!['"])[^`>\s<]*)(?:\s*,)*)?   # value
      (?:\s|/(?!>))*
    )*
  )?
  \s*
""", re.VERBOSE)
_NOT_YET_ENDED = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ=/")


class _TagFinder(HTMLExtractor):
    """python-markdown's raw HTML finder, where no tag name or attribute contains a "<"."""

    def check_for_whole_start_tag(self, i: int) -> int:
        """Where the start tag at i ends, as html.parser answers it (-1: not a whole tag yet)."""
        end = _START_TAG.match(self.rawdata, i).end()
        after = self.rawdata[end:end + 1]
        if after == ">":
            return end + 1
        if self.rawdata.startswith("/>", end):
            return end + 2
        if after == "" or after in _NOT_YET_ENDED:
            return -1
        return end if end > i else i + 1


class _HtmlBlocks(preprocessors.HtmlBlockPreprocessor):
    def run(self, lines: list[str]) -> list[str]:
        finder = _TagFinder(self.md)
        finder.feed("\n".join(lines))
        finder.close()
        return "".join(finder.cleandoc).split("\n")


class _BoundedBlocks:
    """Stands in for md.parser.parseBlocks (the same loop) with two bounds; past them, blocks are paragraphs.

    - Nesting: every parent python-markdown parses into is the last element of its parent, so its depth is
      found by following the last children down from the root.
    - Work: a block processor that finds its line in the middle of a block parses what comes before, then
      hands the rest back to be tested again by every processor, which reads it whole. So a block of 5,000
      setext headings or rules was read 5,000 times. The characters handed to the processors are counted,
      and may reach BLOCK_WORK_FACTOR times the text's length."""

    def __init__(self, parser):
        self._parser = parser
        self._root, self._work_left = None, 0
        parser.parseBlocks = self

    def __call__(self, parent, blocks: list[str]) -> None:
        if parent is self._parser.root and self._root is not parent:
            self._root, self._work_left = parent, BLOCK_WORK_FACTOR * (sum(map(len, blocks)) + 1_000)
        within_reach = self._within_reach(parent)
        while blocks:
            self._work_left -= len(blocks[0])
            if not within_reach or self._work_left < 0:
                self._parser.blockprocessors["paragraph"].run(parent, blocks)
                continue
            for processor in self._parser.blockprocessors:
                if processor.test(parent, blocks[0]) and processor.run(parent, blocks) is not False:
                    break

    def _within_reach(self, parent) -> bool:
        element = self._parser.root
        for _ in range(NESTING_REACH):
            if element is parent:
                return True
            if not len(element):
                return False
            element = element[-1]
        return element is parent


_OPENING_FENCE = re.compile(r"^(?:~{3,}|`{3,})", re.MULTILINE)


class _FenceSearch:
    """Stands in for the fenced_code extension's FENCED_BLOCK_RE.search, which its run() calls from index 0
    and then from just past each code block it replaced. An opening fence is tried only when a closing line
    of the same fence follows it; where the next closing line of each fence is stays known, as the length of
    the tail after it, which replacing a code block before it does not change."""

    def __init__(self, regex: re.Pattern):
        self._regex = regex
        self._closings: dict[str, tuple[int, int]] = {}  # fence -> (tail searched, tail at its closing or -1)

    def search(self, text: str, pos: int = 0) -> re.Match | None:
        if pos == 0:
            self._closings = {}
        for opening in _OPENING_FENCE.finditer(text, pos):
            if self._closes(text, opening):
                found = self._regex.match(text, opening.start())
                if found:
                    return found
        return None

    def _closes(self, text: str, opening: re.Match) -> bool:
        fence, tail = opening.group(), len(text) - opening.end()
        searched, closing = self._closings.get(fence, (-1, -1))
        if tail > searched or closing > tail:
            line = re.compile(f"^{re.escape(fence)}[ ]*$", re.MULTILINE).search(text, opening.end())
            searched, closing = tail, len(text) - line.start() if line else -1
            self._closings[fence] = (searched, closing)
        return closing >= 0


def bound(md: Markdown) -> Markdown:
    """Replace md's slow processors with the linear ones above."""
    for name, processor_class, pattern, priority in _LINK_PROCESSORS:
        md.inlinePatterns.register(_linear(processor_class)(pattern, md), name, priority)
    md.preprocessors.register(_HtmlBlocks(md), "html_block", 20)
    fences = md.preprocessors["fenced_code_block"]
    fences.FENCED_BLOCK_RE = _FenceSearch(fences.FENCED_BLOCK_RE)
    _BoundedBlocks(md.parser)
    return md
