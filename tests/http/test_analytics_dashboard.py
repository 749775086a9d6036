"""The staff analytics dashboard, its CSVs and the monthly report: the numbers are the activity that
happened, only staff see them, and no member is named."""
import csv
import io
import re
from datetime import timedelta

import pytest

from challenges import actions as challenge_actions
from core import counters
from core.charts import grouped_bar_chart, line_chart
from core.library_time import library_today
from events import actions as event_actions, live
from extensions import db
from forum import actions
from forum.models import Category
from tests.books_helpers import add_book
from tests.challenge_helpers import log, make_challenge
from tests.conftest import says, translated
from tests.event_factory import at, new_event
from tests.group_helpers import make_group

BROWSER = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36"}


def period_query() -> str:
    """Yesterday and today: an event that started an hour ago is in it even just after midnight."""
    today = library_today()
    return f"from={today - timedelta(days=1)}&to={today}"


def figure_csv(client, key: str) -> list[list[str]]:
    response = client.get(f"/admin/analytics/{key}.csv?{period_query()}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def rows_of(table: list[list[str]]) -> dict[str, list[str]]:
    return {row[0]: row[1:] for row in table[1:]}


@pytest.fixture
def category(admin):
    return actions.save_category(admin, None, name="Diskusi Buku", slug="diskusi-buku", description="",
                                 colour="#0f6b5c", position=0, who_starts="members")


@pytest.fixture
def staff_client(app, admin):
    client = app.test_client()
    client.login(admin)
    return client


def test_the_figures_are_the_activity_that_happened(app, client, staff_client, make_user, admin, host, member,
                                                    category):
    reader = make_user("wati", display_name="Wati Lestari")
    threads = [actions.create_thread(member, category, f"Buku ke-{n}", "Apa pendapat kalian?") for n in range(3)]
    for n in range(5):
        actions.reply(reader, threads[n % 2], f"Balasan {n}")
    actions.toggle_reaction(reader, _opening_post(threads[0]), "like")
    actions.toggle_reaction(reader, _opening_post(threads[1]), "love")

    event = new_event(host, title="Bedah Buku Bumi Manusia")
    event_actions.rsvp(member, event)
    event_actions.rsvp(reader, event)
    at(event, -timedelta(minutes=30))
    code = event_actions.reveal_checkin_code(host, event)
    event_actions.check_in(member, event, code)
    for n, author in enumerate([member, reader, member]):
        live.send_message(author, event, f"Halo {n}", f"c{n}")

    challenge = make_challenge(admin, target=100)
    challenge_actions.join(member, challenge)
    challenge_actions.join(reader, challenge)
    log(member, challenge, 60)
    log(reader, challenge, 120)

    for _ in range(4):
        client.get(f"/forum/t/{threads[0].id}", headers=BROWSER)
    client.get(f"/forum/t/{threads[0].id}?utm_source=whatsapp", headers=BROWSER)
    client.get(f"/forum/t/{threads[0].id}", headers={"User-Agent": "Googlebot/2.1"})
    with app.test_request_context(headers=BROWSER):
        counters.count_share("thread", threads[0].id, "whatsapp")
        counters.count_share("thread", threads[0].id, "whatsapp")
        counters.count_share("event", event.id, "telegram")

    page = staff_client.get(f"/admin/analytics?{period_query()}")  # flushes the counts first
    assert page.status_code == 200 and says(page, "Analytics")
    assert rows_of(figure_csv(staff_client, "categories"))["Diskusi Buku"] == ["3", "5", "2"]
    assert figure_csv(staff_client, "forum-daily")[-1][1:] == ["5", "3"], "replies, new threads"

    events = rows_of(figure_csv(staff_client, "events"))
    going, waitlist, attended, rate = events["Bedah Buku Bumi Manusia"][1:5]
    assert (going, waitlist, attended, rate) == ("2", "0", "1", "50.0")
    assert rows_of(figure_csv(staff_client, "live-chat"))["Bedah Buku Bumi Manusia"] == ["3", "2", "0"]

    top = figure_csv(staff_client, "top-content")
    assert top[1][0] == "Buku ke-0" and top[1][2:] == ["3", "1", "2", "5"], "replies, reactions, shares, views"
    assert rows_of(figure_csv(staff_client, "channels"))["WhatsApp"] == ["2", "1"]
    assert rows_of(figure_csv(staff_client, "channels"))["Telegram"] == ["1", "0"]
    assert figure_csv(staff_client, "views-daily")[-1][1:] == ["5"]
    assert figure_csv(staff_client, "sharing-daily")[-1][1:] == ["3", "1"]

    challenges = rows_of(figure_csv(staff_client, "challenges"))["Tantangan Membaca"]
    assert challenges[1:] == ["2", "2", "180", "1", "80.0"], "participants, joined, read, reached, progress"

    members = figure_csv(staff_client, "members")
    assert members[-1][2] == "4", "four accounts were made today"
    summary = staff_client.get(f"/admin/analytics?{period_query()}").get_data(as_text=True)
    for label, value in [("New threads", 3), ("Replies", 5), ("Reactions", 2), ("Event RSVPs", 2),
                         ("Checked in at events", 1), ("Live chat messages", 3), ("Shares", 3)]:
        assert re.search(rf"<dt>{re.escape(translated(label))}</dt><dd>{value}</dd>", summary), label
    assert "Wati Lestari" not in summary and "Budi Santoso" not in summary, "no member is named"


def _opening_post(thread):
    from forum.models import Post

    return db.session.execute(db.select(Post).filter_by(thread_id=thread.id, number=1)).scalar_one()


def test_active_members_are_counted_once_a_day_and_week(app, make_user, staff_client, member):
    browsing = app.test_client()
    browsing.login(member)
    for _ in range(3):
        browsing.get("/", headers=BROWSER)
    staff_client.get("/admin/analytics?days=7")
    weekly = figure_csv(staff_client, "members-weekly")
    assert weekly[-1][1] == "2", "the member and the admin, once"
    assert figure_csv(staff_client, "members")[-1][1] == "2"
    assert figure_csv(staff_client, "members-monthly")[-1] == [f"{library_today():%Y-%m}", "2"]


def test_top_content_puts_interactions_first_and_views_break_ties(app, staff_client, admin, member, make_user,
                                                                 category):
    reader = make_user("wati")
    quiet, viewed, discussed = (actions.create_thread(member, category, title, "Isi.")
                                for title in ("Sepi sekali", "Banyak dibaca", "Ramai dibahas"))
    actions.reply(reader, discussed, "Setuju!")
    with app.test_request_context(headers=BROWSER):
        for _ in range(50):
            counters.count_view("thread", viewed.id)
        counters.count_view("thread", quiet.id)
    top = figure_csv(staff_client, "top-content")
    assert [row[0] for row in top[1:]] == ["Ramai dibahas", "Banyak dibaca", "Sepi sekali"]
    assert [row[2:] for row in top[1:]] == [["1", "0", "0", "0"], ["0", "0", "0", "50"], ["0", "0", "0", "1"]]


def test_among_many_equally_discussed_the_most_viewed_make_the_top_ten(app, staff_client, member, make_user,
                                                                       category):
    reader = make_user("wati")
    threads = [actions.create_thread(member, category, f"Utas nomor {n}", "Isi.") for n in range(12)]
    with app.test_request_context(headers=BROWSER):
        for n, thread in enumerate(threads):
            actions.reply(reader, thread, "Setuju!")
            for _ in range(n):
                counters.count_view("thread", thread.id)
    top = figure_csv(staff_client, "top-content")
    assert [row[0] for row in top[1:]] == [f"Utas nomor {n}" for n in range(11, 1, -1)]
    assert [row[-1] for row in top[1:]] == [str(n) for n in range(11, 1, -1)]


def test_private_group_content_is_counted_but_not_named(app, staff_client, host):
    group = make_group(host, name="Klub Rahasia", visibility="private")
    group_category = db.session.execute(db.select(Category).filter_by(group_id=group.id)).scalar_one()
    thread = actions.create_thread(host, group_category, "Bab rahasia", "Hanya untuk anggota.")
    with app.test_request_context(headers=BROWSER):
        counters.count_view("thread", thread.id)
        counters.count_view("group", group.id)
    staff_client.get("/admin/analytics")
    top = figure_csv(staff_client, "top-content")
    text = str(top) + staff_client.get(f"/admin/analytics?{period_query()}").get_data(as_text=True)
    assert "Klub Rahasia" not in text and "Bab rahasia" not in text
    assert [row[0] for row in top[1:]] == [translated("(in a private reading group)")] * 2
    assert rows_of(figure_csv(staff_client, "categories"))[translated("Reading groups' discussions")] == ["1", "0", "0"]


def test_satisfaction_adds_the_library_surveys_ratings_to_the_events(app, staff_client, admin, make_user):
    from tests.survey_helpers import answer, make_survey

    survey = make_survey(admin)
    answer(make_user("ani"), survey, rating="5")
    answer(make_user("siti"), survey, rating="3")
    assert rows_of(figure_csv(staff_client, "satisfaction")) == {
        "5": ["0", "1"], "4": ["0", "0"], "3": ["0", "1"], "2": ["0", "0"], "1": ["0", "0"]}
    assert figure_csv(staff_client, "satisfaction")[0][2] == translated("Staff surveys")


def test_csv_cells_cannot_become_spreadsheet_formulas(app, staff_client, member, category):
    thread = actions.create_thread(member, category, "=HYPERLINK(\"http://jahat.example\")", "Isi.")
    actions.reply(member, thread, "Balasan")
    top = figure_csv(staff_client, "top-content")
    assert top[1][0].startswith("'=HYPERLINK")


@pytest.mark.parametrize("url", ["/admin/analytics", "/admin/analytics?days=90", "/admin/analytics/events.csv",
                                 "/admin/analytics/report", "/admin/analytics/report?month=2026-01"])
@pytest.mark.parametrize("role", ["guest", "member", "host", "moderator", "admin"])
def test_only_admins_see_analytics(app, make_user, role, url):
    """The analytics are the library's management information: moderators moderate, and are refused too."""
    client = app.test_client()
    if role != "guest":
        client.login(make_user(f"as.{role}", role))
    response = client.get(url)
    if role == "admin":
        assert response.status_code == 200
    elif role == "guest":
        assert response.status_code == 302 and response.headers["Location"].startswith("/auth/login")
    else:
        assert response.status_code == 403 and says(response, "The library's analytics are for its admins.")


def test_the_staff_area_links_to_analytics_only_for_those_who_may_see_it(app, admin, moderator):
    for user, offered in ((admin, True), (moderator, False)):
        client = app.test_client()
        client.login(user)
        assert ("/admin/analytics" in client.get("/admin/").get_data(as_text=True)) == offered, user.role


def test_an_unknown_figure_is_not_found(staff_client):
    assert staff_client.get("/admin/analytics/nothing.csv").status_code == 404


def test_the_period_is_a_preset_or_two_dates_in_order_and_at_most_a_year(staff_client):
    today = library_today()
    page = staff_client.get("/admin/analytics?days=7").get_data(as_text=True)
    assert f'value="{today - timedelta(days=6)}"' in page and f'value="{today}"' in page
    page = staff_client.get("/admin/analytics?from=2026-03-10&to=2026-03-01").get_data(as_text=True)
    assert 'value="2026-03-01"' in page and 'value="2026-03-10"' in page, "dates given the wrong way round"
    page = staff_client.get("/admin/analytics?from=2020-01-01&to=2026-03-01").get_data(as_text=True)
    assert 'value="2025-03-01"' in page, "a year at most"
    page = staff_client.get("/admin/analytics?from=nonsense").get_data(as_text=True)
    assert f'value="{today - timedelta(days=29)}"' in page, "30 days up to today"


def test_the_monthly_report_shows_the_month_with_charts_and_the_month_before(staff_client, member, category):
    actions.create_thread(member, category, "Diskusi bulan ini", "Isi.")
    today = library_today()
    report = staff_client.get(f"/admin/analytics/report?month={today:%Y-%m}")
    html = report.get_data(as_text=True)
    assert report.status_code == 200 and says(report, "The month at a glance")
    assert html.count("<svg") >= 8 and 'role="img"' in html
    assert f'value="{today}"' not in html and "Diskusi Buku" in html
    default = staff_client.get("/admin/analytics/report").get_data(as_text=True)
    last_month = (today.replace(day=1) - timedelta(days=1))
    assert f"month={(last_month.replace(day=1) - timedelta(days=1)):%Y-%m}" in default, "a link to the month before"
    assert "Diskusi Buku" not in default, "this month's thread is not last month's"


def test_a_line_chart_has_an_axis_dates_and_one_line_per_series():
    chart = str(line_chart([f"{n} Nov" for n in range(1, 31)], [("Aktif", list(range(30))), ("Baru", [1] * 30)],
                           title="Anggota"))
    assert chart.startswith("<svg") and "<title>Anggota</title>" in chart and chart.count("<polyline") == 2
    assert ">1 Nov<" in chart and ">30 Nov<" in chart and ">2 Nov<" not in chart, "about four dates under the axis"
    assert [label for label in re.findall(r'text-anchor="end">(\d+)<', chart)] == ["0", "10", "20", "30"]
    single = str(line_chart(["1 Nov"], [("Aktif", [3])], title="Satu hari"))
    assert "<circle" in single and "<polyline" not in single


def test_a_grouped_bar_chart_puts_the_series_side_by_side_on_one_scale():
    chart = str(grouped_bar_chart([("Acara <A>", [4, 2]), ("Acara B", [1, 0])], ["Datang", "Hadir"], title="RSVP"))
    assert "Acara &lt;A&gt;" in chart and chart.count('class="chart-series-1"') == 3  # the key's swatch too
    widths = [float(width) for width in re.findall(r'<rect class="chart-series-\d" x="0" y="[\d.]+" width="([\d.]+)"',
                                                   chart)][2:]  # after the key's two swatches
    assert widths[0] == 2 * widths[1] == 4 * widths[2]


def test_every_kind_of_counted_item_is_named_on_every_page_that_lists_items(app, client, staff_client, admin, host,
                                                                             member, category):
    """Issue 17: one guest view of a book broke the dashboard, the report and the top-content CSV (a wrong
    endpoint for books). A view of each kind the site counts, then every page that names items."""
    items = {"thread": actions.create_thread(member, category, "Utas yang dibaca", "Isi"),
             "event": new_event(host, title="Acara yang dibaca"),
             "book": add_book(admin, "Buku yang dibaca"),
             "group": make_group(host, name="Klub yang dibaca"),
             "challenge": make_challenge(admin, title="Tantangan yang dibaca")}
    with app.test_request_context(headers=BROWSER):
        for kind, item in items.items():
            counters.count_view(kind, item.id)
    titles = ["Utas yang dibaca", "Acara yang dibaca", "Buku yang dibaca", "Klub yang dibaca", "Tantangan yang dibaca"]
    top = figure_csv(staff_client, "top-content")  # flushes the counts first
    assert sorted(row[0] for row in top[1:]) == sorted(titles)
    for url in ("/admin/analytics?days=7", "/admin/analytics?days=30", "/admin/analytics?days=90",
                f"/admin/analytics?{period_query()}", "/admin/analytics/report"):
        assert staff_client.get(url).status_code == 200, url
