"""The installable web app: the manifest names the library in its colours, the service worker is served
for the whole site, and the offline page it keeps names nobody."""
import pytest

from library.webapp import short_name
from tests.conftest import says
from tests.http.test_library_profile import profile_form


def test_the_manifest_names_the_library_in_its_colours(login, admin, client):
    login(admin).submit("/admin/library", profile_form(name="Perpustakaan Kota Semarang", primary_color="#7a1f5c"))
    response = client.get("/manifest.webmanifest")
    assert response.mimetype == "application/manifest+json"
    manifest = response.get_json(force=True)
    assert manifest["name"] == "Perpustakaan Kota Semarang"
    assert manifest["short_name"] == "Semarang"
    assert manifest["theme_color"] == "#7a1f5c"
    assert manifest["start_url"] == "/" and manifest["display"] == "standalone"
    for icon, size in zip(manifest["icons"], (192, 512)):  # drawn from the library's logo or initials (issue 17)
        assert icon["sizes"] == f"{size}x{size}" and client.get(icon["src"]).mimetype == "image/png"
    page = client.get("/forum/").get_data(as_text=True)
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    assert '<meta name="theme-color" content="#7a1f5c">' in page


@pytest.mark.parametrize("name, label", [("Perpustakaan Kota Semarang", "Semarang"),
                                         ("Perpustakaan Kota Batam", "Kota Batam"),
                                         ("Pustaka", "Pustaka"),
                                         ("Perpustakaan Universitas Indonesia", "Indonesia"),
                                         ("Perpustakaanku-yang-panjang", "Perpustakaan")])
def test_the_home_screen_label_keeps_the_words_that_tell_libraries_apart(name, label):
    assert short_name(name) == label


def test_the_service_worker_covers_the_site_and_changes_with_the_assets(client, app):
    response = client.get("/sw.js")
    assert response.status_code == 200 and response.mimetype == "text/javascript"
    assert "no-cache" in response.headers["Cache-Control"]
    script = response.get_data(as_text=True)
    assert f'"{app.jinja_env.globals["asset_version"]}"' in script
    assert '"/offline"' in script and "/static/css/serambi.css?v=" in script


def test_the_offline_page_is_a_page_of_the_site(client):
    response = client.get("/offline")
    assert response.status_code == 200
    assert says(response, "You are offline")
    assert 'id="saved-pages"' in response.get_data(as_text=True)
