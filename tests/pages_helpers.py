"""Pages, announcements and partners for tests, made through the real actions (staff: an admin)."""
from pages import actions as page_actions
from partners import actions as partner_actions


def add_page(staff, title="Pinjam e-book", body="Pinjam **e-book** dengan kartu anggota.", published=True,
             **fields):
    return page_actions.save_page(staff, None, page_actions.PageDetails(title=title, body=body, published=published,
                                                                        **fields))


def add_announcement(staff, title="Libur Nasional", body="Perpustakaan **tutup** pada hari libur.", **fields):
    return page_actions.save_announcement(staff, None, page_actions.AnnouncementDetails(title=title, body=body,
                                                                                        **fields))


def add_partner(staff, name="Komunitas Baca", kind="community", **fields):
    return partner_actions.save_partner(staff, None, partner_actions.PartnerDetails(name=name, kind=kind, **fields))
