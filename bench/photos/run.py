"""What a 12-megapixel phone photo costs: CPU and wall time of the upload pipeline (core/photos.store: check,
decode, turn upright, sRGB, three WebP sizes, one row), for a JPEG and a HEIC as phones take them, and what
serving one stored photo costs (the visibility check and the file, through the Flask test client).

In-process on a temporary SQLite database. Each case runs RUNS times, taking turns. The photo is drawn
(gradients and noise, so it compresses like a photo: about 4 MB as JPEG). Peak memory is the process's
maximum resident size. Run: `.venv/bin/python -m bench.photos.run`.
"""
import resource
import statistics
import sys
import tempfile
import time
from io import BytesIO

import pillow_heif
from PIL import Image
from werkzeug.datastructures import FileStorage

from app import create_app
from extensions import db

RUNS = 7
SIZE = (4000, 3000)  # 12 Mpx, as a phone's main camera takes it


def phone_photo() -> Image.Image:
    noise = Image.effect_noise((SIZE[0] // 3, SIZE[1] // 3), 60).convert("L").resize(SIZE, Image.Resampling.BICUBIC)
    gradient = Image.linear_gradient("L").resize(SIZE)
    return Image.merge("RGB", (gradient, noise, gradient.transpose(Image.Transpose.FLIP_LEFT_RIGHT)))


def encoded(image: Image.Image, kind: str) -> bytes:
    out = BytesIO()
    exif = Image.Exif()
    exif[0x0112] = 6  # held upright, as most phone photos are
    exif[0x8825] = {2: (6.0, 58.0, 12.0), 4: (110.0, 25.0, 0.0)}
    if kind == "JPEG":
        image.save(out, "JPEG", quality=92, exif=exif.tobytes())
    else:
        pillow_heif.from_pillow(image).save(out, quality=80, exif=exif.tobytes())
    return out.getvalue()


def cost(function) -> tuple[float, float]:
    """(CPU ms of this process, wall ms)."""
    cpu, wall = time.process_time(), time.perf_counter()
    function()
    return (time.process_time() - cpu) * 1000, (time.perf_counter() - wall) * 1000


def main() -> None:
    folder = tempfile.mkdtemp(prefix="serambi-bench-")
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.db", "UPLOAD_FOLDER": f"{folder}/u",
                      "PHOTO_FOLDER": f"{folder}/p", "SECRET_KEY": "bench", "RATELIMIT_ENABLED": False,
                      "WTF_CSRF_ENABLED": False})
    from accounts import actions
    from core import photos

    picture = phone_photo()
    files = {kind: encoded(picture, kind) for kind in ("JPEG", "HEIC")}
    timings = {kind: [] for kind in files}
    with app.app_context():
        db.create_all()
        uploader = actions.create_user("siti", "siti@contoh.id", "buku-adalah-jendela")
        for _ in range(RUNS):
            for kind, data in files.items():
                timings[kind].append(cost(lambda: photos.store(
                    FileStorage(BytesIO(data), filename=f"IMG.{kind.lower()}", name="photos"), uploader)))
        stored = photos.store(FileStorage(BytesIO(files["JPEG"]), filename="IMG.jpg", name="photos"), uploader)
        address, widths = photos.url(stored, 960), stored.widths
    client = app.test_client()
    client.post("/auth/login", data={"username": "siti", "password": "buku-adalah-jendela"})
    serving = [cost(lambda: client.get(address)) for _ in range(200)]
    print(f"{RUNS} runs per file, Python {sys.version.split()[0]}, Pillow {Image.__version__}, "
          f"pillow-heif {pillow_heif.__version__}; photo {SIZE[0]}x{SIZE[1]}, stored widths {widths}")
    print(f"{'file':6} {'size MB':>8} {'CPU ms median':>14} {'wall ms median':>15} {'wall ms max':>12}")
    for kind, values in timings.items():
        print(f"{kind:6} {len(files[kind]) / 2**20:8.1f} {statistics.median(v[0] for v in values):14.0f} "
              f"{statistics.median(v[1] for v in values):15.0f} {max(v[1] for v in values):12.0f}")
    print(f"serving one stored size (960 px) to its uploader: CPU ms median "
          f"{statistics.median(v[0] for v in serving):.2f}, wall ms median {statistics.median(v[1] for v in serving):.2f}")
    print(f"peak resident memory of the process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
