"""The watched-words matcher: whole words, any case, wildcards at the ends, Indonesian text."""
import pytest

from forum.watched_words import CENSORED, Matcher, normalise, parse_csv, word_problem


def matcher(*words, action="block"):
    return Matcher(tuple((word, action) for word in words))


@pytest.mark.parametrize("words, text, found", [
    (["pinjol"], "Hati-hati dengan PINJOL ilegal!", "PINJOL"),
    (["pinjol"], "#pinjol cepat cair", "pinjol"),
    (["slot gacor"], "main Slot   Gacor\nhari ini", "Slot   Gacor"),
    (["judi online"], "judi-online", None),             # a phrase matches across spaces only
    (["tai"], "Kami santai di pantai.", None),           # never inside another word
    (["asu"], "Asuransi kesehatan untuk anggota", None),
    (["obat kuat"], "obat kuatnya", None),
    (["judi*"], "perjudian itu dilarang", None),         # a trailing * extends to the right only
    (["judi*"], "situs judian baru", "judian"),
    (["*judi*"], "perjudian itu dilarang", "perjudian"),
    (["*gacor"], "info slotgacor terbaru", "slotgacor"),
    (["*gacor"], "gacornya luar biasa", None),
    (["casino"], "Saya membaca Casino Royale karya Ian Fleming.", "Casino"),
    (["kampret"], "Dasar kampret.", "kampret"),
])
def test_matching(words, text, found):
    assert matcher(*words).find("block", text) == found


def test_the_longest_phrase_wins_and_other_actions_are_separate():
    words = Matcher((("judi", "censor"), ("judi online", "censor"), ("pinjol", "require_approval")))
    assert words.censor("Stop judi online dan judi lain") == f"Stop {CENSORED} dan {CENSORED} lain"
    assert words.find("block", "pinjol") is None and words.find("require_approval", "x", "ada pinjol") == "pinjol"
    assert words.censor("tidak ada apa-apa") == "tidak ada apa-apa"


def test_an_empty_list_matches_nothing():
    assert Matcher(()).find("block", "judi online") is None and Matcher(()).censor("bangsat") == "bangsat"


def test_regex_characters_in_words_are_plain_text():
    assert matcher("o'neil").find("block", "Mr O'Neil datang") == "O'Neil"
    assert matcher("a-b").find("block", "axb") is None


@pytest.mark.parametrize("word, ok", [
    ("judi online", True), ("*gacor", True), ("judi*", True), ("o'neil", True), ("anti-hoaks", True),
    ("", False), ("*", False), ("ju*di", False), ("judi.online", False), ("=cmd()", False), ("x" * 101, False),
])
def test_which_words_can_be_watched(word, ok):
    assert (word_problem(normalise(word)) is None) == ok


def test_csv_rows_with_header_blank_lines_duplicates_and_semicolons():
    entries, problems = parse_csv("word,action\n\n Judi  Online ,BLOCK\npinjol,censor\npinjol,require_approval\n")
    assert problems == [] and entries == {"judi online": "block", "pinjol": "require_approval"}
    entries, problems = parse_csv("word;action\nslot gacor;block\n")
    assert entries == {"slot gacor": "block"}


def test_csv_problems_name_their_lines():
    entries, problems = parse_csv("word,action\npinjol,blok\nsatu,dua,tiga\n*,censor\nbaik,censor\n")
    assert [problem.split(":")[0] for problem in problems] == ["Line 2", "Line 3", "Line 4"]
    assert entries == {"baik": "censor"}
