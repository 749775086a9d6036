"""Forgot password → read the e-mail from the test's SMTP server → set a new password → sign in (issue #14)."""
from playwright.sync_api import expect

from tests.browser.test_journeys import text
from tests.mail_helpers import deliver, link_in, parts, smtp  # noqa: F401  (fixture)

NEW_PASSWORD = "hujan-di-bulan-juni"


def test_a_member_who_forgot_the_password_sets_a_new_one_from_the_email(site, member, smtp):
    page = site.page
    site.open("/auth/login", "sign-in")
    page.get_by_role("link", name=text("Forgot your password?")).click()
    site.check("forgot-password")
    page.fill("#username", "budi@contoh.id")
    page.get_by_role("button", name=text("Send the link")).click()
    expect(page.locator("h1")).to_have_text(text("Check your e-mail"))
    site.check("reset-sent")

    assert deliver() == 1  # what the worker does
    [message] = smtp.to("budi@contoh.id")
    link = link_in(message, "/auth/reset/")
    page.goto("about:blank")  # away from the site and its Content Security Policy
    page.set_content(parts(message)[1])  # the e-mail as a mail program shows it: the library's name and colours
    site.check("reset-email")

    page.goto(link)
    site.check("new-password")
    page.fill("#new_password", NEW_PASSWORD)
    page.fill("#confirm", NEW_PASSWORD)
    page.get_by_role("button", name=text("Set the new password")).click()
    expect(page.locator(".flash-success")).to_have_text(
        text("Your new password is set, and every device has been signed out. Sign in with it now."))
    page.fill("#username", "budi")
    page.fill("#password", NEW_PASSWORD)
    page.get_by_role("button", name=text("Sign in")).click()
    expect(page.locator(".flash-success")).to_have_text(text("You are signed in."))

    page.goto(link)  # the link works once
    expect(page.locator(".lead")).to_have_text(text(
        "This link has already been used. Each link sets a password once: ask for a new one if you need it."))
