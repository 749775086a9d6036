"""Photos in a reply: one chosen with the file input, one pasted into the text, each described; another member
opens one large. The thread's video link is offered to play, not loaded."""
import re

from playwright.sync_api import expect

from forum import actions
from tests.browser.test_forum_journeys import sign_in
from tests.browser.test_journeys import text
from tests.http.test_photos import jpeg_with_gps

PASTE_A_DRAWN_PHOTO = """area => new Promise(resolve => {
  const canvas = document.createElement("canvas");
  canvas.width = 1200; canvas.height = 800;
  const context = canvas.getContext("2d");
  context.fillStyle = "#0f6b5c"; context.fillRect(0, 0, 1200, 800);
  context.fillStyle = "#f2c14e"; context.fillRect(200, 150, 800, 500);
  canvas.toBlob(blob => {
    const data = new DataTransfer();
    data.items.add(new File([blob], "image.png", {type: "image/png"}));
    area.focus();
    area.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}));
    resolve();
  }, "image/png");
})"""


def test_a_member_replies_with_two_photos_and_another_opens_one_large(site, admin, member, make_user, tmp_path):
    category = actions.save_category(admin, None, name="Kegiatan", slug="kegiatan", description="",
                                     colour="#0f6b5c", position=0, who_starts="members")
    thread = actions.create_thread(admin, category, "Foto lomba mewarnai", "Bagikan foto kegiatan kemarin! Videonya:\n\n"
                                   "https://www.youtube.com/watch?v=dQw4w9WgXcQ")
    photo = tmp_path / "IMG_2041.jpg"
    photo.write_bytes(jpeg_with_gps((1600, 1200), 1))
    page = site.page
    sign_in(site, member)
    page.goto(f"{site.base_url}/forum/t/{thread.id}")
    page.set_input_files("#photos", str(photo))
    rows = page.locator("[data-photo-row]")
    expect(rows).to_have_count(1)
    page.locator("#body").evaluate(PASTE_A_DRAWN_PHOTO)
    expect(rows).to_have_count(2)
    expect(rows.nth(1).locator("img")).to_have_js_property("complete", True)
    rows.nth(0).get_by_label(text("Describe this photo (required)")).fill("Anak-anak mewarnai di aula")
    rows.nth(1).get_by_label(text("Describe this photo (required)")).fill("Poster lomba berwarna kuning")
    page.fill("#body", "Ini dua foto dari lomba kemarin.")
    site.check("photos-reply-form")
    page.get_by_role("button", name=text("Preview")).click()
    expect(page.locator(".preview img[srcset]")).to_have_count(2)
    expect(page.locator(".preview img").nth(1)).to_have_attribute("alt", "Poster lomba berwarna kuning")
    site.check("photos-reply-preview")
    page.get_by_role("button", name=text("Post reply")).click()
    reply = page.locator(".post").nth(1)
    expect(reply.locator("img[srcset]")).to_have_count(2)
    expect(reply.locator("img").first).to_have_attribute("alt", "Anak-anak mewarnai di aula")

    page.goto(site.base_url + "/auth/logout")
    page.get_by_role("button", name=text("Sign out")).click()
    sign_in(site, make_user("siti", display_name="Siti Aminah"))
    page.goto(f"{site.base_url}/forum/t/{thread.id}")
    shown = page.locator(".post").nth(1).locator("img[srcset]").first
    shown.scroll_into_view_if_needed()
    expect(shown).to_have_js_property("complete", True)
    assert shown.evaluate("image => image.naturalWidth") > 0
    # The video is offered, not loaded: no request to its site until the member presses play (not pressed here)
    expect(page.get_by_role("button", name=text("Play the video here (from %(host)s)", host="YouTube"))).to_be_visible()
    expect(page.locator("iframe")).to_have_count(0)
    site.check("photos-thread")
    shown.click()  # the photo opens large: its largest size
    expect(page).to_have_url(re.compile(r"/photos/[A-Za-z0-9_-]{22}-1600\.webp$"))
    assert page.evaluate("document.images[0].naturalWidth") == 1600
