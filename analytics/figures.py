"""The dashboard's and the monthly report's figures: each one a titled table of numbers (the same table
is the CSV) with a chart drawn from it. Labels are translated here; analytics/queries.py only counts."""
from dataclasses import dataclass, field
from datetime import date

from flask import url_for
from flask_babel import format_date, gettext, lazy_gettext as _l
from markupsafe import Markup

from analytics import queries
from core.charts import bar_chart, grouped_bar_chart, line_chart
from analytics.queries import Period
from books.models import Book
from challenges.models import UNITS, Challenge
from events.models import Event
from extensions import db
from forum.models import Category, Thread
from groups.models import ReadingGroup

CHART_ROWS = 12  # a chart shows at most this many rows; the table and the CSV have them all

KINDS = {"thread": _l("Thread"), "event": _l("Event"), "book": _l("Book"), "group": _l("Reading group"),
         "challenge": _l("Challenge")}
CHANNELS = {"whatsapp": "WhatsApp", "facebook": "Facebook", "x": "X", "telegram": "Telegram",
            "email": _l("E-mail"), "copy": _l("Copied link"), "share": _l("Phone's share menu")}


@dataclass(frozen=True)
class Item:
    """A table cell naming a piece of content, with its address when it may be linked to."""
    text: str
    url: str | None = None

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Month:
    """A table cell naming a month: 'November 2026' on the page, '2026-11' in the CSV."""
    first: date

    def __str__(self) -> str:
        return format_month(self.first)


@dataclass
class Figure:
    key: str  # its CSV's name
    title: str
    columns: list[str]
    rows: list[list]
    chart: Markup | None = None
    note: str = ""
    totals: dict = field(default_factory=dict)  # named sums the headline numbers read
    daily: bool = False  # a row per day: the printed report shows its chart, the CSV its numbers


def format_month(day: date) -> str:
    return format_date(day, "MMMM yyyy")


def _short(day: date) -> str:
    return format_date(day, "d MMM")


def _private_item() -> Item:
    return Item(gettext("(in a private reading group)"))


def _event_item(event: Event) -> Item:
    if event.group is not None and event.group.is_private:
        return _private_item()
    return Item(event.title, url_for("events.show", event_id=event.id))


def _daily(key: str, title: str, period: Period, series: list[tuple[str, dict[date, int]]], **fields) -> Figure:
    """A figure with a row per day of the period and a column per (name, {day: count}) series, drawn as lines."""
    days = period.days
    counts = [[values.get(day, 0) for day in days] for _, values in series]
    chart = line_chart([_short(day) for day in days], [(name, column) for (name, _), column in zip(series, counts)],
                       title)
    return Figure(key, title, [gettext("Day"), *(name for name, _ in series)],
                  [[day, *values] for day, values in zip(days, zip(*counts))], chart, daily=True, **fields)


# -- members ------------------------------------------------------------------------------------------

def members(period: Period) -> Figure:
    new, active = queries.new_members_by_day(period), queries.active_members_by_day(period)
    return _daily("members", gettext("New and active members per day"), period,
                  [(gettext("Active members"), active), (gettext("New members"), new)],
                  note=gettext("Active: signed in and used the site that day."),
                  totals={"new_members": sum(new.values()), "active_members": queries.active_members(period)})


def members_weekly(period: Period) -> Figure:
    rows = queries.active_members_by_week(period)
    title = gettext("Active members per week")
    return Figure("members-weekly", title, [gettext("Week from"), gettext("Active members")],
                  [[monday, count] for monday, count in rows],
                  bar_chart([(gettext("week from %(day)s", day=_short(monday)), count) for monday, count in rows],
                            title),
                  note=gettext("Each member is counted once a week, within the chosen period."))


def members_monthly(period: Period) -> Figure:
    rows = queries.active_members_by_month(period)
    title = gettext("Active members per month")
    months = [(Month(date.fromisoformat(f"{month}-01")), count) for month, count in rows]
    return Figure("members-monthly", title, [gettext("Month"), gettext("Active members")],
                  [[month, count] for month, count in months],
                  bar_chart([(str(month), count) for month, count in months], title),
                  note=gettext("Each member is counted once a month, within the chosen period."))


# -- forum --------------------------------------------------------------------------------------------

def forum_daily(period: Period) -> Figure:
    threads, replies = queries.posts_by_day(period)
    return _daily("forum-daily", gettext("New threads and replies per day"), period,
                  [(gettext("Replies"), replies), (gettext("New threads"), threads)])


def categories(period: Period) -> Figure:
    rows = queries.forum_by_category(period)
    names = dict(db.session.execute(db.select(Category.id, Category.name).where(
        Category.id.in_([category_id for category_id, *_ in rows if category_id is not None]))).all())
    named = [[names[category_id] if category_id is not None else gettext("Reading groups' discussions"),
              threads, replies, reactions] for category_id, threads, replies, reactions in rows]
    title = gettext("Threads, replies and reactions per category")
    chart = grouped_bar_chart([(name, [threads, replies, reactions]) for name, threads, replies, reactions
                               in named[:CHART_ROWS]],
                              [gettext("Threads"), gettext("Replies"), gettext("Reactions")], title)
    return Figure("categories", title, [gettext("Category"), gettext("Threads"), gettext("Replies"),
                                         gettext("Reactions")], named, chart,
                  totals={"threads": sum(row[1] for row in named), "replies": sum(row[2] for row in named),
                          "reactions": sum(row[3] for row in named)})


# -- content and sharing ------------------------------------------------------------------------------

def _items(engagement: list[queries.Engagement]) -> dict[tuple[str, int], Item]:
    """Names and links of the top items, a query per kind; a private group's content keeps its name to itself."""
    wanted: dict[str, list[int]] = {}
    for row in engagement:
        wanted.setdefault(row.item_type, []).append(row.item_id)
    found: dict[tuple[str, int], Item] = {}
    for thread in db.session.scalars(db.select(Thread).where(Thread.id.in_(wanted.get("thread", [])))
                                     .options(db.joinedload(Thread.category).joinedload(Category.group))):
        group = thread.category.group
        found["thread", thread.id] = _private_item() if group is not None and group.is_private else \
            Item(thread.title, url_for("forum.thread", thread_id=thread.id))
    for event in db.session.scalars(db.select(Event).where(Event.id.in_(wanted.get("event", [])))
                                    .options(db.joinedload(Event.group))):
        found["event", event.id] = _event_item(event)
    for group in db.session.scalars(db.select(ReadingGroup).where(ReadingGroup.id.in_(wanted.get("group", [])))):
        found["group", group.id] = _private_item() if group.is_private else \
            Item(group.name, url_for("groups.show", slug=group.slug))
    for book in db.session.scalars(db.select(Book).where(Book.id.in_(wanted.get("book", [])))):
        found["book", book.id] = Item(book.title, url_for("books.book", book_id=book.id))
    for challenge in db.session.scalars(db.select(Challenge).where(Challenge.id.in_(wanted.get("challenge", [])))):
        found["challenge", challenge.id] = Item(challenge.title, url_for("challenges.show", slug=challenge.slug))
    return found


def top_content(period: Period) -> Figure:
    rows = queries.top_content(period)
    items = _items(rows)
    table = [[items.get((row.item_type, row.item_id), Item(gettext("(removed)"))),
              str(KINDS.get(row.item_type, row.item_type)), row.replies, row.reactions, row.shares, row.views]
             for row in rows]
    title = gettext("Top content by engagement")
    chart = bar_chart([(str(item), row.interactions) for (item, *_), row in zip(table, rows)],
                      gettext("Replies, reactions and shares of the top content"))
    return Figure("top-content", title, [gettext("Content"), gettext("Kind"), gettext("Replies"),
                                          gettext("Reactions"), gettext("Shares"), gettext("Views")], table, chart,
                  note=gettext("Ordered by replies, reactions and shares together; views break ties."))


def views_daily(period: Period) -> Figure:
    views = queries.counts_by_day(period, "view")
    return _daily("views-daily", gettext("Page views per day"), period, [(gettext("Page views"), views)],
                  note=gettext("Pages of threads, events, books, reading groups and challenges, opened by people "
                               "(not by search engines or link previews)."),
                  totals={"views": sum(views.values())})


def sharing_daily(period: Period) -> Figure:
    shares, visits = queries.counts_by_day(period, "share"), queries.counts_by_day(period, "visit")
    return _daily("sharing-daily", gettext("Shares and visits from shared links per day"), period,
                  [(gettext("Shares"), shares), (gettext("Visits from shared links"), visits)],
                  totals={"shares": sum(shares.values())})


def channels(period: Period) -> Figure:
    rows = [[str(CHANNELS.get(channel, channel)), shares, visits]
            for channel, shares, visits in queries.counts_by_channel(period)]
    title = gettext("Shares and visits per channel")
    chart = grouped_bar_chart([(name, [shares, visits]) for name, shares, visits in rows],
                              [gettext("Shares"), gettext("Visits from shared links")], title)
    return Figure("channels", title, [gettext("Channel"), gettext("Shares"), gettext("Visits from shared links")],
                  rows, chart)


# -- events -------------------------------------------------------------------------------------------

def _percent(part: float, whole: float) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def events(period: Period) -> Figure:
    found = queries.events_in(period)
    rows = [[_event_item(row.event), row.event.starts_at.date(), row.going, row.waitlist, row.attended,
             _percent(row.attended, row.going), row.rating_count,
             round(row.rating_average, 1) if row.rating_average is not None else None] for row in found]
    title = gettext("Event RSVPs and attendance")
    busiest = sorted(found, key=lambda row: -row.going)[:CHART_ROWS]
    chart = grouped_bar_chart([(str(_event_item(row.event)), [row.going, row.attended]) for row in busiest],
                              [gettext("Going"), gettext("Checked in")], title)
    return Figure("events", title, [gettext("Event"), gettext("Starts"), gettext("Going"), gettext("Waitlist"),
                                     gettext("Checked in"), gettext("Attendance (%)"), gettext("Survey answers"),
                                     gettext("Average rating")], rows, chart,
                  note=gettext("Events that started in the period. Checked in: entered the code during the event."),
                  totals={"going": sum(row.going for row in found), "attended": sum(row.attended for row in found)})


def live_chat(period: Period) -> Figure:
    found = queries.chat_by_event(period)
    rows = [[_event_item(event), messages, people, asked] for event, messages, people, asked in found]
    title = gettext("Live chat per event")
    chart = bar_chart([(str(item), messages) for item, messages, *_ in rows[:CHART_ROWS]],
                      gettext("Chat messages per event"))
    return Figure("live-chat", title, [gettext("Event"), gettext("Chat messages"), gettext("Members who wrote"),
                                        gettext("Questions")], rows, chart,
                  totals={"messages": sum(row[1] for row in rows)})


# -- challenges ---------------------------------------------------------------------------------------

def challenges(period: Period) -> Figure:
    found = queries.challenges_in(period)
    rows = [[Item(row.challenge.title, url_for("challenges.show", slug=row.challenge.slug)),
             str(UNITS[row.challenge.unit]), row.participants, row.joined, row.logged, row.reached,
             round(row.progress, 1)] for row in found]
    title = gettext("Challenge participation and progress")
    chart = grouped_bar_chart([(row.challenge.title, [row.participants, row.reached]) for row in found[:CHART_ROWS]],
                              [gettext("Participants"), gettext("Reached the goal")], title)
    return Figure("challenges", title, [gettext("Challenge"), gettext("Unit"), gettext("Participants"),
                                         gettext("Joined in the period"), gettext("Read in the period"),
                                         gettext("Reached the goal"), gettext("Average progress (%)")], rows, chart,
                  note=gettext("Challenges running during the period; the goal and progress are as they stand today."),
                  totals={"participants": sum(row.participants for row in found)})


# -- satisfaction -------------------------------------------------------------------------------------

def satisfaction(period: Period) -> Figure:
    found = queries.satisfaction(period)
    with_staff = any(staff for _, _, staff in found)
    columns = [gettext("Rating"), gettext("Event surveys")] + ([gettext("Staff surveys")] if with_staff else [])
    answers = sum(events + staff for _, events, staff in found)
    rows = [[rating, events, *([staff] if with_staff else [])] for rating, events, staff in found] if answers else []
    average = sum(rating * (events + staff) for rating, events, staff in found) / answers if answers else None
    title = gettext("Satisfaction (1 to 5)")
    chart = bar_chart([(gettext("%(stars)s (%(rating)d of 5)", stars="★" * rating, rating=rating), events + staff)
                       for rating, events, staff in found], title)
    return Figure("satisfaction", title, columns, rows, chart,
                  note=gettext("Answers to the events' surveys and to the rating questions of the library's "
                               "surveys, given in the period."),
                  totals={"rating": round(average, 1) if average is not None else None, "ratings": answers})


SECTIONS = [
    (_l("Members"), (members, members_weekly, members_monthly)),
    (_l("Forum"), (forum_daily, categories)),
    (_l("Content and sharing"), (top_content, views_daily, sharing_daily, channels)),
    (_l("Events"), (events, live_chat)),
    (_l("Reading challenges"), (challenges,)),
    (_l("Satisfaction"), (satisfaction,)),
]
# A figure's CSV is named after its builder: /admin/analytics/top-content.csv
BY_KEY = {builder.__name__.replace("_", "-"): builder for _, builders in SECTIONS for builder in builders}


def all_figures(period: Period) -> list[tuple[str, list[Figure]]]:
    return [(str(title), [builder(period) for builder in builders]) for title, builders in SECTIONS]


HEADLINE = [("new_members", _l("New members")), ("active_members", _l("Active members")),
            ("threads", _l("New threads")), ("replies", _l("Replies")), ("reactions", _l("Reactions")),
            ("views", _l("Page views")), ("shares", _l("Shares")), ("going", _l("Event RSVPs")),
            ("attended", _l("Checked in at events")), ("messages", _l("Live chat messages")),
            ("participants", _l("Challenge participants")), ("rating", _l("Average rating"))]


def headline(sections: list[tuple[str, list[Figure]]]) -> list[tuple[str, str, object]]:
    """(key, label, value) of the period's main numbers, read from the figures' totals."""
    totals = {name: value for _, figures in sections for figure in figures for name, value in figure.totals.items()}
    return [(key, str(label), totals.get(key)) for key, label in HEADLINE]
