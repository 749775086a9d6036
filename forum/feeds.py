"""Atom feeds of new threads and events: the site's (home), a category's (forum) and the events' (sharing)."""
from flask import Response, render_template, request

from core.timeutil import utcnow
from core.urls import absolute_url
from forum import queries


def atom_feed(title: str, page_url: str, category=None, events=(), with_threads: bool = True):
    rows = queries.newest_threads_with_opening_posts(category) if with_threads else []
    newest = [rows[0][0].created_at] if rows else []
    newest += [event.created_at for event in events[:1]]  # events come newest first too
    updated = max(newest, default=utcnow())
    feed_url = absolute_url(request.endpoint, **request.view_args)
    body = render_template("feed.xml", title=title, page_url=page_url, feed_url=feed_url, updated=updated,
                           threads_with_posts=rows, events=events)
    return Response(body, mimetype="application/atom+xml")
