"""No stored XSS through reading groups: every payload of the corpus goes into group names and descriptions and
milestone labels, and every page that shows them is checked for anything executable."""
import pytest

from extensions import db
from groups import actions
from tests.books_helpers import add_book
from tests.group_helpers import add_member, add_milestone
from tests.security.test_stored_xss import executable_parts
from tests.security.xss_corpus import PAYLOADS


@pytest.fixture
def hostile_groups(admin, host, member):
    add_book(admin, "Laskar Pelangi")
    groups = []
    for number, payload in enumerate(PAYLOADS):
        group = actions.create_group(host, actions.GroupDetails(
            name=f"G{number} {payload}"[:100], description=f"{payload}\n\nkata-kunci-uji", visibility="public",
            book="Laskar Pelangi"))
        groups.append(group)
    add_member(groups[0], member)
    for payload in PAYLOADS[:40]:
        add_milestone(host, groups[0], payload[:100])
    return groups


def test_no_group_page_carries_anything_executable(app, host, member, hostile_groups):
    guest = app.test_client()
    urls = ["/groups/", "/groups/?page=2", "/search?q=kata-kunci-uji", f"/books/{hostile_groups[0].current_book_id}"]
    urls += [f"/groups/{group.slug}" for group in hostile_groups]
    for url in urls:
        response = guest.get(url)
        assert response.status_code == 200 and executable_parts(response.get_data(as_text=True)) == [], url
    for user in (host, member):
        client = app.test_client()
        client.login(user)
        for url in (f"/groups/{hostile_groups[0].slug}", f"/groups/{hostile_groups[0].slug}/edit", "/groups/",
                    "/notifications"):
            response = client.get(url)
            assert response.status_code in (200, 403) and executable_parts(response.get_data(as_text=True)) == [], url
    from groups.models import Milestone
    for milestone in db.session.execute(db.select(Milestone).limit(10)).scalars():
        response = guest.get(f"/forum/t/{milestone.thread_id}")
        assert executable_parts(response.get_data(as_text=True)) == []


def test_a_name_is_shown_as_text(client, host):
    group = actions.create_group(host, actions.GroupDetails(name="<script>alert(1)</script> Klub", description="",
                                                            visibility="public"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Klub" in client.get(f"/groups/{group.slug}").get_data(as_text=True)
