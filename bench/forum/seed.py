"""Seed a forum database with N posts, fast: schema by `flask db upgrade`, rows by SQLAlchemy Core
executemany in batches (no forum.actions, no search index). Counters are kept as the app keeps them.

Layout: 5 categories, 300 members (5 moderators), one measured thread with exactly 201 posts
(opening post + 200 replies), the other posts in threads of 10-50 posts started over three years.
Post ids follow time, so a thread's posts are scattered through the table as in a real forum.
Bodies: six ~400-character Indonesian Markdown texts, rendered once each by core.markdown.

Run: `.venv/bin/python -m bench.forum.seed 1000000 --db /tmp/forum.db` (default: a new temp dir).
PostgreSQL: `--url postgresql+psycopg://...` (an empty database).
"""
import argparse
import os
import random
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import create_engine, event, text

from accounts.models import User
from bench.seeding import add_database_options, seed_and_report
from core.markdown import render_markdown
from forum.models import Category, Post, Thread

ROOT = Path(__file__).resolve().parents[2]

BATCH = 10_000
MEMBERS = 300
MEASURED_POSTS = 201
CATEGORIES = [("umum", "Obrolan Umum"), ("rekomendasi-buku", "Rekomendasi Buku"), ("klub-baca", "Klub Baca"),
              ("layanan", "Layanan Perpustakaan"), ("literasi-digital", "Literasi Digital")]
TITLES = ["Novel sejarah yang wajib dibaca", "Jam buka perpustakaan saat libur", "Buku anak berbahasa daerah",
          "Cara meminjam e-book dari rumah", "Diskusi Bumi Manusia bab 3", "Usul judul untuk klub baca bulan depan",
          "Ruang baca yang nyaman untuk pelajar", "Puisi favorit kalian apa?", "Belajar menulis cerpen"]
FIRST = ["Siti", "Budi", "Dewi", "Agus", "Rina", "Wayan", "Ayu", "Joko", "Nur", "Putri", "Andi", "Lestari"]
LAST = ["Rahayu", "Santoso", "Lestari", "Wijaya", "Hasibuan", "Pratama", "Saragih", "Putra", "Siregar", "Halim"]
BODIES = [
    "Terima kasih untuk rekomendasinya! Saya baru selesai membaca **Laskar Pelangi** minggu lalu dan "
    "ceritanya sangat menyentuh. Menurut saya bagian paling kuat adalah persahabatan anak-anak Belitung "
    "dengan Bu Muslimah.\n\nAda yang tahu apakah perpustakaan punya edisi bahasa Inggrisnya? Saya ingin "
    "meminjamkannya ke teman dari luar negeri yang sedang belajar bahasa Indonesia. Salam literasi!",
    "Saya setuju dengan pendapat di atas. Beberapa judul lain yang mirip suasananya:\n\n"
    "- *Sang Pemimpi* karya Andrea Hirata\n- *Negeri 5 Menara* karya Ahmad Fuadi\n"
    "- *Ronggeng Dukuh Paruk* karya Ahmad Tohari\n\nSemuanya tersedia di rak fiksi lantai dua, "
    "tapi biasanya cepat habis dipinjam. Sebaiknya pesan dulu lewat katalog daring agar tidak kecewa "
    "ketika datang ke perpustakaan.",
    "Kalau boleh usul, bagaimana kalau pertemuan klub baca berikutnya diadakan Sabtu sore saja? "
    "Banyak anggota yang bekerja pada hari biasa dan sulit datang pukul sepuluh pagi.\n\n"
    "Kita juga bisa membuka sesi daring untuk teman-teman di luar kota. Informasi jadwalnya bisa dilihat di "
    "https://perpustakaan.contoh.id/acara supaya semua orang tahu. Bagaimana menurut teman-teman?",
    "Pengalaman saya meminjam e-book cukup mudah. Langkahnya:\n\n1. Masuk dengan nomor anggota\n"
    "2. Cari judul di katalog digital\n3. Tekan tombol **Pinjam** lalu baca di aplikasi\n\n"
    "Masa pinjamnya tujuh hari dan bisa diperpanjang satu kali kalau tidak ada antrean. "
    "Semoga membantu, terutama untuk yang tinggal jauh dari gedung perpustakaan atau sedang sibuk bekerja pada jam buka.",
    "> Apakah ada buku cerita anak dalam bahasa Jawa atau Sunda?\n\nAda, di bagian koleksi lokal dekat "
    "ruang anak. Jumlahnya memang belum banyak, tetapi petugas bilang akan ada tambahan tahun ini dari "
    "program donasi buku. Anak saya suka sekali dongeng *Kancil* versi bahasa Jawa yang bergambar. "
    "Mungkin kita bisa ikut menyumbang juga? Saya punya beberapa buku yang masih bagus.",
    "Menarik sekali diskusinya. Saya baru pertama kali ikut forum ini, jadi mohon maaf kalau pertanyaannya "
    "sudah pernah dibahas.\n\nApakah ruang baca lantai tiga boleh dipakai untuk belajar kelompok? Kami "
    "berlima dan butuh tempat yang tenang menjelang ujian. Kalau harus mendaftar dulu, ke mana ya? "
    "Terima kasih banyak sebelumnya, semoga forum ini terus ramai dan bermanfaat.",
]


def layout(posts: int, rng: random.Random, now: datetime):
    """[(start, gap_minutes, size, category, measured)] sorted by start: the measured thread plus threads of
    10-50 posts (the last one takes what is left)."""
    threads = [(now - timedelta(days=30), 200.0, MEASURED_POSTS, 2, True)] if posts >= MEASURED_POSTS else []
    left = posts - sum(t[2] for t in threads)
    while left > 0:
        size = min(rng.randint(10, 50), left)
        gap = rng.uniform(10, 600)
        latest = now - timedelta(minutes=gap * size + 60)
        start = latest - timedelta(days=rng.uniform(0, 3 * 365))
        threads.append((start, gap, size, rng.randint(1, len(CATEGORIES)), False))
        left -= size
    return sorted(threads)


def author(thread_id: int, number: int) -> int:
    return 1 + (thread_id * 7 + number * 13) % MEMBERS


def seed(posts: int, url: str) -> dict:
    started = time.perf_counter()
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "bench"}
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "app", "db", "upgrade"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    if done.returncode:
        sys.exit(f"flask db upgrade failed:\n{done.stderr}")
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", lambda conn, _: conn.executescript(
            "PRAGMA journal_mode=MEMORY; PRAGMA synchronous=OFF; PRAGMA cache_size=-200000;"))
    rng, now = random.Random(42), datetime.now(timezone.utc).replace(microsecond=0)
    threads = layout(posts, rng, now)
    bodies = [(body, render_markdown(body)) for body in BODIES]

    # Every post as (time, thread id, number); sorting by time gives the post ids.
    timeline = [(start + timedelta(minutes=gap * n), thread_id, n + 1)
                for thread_id, (start, gap, size, _, _) in enumerate(threads, 1) for n in range(size)]
    timeline.sort()
    last_post_id = {thread_id: post_id for post_id, (_, thread_id, number) in enumerate(timeline, 1)
                    if number == threads[thread_id - 1][2]}

    categories = [{"id": i, "slug": slug, "name": name, "description": f"Ruang untuk {name.lower()}.",
                   "position": i, "who_starts": "members", "thread_count": 0, "post_count": 0}
                  for i, (slug, name) in enumerate(CATEGORIES, 1)]
    thread_rows, pinned_done = [], set()
    for thread_id, (start, gap, size, category, measured) in enumerate(threads, 1):
        categories[category - 1]["thread_count"] += 1
        categories[category - 1]["post_count"] += size
        pinned = not measured and category not in pinned_done  # each category's oldest thread
        if pinned:
            pinned_done.add(category)
        title = "Rekomendasi buku untuk remaja: 200 balasan" if measured else f"{rng.choice(TITLES)} ({thread_id})"
        thread_rows.append({"id": thread_id, "category_id": category, "author_id": author(thread_id, 1),
                            "title": title, "created_at": start,
                            "last_post_at": start + timedelta(minutes=gap * (size - 1)),
                            "last_post_id": last_post_id[thread_id], "post_count": size, "locked": False,
                            "pinned": pinned, "slow_mode_seconds": 0})
    users = [{"id": n, "username": f"anggota{n}", "email": f"anggota{n}@contoh.id", "password_hash": "x",
              "display_name": f"{FIRST[n % len(FIRST)]} {LAST[n * 7 % len(LAST)]}", "bio_md": "", "bio_html": "",
              "interests": "", "notifications_off": [], "role": "moderator" if n <= 5 else "member",
              "session_token": f"{n:032x}", "suspension_reason": "", "ban_reason": "",
              "created_at": now - timedelta(days=4 * 365)} for n in range(1, MEMBERS + 1)]

    with engine.begin() as conn:
        conn.execute(User.__table__.insert(), users)
        conn.execute(Category.__table__.insert(), categories)
        for i in range(0, len(thread_rows), BATCH):
            conn.execute(Thread.__table__.insert(), thread_rows[i:i + BATCH])
        for i in range(0, len(timeline), BATCH):
            rows = []
            for post_id, (moment, thread_id, number) in enumerate(timeline[i:i + BATCH], i + 1):
                body_md, body_html = bodies[(thread_id + number) % len(bodies)]
                rows.append({"id": post_id, "thread_id": thread_id, "number": number,
                             "author_id": author(thread_id, number), "body_md": body_md, "body_html": body_html,
                             "created_at": moment, "reaction_counts": {}})
            conn.execute(Post.__table__.insert(), rows)
        if engine.dialect.name == "postgresql":
            for table in ("users", "forum_categories", "forum_threads", "forum_posts"):
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                  f"(SELECT max(id) FROM {table}))"))
    engine.dispose()
    measured = next(row for row in thread_rows if row["post_count"] == MEASURED_POSTS and "200 balasan" in row["title"])
    return {"posts": posts, "threads": len(thread_rows), "members": MEMBERS, "thread_id": measured["id"],
            "category": CATEGORIES[measured["category_id"] - 1][0], "seconds": round(time.perf_counter() - started, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("posts", type=int)
    add_database_options(parser)
    args = parser.parse_args()
    if args.posts < MEASURED_POSTS:
        parser.error(f"need at least {MEASURED_POSTS} posts")
    seed_and_report(parser, args, "forum", lambda url: seed(args.posts, url))


if __name__ == "__main__":
    main()
