"""The thread page, which the reply, split and thread views all render: posts, poll, reading marks and,
for moderators, the moderation and thread-tool forms."""
from flask import render_template, request
from flask_babel import lazy_gettext as _l, to_user_timezone
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from accounts.permissions import has_permission
from core.library_time import to_library_time
from core.timeutil import utcnow
from forum import actions, fragments, polls, queries, reading, shareable
from forum.forms import LOCAL_MINUTE, CloseDateForm, MergeForm, ModerateThreadForm, PostForm, SplitForm
from forum.models import REACTIONS
from forum.permissions import can_add_poll, can_change_post, can_reply, can_see_history
from forum.visibility import can_see_post
from groups.access import can_take_part, membership_of, milestone_hiding

REACTION_LABELS = {"like": _l("Like"), "love": _l("Love"), "haha": _l("Funny"), "wow": _l("Wow"), "sad": _l("Sad"),
                   "thanks": _l("Thanks")}


def render_thread(thread, page: int, form: PostForm | None, status: int = 200, split_form=None):
    """The page of the thread (or, for a reader who has not reached its milestone, the spoiler page), as a
    (html, status) pair; reading it marks its posts read."""
    hidden_behind = milestone_hiding(current_user, thread)
    if hidden_behind is not None:  # a later milestone's discussion: not one post of it is sent
        group = thread.category.group
        return render_template("groups/spoiler.html", thread=thread, milestone=hidden_behind, group=group,
                               takes_part=can_take_part(current_user, membership_of(current_user, group))), status
    posts = queries.posts_on_page(thread, page)
    poll = thread.poll
    my_reactions, my_bookmarks = queries.my_marks(current_user, posts)
    watching = queries.is_watching(current_user, thread)
    read_up_to = reading.last_read(current_user, thread)  # before this page marks its posts read
    moderation = tools = None
    if has_permission(current_user, "moderate"):
        moderation = ModerateThreadForm(title=thread.title, category=str(thread.category_id),
                                        slow_mode=thread.slow_mode_seconds)
        moderation.category.choices = [SelectChoice(str(c.id), c.name) for c in queries.categories()]
        tools = tools_panel(thread, moderation.category.choices, split_form)
    user = current_user._get_current_object()
    # Decided here, once per post, rather than by calls from the template: the page is the forum's
    # busiest, and each Jinja call per post costs more than the rest of the loop.
    html = render_template("forum/thread.html", thread=thread, page=page, form=form, moderation=moderation,
                           tools=tools, posts=posts, may_reply=can_reply(user, thread), reactions=REACTIONS,
                           reaction_labels=REACTION_LABELS, slow_wait=actions.slow_mode_wait(user, thread),
                           my_reactions=my_reactions, my_bookmarks=my_bookmarks, watching=watching,
                           signed_in=user.is_authenticated, my_id=user.get_id() and user.id,
                           card_context=fragments.reader_context(),
                           visible={post.id for post in posts if can_see_post(user, post)},
                           changeable={post.id for post in posts if can_change_post(user, post)},
                           with_history={post.id for post in posts if post.edited_at and can_see_history(user, post)},
                           unread_from=reading.unread_start(posts, read_up_to, user.get_id() and user.id), poll=poll,
                           poll_box=polls.box_for(poll, thread, user) if poll and page == 1 else None,
                           may_add_poll=page == 1 and not poll and can_add_poll(user, thread),
                           share=shareable.describe(thread, posts[0] if posts and posts[0].number == 1 else None))
    reading.mark_page_read(user, thread, posts, read_up_to)  # after rendering: commit expires objects
    return html, status


def tools_panel(thread, category_choices, split_form=None) -> dict:
    """The forms the thread page shows a moderator; `split_form` when split mode is on."""
    close = CloseDateForm(formdata=None, closes_at=to_library_time(thread.closes_at))
    close.closes_at.render_kw = {"min": to_user_timezone(utcnow()).strftime(LOCAL_MINUTE)}
    if split_form is not None:
        split_form.category.choices = category_choices
        if not split_form.category.data:
            split_form.category.data = str(thread.category_id)
    return {"close": close, "merge": MergeForm(formdata=None), "split": split_form}


def split_mode_form(thread, page: int):
    """An empty split form when ?split=1 is asked for."""
    if request.args.get("split") != "1":
        return None
    form = SplitForm(formdata=None, page=str(page))
    form.selected = set()
    return form
