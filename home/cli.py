"""`flask --app app seed-demo`: demo content in Indonesian, safe to run again."""
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import click

from accounts import actions as account_actions
from accounts.models import User
from books import actions as book_actions
from books.models import Book
from challenges import actions as challenge_actions, quizzes
from challenges.models import Challenge
from core.library_time import library_today
from core.markdown import render_markdown
from events import actions as event_actions
from events.models import Event
from extensions import db
from forum import actions as forum_actions, approval, watched_words
from forum.models import Category
from groups import actions as group_actions
from groups.models import ReadingGroup
from library.models import LibraryProfile, unsaved_library
from pages import actions as page_actions
from pages.models import Announcement, Page
from partners import actions as partner_actions
from partners.models import Partner
from surveys import actions as survey_actions
from surveys.models import Survey
from testimonials import actions as testimonial_actions

DEMO_PASSWORD = "serambi-demo"
DEMO_USERS = (
    ("admin", "admin@serambi.example", "admin", "Bu Ratna (Pustakawan)"),
    ("moderator", "moderator@serambi.example", "moderator", "Mas Dimas"),
    ("host", "host@serambi.example", "host", "Kak Sari"),
    ("member", "member@serambi.example", "member", "Budi Santoso"),
)
DEMO_LIBRARY = {
    "name": "Perpustakaan Kota Tanjung Sari",
    "tagline": "Membaca bersama, tumbuh bersama.",
    "description_md": (
        "Perpustakaan Kota Tanjung Sari adalah rumah baca warga kota. Bergabunglah dalam **diskusi buku**, "
        "**grup baca**, dan **tantangan membaca**, atau ikuti webinar literasi digital kami secara daring.\n\n"
        "Kartu anggota gratis untuk semua warga. Tanyakan di meja layanan atau lewat WhatsApp."
    ),
    "address": "Jl. Merdeka No. 17, Tanjung Sari, Jawa Tengah 50123",
    "phone": "(024) 555-0142",
    "email": "halo@perpustakaan-tanjungsari.example",
    "website": "https://perpustakaan-tanjungsari.example",
    "whatsapp": "6281200000142",
    "instagram": "https://instagram.com/perpus.tanjungsari.example",
    "youtube": "https://youtube.com/@perpus-tanjungsari-example",
    "opac_url_template": "https://opac.perpustakaan-tanjungsari.example/index.php?search=search&keywords={isbn}",
}


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has accounts.")
def seed_demo(if_empty):
    """Load demo content (Indonesian). Running it again changes nothing."""
    if if_empty and db.session.execute(db.select(User.id).limit(1)).first():
        return
    _seed_library()
    created = [row[0] for row in DEMO_USERS if _seed_user(*row)]
    _seed_watched_words()
    _seed_forum()
    _seed_partners()
    _seed_pages()
    _seed_events()
    _seed_books()
    _seed_groups()
    _seed_challenge()
    _seed_community()
    if created:
        click.echo(f"Demo accounts ({', '.join(created)}), password: {DEMO_PASSWORD}")
    else:
        click.echo("Demo content is already loaded.")


def _seed_user(username, email, role, display_name) -> bool:
    if db.session.execute(db.select(User.id).where(User.username == username)).first():
        return False
    user = account_actions.create_user(username, email, DEMO_PASSWORD, role=role, check_reserved=False)
    user.display_name = display_name
    db.session.commit()
    return True


def _seed_library() -> None:
    if db.session.get(LibraryProfile, 1):
        return
    profile = unsaved_library()
    for name, value in DEMO_LIBRARY.items():
        setattr(profile, name, value)
    profile.description_html = render_markdown(profile.description_md)
    db.session.add(profile)
    db.session.commit()


DEMO_CATEGORIES = (
    ("diskusi-buku", "Diskusi Buku", "Bahas buku yang sedang atau sudah Anda baca.", "#0f6b5c", "members"),
    ("literasi-digital", "Literasi Digital", "Internet sehat, cek fakta, dan keamanan akun.", "#1f5f8b", "members"),
    ("pengumuman", "Pengumuman", "Kabar resmi dari perpustakaan.", "#9b2242", "staff"),
)
DEMO_THREADS = (
    ("diskusi-buku", "member", "Laskar Pelangi: bagian mana yang paling berkesan?",
     "Saya baru selesai membaca **Laskar Pelangi**. Bagian Lintang mengayuh sepeda jauh ke sekolah "
     "membuat saya terharu. Bagaimana dengan Anda?",
     [("moderator", "Bagi saya, saat Mahar tampil di karnaval. Kreativitas tanpa batas!"),
      ("host", "Kita bisa bedah buku ini di acara daring bulan depan. Siapa yang tertarik?")]),
    ("literasi-digital", "moderator", "Cara mengenali berita bohong di grup WhatsApp",
     "Tiga langkah sederhana:\n\n1. Cek sumbernya.\n2. Cari berita yang sama di media lain.\n"
     "3. Jangan langsung meneruskan pesan yang memancing emosi.", []),
    ("pengumuman", "admin", "Selamat datang di Serambi!",
     "Ini ruang diskusi daring Perpustakaan Kota Tanjung Sari. Mari saling menyapa dan berbagi bacaan.", []),
)


def _seed_watched_words() -> None:
    if not db.session.execute(db.select(watched_words.WatchedWord.id).limit(1)).first():
        admin = db.session.execute(db.select(User).where(User.username == "admin")).scalar_one()
        watched_words.load_starter(admin)


def _seed_forum() -> None:
    if db.session.execute(db.select(Category.id).limit(1)).first():
        return
    users = {user.username: user for user in db.session.execute(db.select(User)).scalars()}
    categories = {}
    for position, (slug, name, description, colour, who_starts) in enumerate(DEMO_CATEGORIES):
        categories[slug] = forum_actions.save_category(users["admin"], None, name=name, slug=slug,
                                                       description=description, colour=colour,
                                                       position=position, who_starts=who_starts)
    for slug, author, title, body, replies in DEMO_THREADS:
        thread = forum_actions.create_thread(users[author], categories[slug], title, body)
        for replier, text in replies:
            forum_actions.reply(users[replier], thread, text)
    for post in approval.pending_posts():  # the demo member's first posts: approved, as a moderator would
        approval.approve(users["moderator"], post)


DEMO_PARTNERS = (
    ("Komunitas Baca Tanjung Sari", "community", "https://komunitasbaca-tanjungsari.example",
     "Relawan yang membuka **lapak baca gratis** di taman kota setiap Minggu pagi dan menemani anak-anak "
     "membaca."),
    ("SMPN 1 Tanjung Sari", "school", "",
     "Sekolah mitra program **Gerakan Literasi Sekolah**: kunjungan kelas ke perpustakaan dan klub baca siswa."),
)
DEMO_PAGES = (
    ("Pinjam e-book", "pinjam-e-book", "service",
     "Pinjam buku elektronik dari ponsel Anda, gratis dengan kartu anggota.",
     "Anggota perpustakaan bisa meminjam **e-book** kapan saja, dari mana saja.\n\n"
     "## Caranya\n\n1. Pasang aplikasi perpustakaan digital di ponsel Anda.\n"
     "2. Masuk dengan nomor kartu anggota dan PIN.\n3. Cari judul, lalu tekan **Pinjam**.\n\n"
     "Masa pinjam 7 hari; e-book kembali dengan sendirinya. Belum punya kartu? Daftar gratis di meja layanan."),
    ("Cara mengenali hoaks", "cara-mengenali-hoaks", "campaign",
     "Lima langkah sebelum meneruskan pesan di grup WhatsApp.",
     "Berita bohong menyebar lebih cepat daripada klarifikasinya. Sebelum meneruskan pesan:\n\n"
     "1. **Baca sampai habis**, bukan hanya judulnya.\n2. **Cek sumbernya**: siapa yang menulis? Apakah "
     "situsnya resmi?\n3. **Bandingkan** dengan media lain yang tepercaya.\n4. **Periksa tanggal**: berita lama "
     "sering diedarkan ulang.\n5. **Waspadai emosi**: pesan yang membuat marah atau takut patut dicurigai.\n\n"
     "> Ragu? Jangan sebarkan. Tanyakan kepada pustakawan kami."),
    ("Internet sehat untuk keluarga", "internet-sehat", "tutorial",
     "Mengatur kata sandi, privasi, dan waktu layar anak.",
     "- Gunakan **kata sandi yang berbeda** untuk setiap akun.\n- Aktifkan **verifikasi dua langkah**.\n"
     "- Atur waktu layar anak bersama-sama, bukan diam-diam."),
)
DEMO_ANNOUNCEMENT = ("Jam layanan diperpanjang selama pekan literasi",
                     "Sepanjang pekan ini perpustakaan buka sampai **pukul 21.00**. Ajak keluarga membaca bersama!")


def _demo_partner_ids(*slugs: str) -> list[int]:
    return list(db.session.execute(db.select(Partner.id).where(Partner.slug.in_(slugs))).scalars())


def _seed_partners() -> None:
    if db.session.execute(db.select(Partner.id).limit(1)).first():
        return
    admin = db.session.execute(db.select(User).where(User.username == "admin")).scalar_one()
    for name, kind, website, description in DEMO_PARTNERS:
        partner_actions.save_partner(admin, None, partner_actions.PartnerDetails(
            name=name, kind=kind, website=website, description=description))


def _seed_pages() -> None:
    """Three published pages and an announcement on the home page."""
    admin = db.session.execute(db.select(User).where(User.username == "admin")).scalar_one()
    if not db.session.execute(db.select(Page.id).limit(1)).first():
        for position, (title, slug, kind, summary, body) in enumerate(DEMO_PAGES):
            page_actions.save_page(admin, None, page_actions.PageDetails(
                title=title, slug=slug, kind=kind, summary=summary, body=body, published=True, position=position))
    if not db.session.execute(db.select(Announcement.id).limit(1)).first():
        title, body = DEMO_ANNOUNCEMENT
        page_actions.save_announcement(admin, None, page_actions.AnnouncementDetails(
            title=title, body=body))


DEMO_EVENT = {
    "title": "Bedah Buku: Laskar Pelangi bersama Komunitas Baca",
    "kind": "bedah_buku",
    "description": ("Mari membedah **Laskar Pelangi** karya Andrea Hirata: persahabatan, sekolah yang hampir "
                    "ditutup, dan mimpi anak-anak Belitung.\n\n- Pembuka oleh pustakawan\n- Diskusi terbuka\n"
                    "- Tanya jawab\n\nAcara gratis. Siapkan pertanyaan Anda!"),
    "mode": "hybrid",
    "place": "Ruang Serbaguna, Lantai 2, Perpustakaan Kota Tanjung Sari",
    "stream_url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    "capacity": 40,
}


def _seed_events() -> None:
    """An upcoming event a week from now at 19.00 in the library's time zone, hosted by the demo host."""
    if db.session.execute(db.select(Event.id).limit(1)).first():
        return
    host = db.session.execute(db.select(User).where(User.username == "host")).scalar_one()
    zone = ZoneInfo(db.session.get(LibraryProfile, 1).timezone)
    day = datetime.now(zone).date() + timedelta(days=7)
    starts_at = datetime.combine(day, time(19, 0), zone)
    event = event_actions.create_event(host, event_actions.EventDetails(
        **DEMO_EVENT, starts_at=starts_at, ends_at=starts_at + timedelta(hours=2),
        partners=_demo_partner_ids("komunitas-baca-tanjung-sari")))
    member = db.session.execute(db.select(User).where(User.username == "member")).scalar_one()
    event_actions.rsvp(member, event)
DEMO_BOOKS = (
    ("Laskar Pelangi", "Andrea Hirata", "979-3062-79-7", 529,
     "Sepuluh anak Belitong bersekolah di SD Muhammadiyah yang nyaris ditutup. Bersama Bu Mus dan Pak Harfan, "
     "mereka belajar bahwa **pendidikan** adalah jalan untuk bermimpi."),
    ("Bumi Manusia", "Pramoedya Ananta Toer", "979-97312-3-2", 535,
     "Minke, pemuda pribumi terpelajar di zaman kolonial, jatuh cinta pada Annelies dan berhadapan dengan hukum "
     "yang tidak adil. Buku pertama *Tetralogi Buru*."),
    ("Ronggeng Dukuh Paruk", "Ahmad Tohari", "978-602-03-0000-9", 408,
     "Srintil menjadi ronggeng kebanggaan Dukuh Paruk, sebuah desa kecil di Banyumas, hingga gejolak 1965 "
     "mengubah segalanya."),
)


def _seed_books() -> None:
    if db.session.execute(db.select(Book.id).limit(1)).first():
        return
    users = {user.username: user for user in db.session.execute(db.select(User)).scalars()}
    books = [book_actions.save_book(users["admin"], None, title=title, authors=authors, isbn=isbn, page_count=pages,
                                    language="id", description=description)
             for title, authors, isbn, pages, description in DEMO_BOOKS]
    laskar, bumi, ronggeng = books
    book_actions.set_pick(users["admin"], bumi, True, "Bacaan wajib untuk memahami sejarah bangsa.")
    book_actions.shelve(users["member"], laskar, "reading", 212)
    book_actions.shelve(users["member"], bumi, "want")
    for reader in ("moderator", "host"):
        book_actions.shelve(users[reader], laskar, "read")
        book_actions.shelve(users[reader], ronggeng, "read")
    book_actions.save_review(users["moderator"], laskar, 5, "Membuat saya ingin kembali ke bangku sekolah. "
                                                             "Tokoh **Lintang** tak terlupakan.")
    book_actions.save_review(users["host"], laskar, 4, "Hangat dan lucu, cocok untuk dibaca bersama keluarga.")
    book_actions.add_quote(users["member"], laskar, "Bermimpilah, karena Tuhan akan memeluk mimpi-mimpi itu.", 56)


DEMO_GROUP = {"name": "Klub Baca Laskar Pelangi", "visibility": "public", "book": "Laskar Pelangi",
              "description": ("Kita membaca **Laskar Pelangi** bersama, sedikit demi sedikit, tanpa bocoran: diskusi "
                              "tiap bagian terbuka setelah Anda menandai sudah sampai di sana.")}
DEMO_MILESTONES = (("Bab 1–12", 7), ("Bab 13–24", 14), ("Bab 25–34", 21))


def _seed_groups() -> None:
    """A public reading group on Laskar Pelangi with three milestones; the demo member reached the first."""
    if db.session.execute(db.select(ReadingGroup.id).limit(1)).first():
        return
    users = {user.username: user for user in db.session.execute(db.select(User)).scalars()}
    group = group_actions.create_group(users["host"], group_actions.GroupDetails(
        **DEMO_GROUP, partners=_demo_partner_ids("smpn-1-tanjung-sari", "komunitas-baca-tanjung-sari")))
    group_actions.join(users["member"], group)
    group_actions.join(users["moderator"], group)
    milestones = [group_actions.add_milestone(users["host"], group, label, date.today() + timedelta(days=days))
                  for label, days in DEMO_MILESTONES]
    forum_actions.reply(users["member"], milestones[0].thread,
                        "Bu Mus menunggu murid kesepuluh dengan cemas. Untung Harun datang!")
    forum_actions.reply(users["moderator"], milestones[1].thread, "Mahar dan karnaval itu bagian favorit saya.")
    group_actions.mark_progress(users["member"], group, milestones[0])
    group_actions.mark_progress(users["moderator"], group, milestones[1])
DEMO_CHALLENGE = {
    "title": "Tantangan 1.000 Halaman Bulan Ini",
    "description": ("Baca **1.000 halaman** dalam sebulan, sendiri atau bersama sekolah dan komunitasmu. Catat "
                    "bacaanmu setiap hari, kumpulkan lencana, dan ikuti undian hadiah: satu kupon untuk setiap "
                    "100 halaman.\n\nBuku apa saja boleh: dari katalog perpustakaan atau koleksi pribadi."),
    "unit": "pages", "target": 1000, "is_team": True, "raffle_every": 100,
    "badges": [("Pemanasan", 10, True), ("Separuh Jalan", 50, True), ("Kutu Buku", 100, True)],
}
DEMO_QUIZ = ("? Siapa penulis *Laskar Pelangi*?\n* Andrea Hirata\n- Pramoedya Ananta Toer\n- Ahmad Tohari\n\n"
             "? Di pulau manakah kisah *Laskar Pelangi* berlangsung?\n- Bangka\n* Belitung\n- Batam")


def _seed_challenge() -> None:
    """A team challenge that started ten days ago, with two teams, some reading logged and a quiz."""
    if db.session.execute(db.select(Challenge.id).limit(1)).first():
        return
    users = {user.username: user for user in db.session.execute(db.select(User)).scalars()}
    today = library_today()
    challenge = challenge_actions.save_challenge(users["admin"], None, challenge_actions.ChallengeDetails(
        **DEMO_CHALLENGE, starts_on=today - timedelta(days=10), ends_on=today + timedelta(days=20)))
    challenge_actions.set_teams(users["admin"], challenge, "SMPN 1 Tanjung Sari: member, host\n"
                                                           "Komunitas Baca Kampung: moderator")
    for days_ago, reader, pages in ((9, "member", 60), (6, "member", 85), (2, "member", 120), (1, "member", 45),
                                    (8, "host", 150), (3, "host", 90), (5, "moderator", 210)):
        challenge_actions.log_reading(users[reader], challenge, users[reader], amount=pages,
                                      read_on=today - timedelta(days=days_ago), book_title="Laskar Pelangi")
    quizzes.create_quiz(users["admin"], challenge, "Kuis Laskar Pelangi", DEMO_QUIZ, 5, 10)


DEMO_TESTIMONIALS = (
    ("host", "Klub baca Sabtu pagi membuat saya kembali membaca novel. Petugasnya ramah, dan selalu ada teman "
             "untuk berdiskusi.", "Guru SD, pembaca novel sejarah"),
    ("moderator", "Anak-anak saya betah di pojok dongeng. Sekarang mereka yang mengajak ke perpustakaan setiap "
                  "akhir pekan.", "Ibu dua anak"),
)
DEMO_SURVEY_QUESTIONS = (
    ("rating", "Seberapa puas Anda dengan layanan perpustakaan?", "", True, ""),
    ("single", "Seberapa sering Anda berkunjung?", "", True, "Setiap minggu\nSetiap bulan\nBeberapa kali setahun"),
    ("multiple", "Koleksi apa yang ingin Anda lihat lebih banyak?", "Pilih semua yang sesuai.", False,
     "Novel\nBuku anak\nSejarah dan budaya\nSains\nKomik"),
    ("text", "Apa saran Anda untuk kami?", "", False, ""),
)


def _seed_community() -> None:
    """Two approved testimonials and an open survey that two members have answered."""
    if db.session.execute(db.select(Survey.id).limit(1)).first():
        return
    users = {user.username: user for user in db.session.execute(db.select(User)).scalars()}
    for username, body, role_line in DEMO_TESTIMONIALS:
        testimonial_actions.approve(users["admin"], testimonial_actions.submit(users[username], body, role_line))
    survey = survey_actions.save_survey(users["admin"], None, title="Survei kepuasan pemustaka 2026", intro=(
        "Bantu kami menjadi perpustakaan yang **lebih baik**. Hanya 2 menit; jawaban Anda tanpa nama."))
    for kind, prompt, hint, required, options in DEMO_SURVEY_QUESTIONS:
        survey_actions.add_question(users["admin"], survey,
                                    survey_actions.draft_question(kind, prompt, hint, required, options))
    survey_actions.set_status(users["admin"], survey, "open")
    questions = survey.questions
    for username, rating, often, wanted, suggestion in (("host", "5", 0, (0, 2), "Buka sampai malam di hari Jumat."),
                                                        ("moderator", "4", 1, (1,), "")):
        survey_actions.answer(users[username], survey, {
            questions[0].id: [rating], questions[1].id: [str(questions[1].options[often].id)],
            questions[2].id: [str(questions[2].options[index].id) for index in wanted], questions[3].id: [suggestion]})
