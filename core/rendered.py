"""Markdown stored beside its sanitised HTML, and `flask --app app markdown rerender`, which renders every
stored field again after the sanitiser's policy (core/markdown.py) changes.

Core names no feature: each feature registers the fields it renders with `register_rendered` in its
init_app. tests/unit/test_rendered.py checks that every `*html` column is registered."""
from collections.abc import Callable
from dataclasses import dataclass

import click
from flask.cli import AppGroup
from sqlalchemy import bindparam, func, select, update

from core.errors import ActionError
from core.markdown import render_markdown
from extensions import db

BATCH_SIZE = 500


@dataclass(frozen=True)
class RenderedField:
    model: type  # a db.Model
    source: str  # the column holding what was typed
    html: str  # the column holding its rendering
    render: Callable = render_markdown  # the source column's value -> the html column's value

    @property
    def name(self) -> str:
        return f"{self.model.__tablename__}.{self.html}"


RENDERED_FIELDS: dict[str, RenderedField] = {}


def register_rendered(model, source: str, html: str, render: Callable = render_markdown) -> None:
    """Declares that `model.html` holds `render(model.source)`, so that the rerender command renders it again.
    Registering the same column again replaces the entry (each test builds a new app)."""
    field = RenderedField(model, source, html, render)
    RENDERED_FIELDS[field.name] = field


def rerender(field: RenderedField, batch_size: int = BATCH_SIZE, progress: Callable[[int, int], None] = None) -> dict:
    """Renders the field again in every row, in batches of `batch_size` rows by primary key, each batch committed,
    so an interrupted run keeps what it did and a new run (which changes nothing already right) goes on. Only the
    html column is written: a change to it is no edit, so a column such as `updated_at` keeps its value.
    Returns how many rows there were, how many changed, and the ids whose text is now refused (kept as they are)."""
    table = field.model.__table__
    (key,) = table.primary_key.columns
    source, html = table.c[field.source], table.c[field.html]
    unchanged = {column.name: column for column in table.columns if column.onupdate is not None}
    write = update(table).where(key == bindparam("row_id")).values({html.name: bindparam("new_html"), **unchanged})
    total = db.session.scalar(select(func.count()).select_from(table))
    done, changed, refused, last_id = 0, 0, [], None
    while True:
        query = select(key, source, html).order_by(key).limit(batch_size)
        rows = db.session.execute(query if last_id is None else query.where(key > last_id)).all()
        if not rows:
            break
        updates = []
        for row_id, text, stored in rows:
            try:
                new_html = field.render(text)
            except ActionError:  # the text is refused now (too costly to render): it keeps the HTML it has
                refused.append(row_id)
                continue
            if new_html != stored:
                updates.append({"row_id": row_id, "new_html": new_html})
        if updates:
            db.session.execute(write, updates)
        db.session.commit()
        done, changed, last_id = done + len(rows), changed + len(updates), rows[-1][0]
        if progress:
            progress(done, total)
    return {"total": total, "changed": changed, "refused": refused}


markdown_cli = AppGroup("markdown", help="Stored Markdown and its sanitised HTML.")


@markdown_cli.command("rerender")
@click.option("--batch-size", default=BATCH_SIZE, show_default=True, type=click.IntRange(min=1),
              help="Rows rendered and committed at a time.")
def rerender_command(batch_size):
    """Render every stored Markdown field again, after a change to the sanitiser's policy.

    Safe to interrupt and to run again: each batch is committed, and a row already right is not written."""
    for name, field in sorted(RENDERED_FIELDS.items()):
        outcome = rerender(field, batch_size, lambda done, total: click.echo(f"{name}: {done}/{total}"))
        click.echo(f"{name}: done, {outcome['changed']} of {outcome['total']} changed.")
        if outcome["refused"]:
            click.echo(f"{name}: kept the HTML of {len(outcome['refused'])} rows whose text is now refused: ids "
                       + ", ".join(map(str, outcome["refused"][:20])) + (" ..." if len(outcome["refused"]) > 20 else ""))
