"""Sharing: the share bar on every thread, event, reading group, book, review and challenge, the share
clicks counted per channel, Open Graph tags and their generated og:image, the events feed and the sitemap."""
from flask import Flask


def init_app(app: Flask) -> None:
    from core import urls
    from core import shareables as items
    from sharing import images, links, views

    app.register_blueprint(views.bp)
    app.jinja_env.globals.update(absolute_url=urls.absolute_url, shareable=items.describe, og_image_url=images.url, share_message=links.message,
                                 SHARE_CHANNELS=links.REDIRECT_CHANNELS, SHARE_CHANNEL_LABELS=links.CHANNEL_LABELS)
