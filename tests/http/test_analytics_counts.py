"""Views, visits from shared links and active members are counted in batches, without people's data."""
import pytest

from books.models import Book
from core import counters
from core.charts import bar_chart
from core.counter_models import ActiveDay, DailyCount
from core.library_time import library_today
from extensions import db
from forum import actions
from tests.books_helpers import add_book
from tests.event_factory import new_event

BROWSER = {"User-Agent": "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/131.0 Mobile Safari/537.36"}


@pytest.fixture
def thread(admin, member):
    category = actions.save_category(admin, None, name="Diskusi Buku", slug="diskusi-buku", description="",
                                     colour="#0f6b5c", position=0, who_starts="members")
    return actions.create_thread(member, category, "Laskar Pelangi", "Bagian favorit saya.")


def counted(metric: str, item_type: str, item_id: int, channel: str = "") -> int:
    row = db.session.execute(db.select(DailyCount.total).filter_by(
        day=library_today(), metric=metric, item_type=item_type, item_id=item_id, channel=channel)).scalar()
    return row or 0


def test_views_are_written_in_one_batch_not_on_each_page(app, client, thread):
    for _ in range(3):
        assert client.get(f"/forum/t/{thread.id}", headers=BROWSER).status_code == 200
    assert counted("view", "thread", thread.id) == 0, "a view must not cost a database write"
    counters.flush()
    assert counted("view", "thread", thread.id) == 3
    client.get(f"/forum/t/{thread.id}", headers=BROWSER)
    counters.flush()
    assert counted("view", "thread", thread.id) == 4, "a later batch adds to the day's row"


def test_a_page_opened_from_a_shared_link_is_a_visit_through_its_channel(app, client, host):
    event = new_event(host)
    client.get(f"/events/{event.id}?utm_source=whatsapp", headers=BROWSER)
    client.get(f"/events/{event.id}?utm_source=whatsapp", headers=BROWSER)
    client.get(f"/events/{event.id}?utm_source=telegram", headers=BROWSER)
    client.get(f"/events/{event.id}?utm_source=evil<script>", headers=BROWSER)
    counters.flush()
    assert counted("view", "event", event.id) == 4
    assert counted("visit", "event", event.id, "whatsapp") == 2
    assert counted("visit", "event", event.id, "telegram") == 1
    assert db.session.scalar(db.select(db.func.count()).select_from(DailyCount)
                             .filter(DailyCount.channel.like("evil%"))) == 0


@pytest.mark.parametrize("agent", ["Googlebot/2.1 (+http://www.google.com/bot.html)",
                                   "facebookexternalhit/1.1", "WhatsApp/2.23.20.0", "TelegramBot (like TwitterBot)",
                                   "curl/8.5.0", "python-requests/2.32", ""])
def test_bots_and_link_previews_are_not_counted(app, client, admin, agent):
    book = add_book(admin)
    client.get(f"/books/{book.id}", headers={"User-Agent": agent})
    counters.flush()
    assert counted("view", "book", book.id) == 0


def test_an_active_member_is_written_once_a_day(app, client, login, member, thread):
    login(member)
    for _ in range(3):
        client.get("/", headers=BROWSER)
    counters.flush()
    client.get(f"/forum/t/{thread.id}", headers=BROWSER)
    counters.flush()
    assert db.session.scalars(db.select(ActiveDay.user_id)).all() == [member.id]


def test_counts_from_several_items_and_kinds_land_on_their_own_rows(app, client, admin, thread):
    book = add_book(admin)
    other = db.session.get(Book, add_book(admin, title="Bumi Manusia", authors="Pramoedya").id)
    client.get(f"/books/{book.id}", headers=BROWSER)
    client.get(f"/books/{other.id}", headers=BROWSER)
    client.get(f"/books/{other.id}", headers=BROWSER)
    client.get(f"/forum/t/{thread.id}", headers=BROWSER)
    counters.flush()
    assert (counted("view", "book", book.id), counted("view", "book", other.id),
            counted("view", "thread", thread.id)) == (1, 2, 1)


def test_a_bar_chart_scales_bars_to_the_largest_value_and_escapes_labels():
    chart = str(bar_chart([("<b>Ya</b>", 4), ("Tidak", 2), ("Ragu", 0)], title="Jawaban"))
    assert chart.startswith("<svg") and 'role="img"' in chart and "<title>Jawaban</title>" in chart
    assert "&lt;b&gt;Ya&lt;/b&gt;" in chart and "<b>" not in chart
    widths = [float(part.split('"')[0]) for part in chart.split('class="chart-bar" x="0" y="')[1:]
              for part in [part.split('width="')[1]]]
    assert widths[0] == 2 * widths[1] and widths[2] < widths[1]
