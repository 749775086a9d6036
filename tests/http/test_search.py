"""Full-text search: ranked, highlighted, case- and accent-insensitive, always up to date."""
import re

import pytest

from extensions import db
from forum import actions
from forum.models import Post
from tests.conftest import says


@pytest.fixture
def category(admin):
    return actions.save_category(admin, None, name="Diskusi Buku", slug="diskusi-buku", description="",
                                 colour="#0f6b5c", position=0, who_starts="members")


def result_titles(client, words: str) -> list[str]:
    page = client.get("/search", query_string={"q": words}).get_data(as_text=True)
    return re.findall(r'class="thread-title" href="[^"]+">([^<]+)</a>', page)


def test_titles_and_posts_are_found_whatever_the_case_or_accents(client, member, category):
    actions.create_thread(member, category, "Cerita rakyat Nusantara", "Malin Kundang dan Sangkuriang.")
    actions.create_thread(member, category, "Resep kopi", "Kopi tubruk khas Aceh, kafé favorit saya.")
    assert result_titles(client, "NUSANTARA") == ["Cerita rakyat Nusantara"]
    assert result_titles(client, "sangkuriang") == ["Cerita rakyat Nusantara"]
    assert result_titles(client, "kafe") == ["Resep kopi"]      # é found by e
    assert result_titles(client, "cérita") == ["Cerita rakyat Nusantara"]  # and e by é
    assert result_titles(client, "nusan") == ["Cerita rakyat Nusantara"]   # the last word may be a prefix
    assert result_titles(client, "kopi nusantara") == []                   # every word must match


def test_a_title_match_ranks_above_a_mention_in_a_reply(client, member, make_user, category):
    mentioned = actions.create_thread(member, category, "Buku untuk liburan", "Ada usul?")
    actions.reply(make_user("siti"), mentioned, "Coba baca Ronggeng sekali-sekali.")
    actions.create_thread(member, category, "Ronggeng Dukuh Paruk", "Trilogi Ahmad Tohari.")
    assert result_titles(client, "ronggeng") == ["Ronggeng Dukuh Paruk", "Buku untuk liburan"]


def test_snippets_highlight_matches_and_escape_the_text(client, member, category):
    actions.create_thread(member, category, "Matematika", "Ingat: 3 < 5 dan <b>tebal</b> bukan tag di sini.")
    page = client.get("/search?q=tebal").get_data(as_text=True)
    assert "<mark>tebal</mark>" in page
    assert "3 &lt; 5" in page and "<b>" not in page


def test_the_index_follows_edits_deletes_and_renames(login, member, moderator, category):
    thread = actions.create_thread(member, category, "Judul lama sekali", "Kata kunci pertama: semangka.")
    post = db.session.execute(db.select(Post)).scalar_one()
    client = login(member)
    actions.edit_post(member, post, "Kata kunci kedua: rambutan.")
    assert result_titles(client, "semangka") == [] and result_titles(client, "rambutan") == ["Judul lama sekali"]
    actions.moderate_thread(moderator, thread, "rename", title="Judul baru tentang buah")
    assert result_titles(client, "buah") == ["Judul baru tentang buah"] and result_titles(client, "lama") == []
    actions.delete_post(member, post)
    assert result_titles(client, "rambutan") == []


def test_results_are_paginated(client, member, category):
    for number in range(25):
        actions.create_thread(member, category, f"Puisi nomor {number}", "Tentang hujan.")
    first = client.get("/search?q=hujan").get_data(as_text=True)
    second = client.get("/search?q=hujan&page=2").get_data(as_text=True)
    assert first.count('class="thread-title"') == 20 and second.count('class="thread-title"') == 5
    assert 'rel="next"' in first and 'rel="prev"' in second and 'rel="next"' not in second


def test_empty_and_hostile_queries_are_handled(client, member, category):
    assert says(client.get("/search"), "Search forum threads and posts, reading groups, events, books and reading challenges.")
    response = client.get("/search", query_string={"q": '<script>alert(1)</script> "OR" * NEAR('})
    assert response.status_code == 200 and "<script>alert(1)" not in response.get_data(as_text=True)
    assert says(client.get("/search?q=zzzz"), "Nothing found for “%(words)s”. Try other or fewer words.",
                words="zzzz")
