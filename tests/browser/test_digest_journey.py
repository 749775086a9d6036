"""A member reads the daily digest and stops it by its link, without signing in; the notification settings
show each kind's choices."""
from playwright.sync_api import expect

from core import delivery
from forum import actions
from tests.browser.test_forum_journeys import sign_in
from tests.browser.test_journeys import text
from tests.http.test_notification_delivery import confirmed
from tests.mail_helpers import deliver, link_in, smtp  # noqa: F401 (a fixture)


def test_a_member_stops_the_daily_digest_by_its_link(site, app, smtp, admin, member, make_user):
    app.config["SERAMBI_BASE_URL"] = site.base_url  # the address e-mails link to
    confirmed(member)
    category = actions.save_category(admin, None, name="Diskusi Buku", slug="diskusi-buku", description="",
                                     colour="#0f6b5c", position=0, who_starts="members")
    thread = actions.create_thread(member, category, "Laskar Pelangi", "Siapa tokoh favorit?")
    actions.reply(make_user("siti", display_name="Siti Aminah"), thread, "Lintang!")
    delivery.send_digests()
    deliver()
    [digest] = smtp.to(member.email)
    link = link_in(digest, "/notifications/unsubscribe/")

    site.page.goto(link)
    site.check("unsubscribe-ask")
    site.page.get_by_role("button", name=text("Unsubscribe")).click()
    expect(site.page.locator(".flash-success")).to_have_text(text(
        "Done: you will no longer get e-mail about “%(kind)s”.", kind=text("The daily digest")))
    site.check("unsubscribe-done")

    sign_in(site, member)
    site.open("/settings/notifications", "notification-settings")
    expect(site.page.get_by_role("combobox", name=f'{text("Replies in threads I watch")} {text("By e-mail")}')) \
        .to_have_value("never")
