"""One Serambi server process for the scale tests: `python -m tests.socket.live_process`, configured by
the environment (DATABASE_URL, REDIS_URL, SECRET_KEY, SOCKETIO_CHANNEL). It listens on a free port on
127.0.0.1 and prints that port on its first line, then serves HTTP and Socket.IO (threading mode)."""
import os

from werkzeug.serving import make_server

from app import create_app


def main() -> None:
    redis_url = os.environ["REDIS_URL"]
    app = create_app({"SQLALCHEMY_DATABASE_URI": os.environ["DATABASE_URL"], "SECRET_KEY": os.environ["SECRET_KEY"],
                      "REDIS_URL": redis_url, "RATELIMIT_STORAGE_URI": redis_url, "SOCKETIO_ASYNC_MODE": "threading",
                      "SOCKETIO_CHANNEL": os.environ["SOCKETIO_CHANNEL"], "SERAMBI_LANGUAGE": "id"})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    print(server.server_port, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
