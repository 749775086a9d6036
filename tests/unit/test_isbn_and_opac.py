"""ISBN rules (ISBN-10 and ISBN-13 with check digits, kept as ISBN-13) and the library catalogue link."""
import pytest

from core import isbn
from library import opac


@pytest.mark.parametrize("typed, expected", [
    ("979-3062-79-7", "9789793062792"),          # Laskar Pelangi, ISBN-10 as printed
    ("9793062797", "9789793062792"),
    ("978-979-3062-79-2", "9789793062792"),       # the same book as ISBN-13
    ("978 602 8519 93 9", "9786028519939"),       # spaces
    ("ISBN 979-97312-3-2", "9789799731234"),       # Bumi Manusia, with the ISBN prefix
    ("0-306-40615-2", "9780306406157"),           # the standard's own example
    ("978-0-306-40615-7", "9780306406157"),
    ("0-8044-2957-x", "9780804429573"),           # X check digit, lower case
    ("080442957X", "9780804429573"),
    ("979‑10‑90636‑07‑1", "9791090636071"),        # a 979 ISBN-13 with non-breaking hyphens
])
def test_valid_isbns_become_isbn13(typed, expected):
    assert isbn.normalise(typed) == expected


@pytest.mark.parametrize("typed, message", [
    ("979-3062-79-8", "This ISBN's check digit is wrong: please check the number."),
    ("9789793062793", "This ISBN's check digit is wrong: please check the number."),
    ("080442957-0", "This ISBN's check digit is wrong: please check the number."),
    ("1234567890128", "An ISBN-13 starts with 978 or 979."),
    ("12345", "An ISBN has 10 or 13 digits (the last one of an ISBN-10 may be X)."),
    ("97930627X7", "An ISBN has 10 or 13 digits (the last one of an ISBN-10 may be X)."),  # X only last
    ("978979306279X", "An ISBN has 10 or 13 digits (the last one of an ISBN-10 may be X)."),  # no X in ISBN-13
    ("", "An ISBN has 10 or 13 digits (the last one of an ISBN-10 may be X)."),
])
def test_invalid_isbns_are_refused_with_a_reason(app, typed, message):
    with pytest.raises(isbn.InvalidISBN) as refused:
        isbn.normalise(typed)
    assert refused.value.message._args[0] == message


def test_conversion_both_ways_and_check_digits():
    assert isbn.isbn10_to_13("0804429570"[:9] + "X") == "9780804429573"
    assert isbn.isbn13_to_10("9780804429573") == "080442957X"
    assert isbn.isbn13_to_10("9791090636071") is None  # 979 numbers have no ISBN-10
    assert isbn.isbn10_check_digit("979306279") == "7" and isbn.isbn13_check_digit("978979306279") == "2"
    assert isbn.pretty("9789793062792") == "978-979306279-2"


TEMPLATE = "https://opac.example/index.php?search=search&keywords={isbn}"


def test_the_opac_link_puts_in_url_encoded_values():
    assert opac.build_url(TEMPLATE, "9789793062792", "Laskar Pelangi") == \
        "https://opac.example/index.php?search=search&keywords=9789793062792"
    by_title = "http://inlis.example/opac/pencarian-sederhana?action=pencarianSederhana&katakunci={title}"
    assert opac.build_url(by_title, None, "Bumi & Manusia #1/2 \"100%\"") == \
        "http://inlis.example/opac/pencarian-sederhana?action=pencarianSederhana&katakunci=" \
        "Bumi%20%26%20Manusia%20%231%2F2%20%22100%25%22"
    assert opac.build_url("https://opac.example/?q={isbn10}", "9789793062792", "x") == \
        "https://opac.example/?q=9793062797"


def test_no_link_without_a_template_or_the_value_it_needs():
    assert opac.build_url("", "9789793062792", "Laskar Pelangi") is None
    assert opac.build_url(TEMPLATE, None, "Buku tanpa ISBN") is None
    assert opac.build_url("https://opac.example/?q={isbn10}", "9791090636071", "x") is None


@pytest.mark.parametrize("template", [
    "javascript:alert(1)//{isbn}", "data:text/html,{isbn}", "ftp://opac.example/{isbn}", "//opac.example/{isbn}",
    "https://opac.example/search", "https://opac.example/?q={isbn", "https://opac.example/?q={nama}",
    "https://opac.example/?q={isbn}&x={}", "https:///?q={isbn}", "https://opac.example/?q= {isbn}",
    "https://opac.example/?q={isbn}" + "x" * 500,
])
def test_only_http_templates_with_known_placeholders_are_accepted(app, template):
    with pytest.raises(opac.InvalidTemplate):
        opac.check_template(template)


def test_a_good_template_is_kept_and_an_empty_one_turns_the_link_off():
    assert opac.check_template(f"  {TEMPLATE} ") == TEMPLATE
    assert opac.check_template("HTTP://Opac.Example/cari/{title}/{isbn}") == "HTTP://Opac.Example/cari/{title}/{isbn}"
    assert opac.check_template("") == ""
