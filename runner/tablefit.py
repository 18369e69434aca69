"""Tables that fit the terminal they are printed on, from 80 columns up.

rich squeezes a table that is too wide by truncating its cells, which turns a PnL of
-8,412.50 into ``-8…``: a number that lies. Instead, a wide table is either *folded* (cut
into several tables, each repeating the key columns, so every figure is shown whole) or has
its least important columns *dropped* (named, so the reader knows what is missing). Widths
are measured from the cells themselves, so the tables follow whatever columns their
builders put in.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

PIPE_WIDTH = 150
"""Width of a table printed to a pipe or a log file: nobody's terminal to fit there."""


def cell_width(cell: object) -> int:
    """Terminal cells a table cell needs on one line (markup strings measured as shown)."""
    if isinstance(cell, Text):
        text = cell
    elif isinstance(cell, str):
        text = Text.from_markup(cell)
    else:
        return 1
    return max((Text(line).cell_len for line in text.plain.splitlines()), default=0)


def column_widths(table: Table) -> list[int]:
    """Each column's natural width: its widest cell or its header."""
    return [
        max([cell_width(column.header), *(cell_width(c) for c in column.cells)])
        for column in table.columns
    ]


def table_width(widths: Sequence[int], edge: bool = True) -> int:
    """Width of a table whose columns have these widths, with rich's default box and a
    padding of one space on each side of a cell."""
    inner = sum(w + 2 for w in widths) + max(0, len(widths) - 1)
    return inner + (2 if edge else 0)


def _copy(table: Table, keep: Sequence[int], title: str | Text | None) -> Table:
    """A table with the same look, holding only the columns ``keep`` (in that order)."""
    out = Table(
        title=title,
        caption=table.caption,
        box=table.box,
        show_header=table.show_header,
        show_edge=table.show_edge,
        show_lines=table.show_lines,
        header_style=table.header_style,
        title_justify=table.title_justify,
        expand=table.expand,
        padding=table.padding,
    )
    columns = [table.columns[i] for i in keep]
    for column in columns:
        out.add_column(
            column.header,
            justify=column.justify,
            style=column.style,
            header_style=column.header_style,
            no_wrap=column.no_wrap,
            overflow=column.overflow,
            min_width=column.min_width,
            max_width=column.max_width,
            ratio=column.ratio,
        )
    cells = [list(c.cells) for c in columns]
    for r, row in enumerate(table.rows):
        out.add_row(*(col[r] for col in cells), style=row.style, end_section=row.end_section)
    return out


def _pin(table: Table, widths: Sequence[int], squeezable: int) -> None:
    """Columns other than ``squeezable`` never wrap or truncate: their width is their widest
    cell. Only the squeezable one (a bot's name) may be cut short, and only when even it
    alone with one figure would not fit."""
    for i, column in enumerate(table.columns):
        if i != squeezable:
            column.no_wrap = True
            column.min_width = widths[i]
        else:
            column.no_wrap = True
            column.overflow = "ellipsis"


def fold(table: Table, width: int, keep: int = 1) -> list[Table]:
    """The table cut into as few tables as fit ``width``, each repeating the first ``keep``
    columns; the other columns keep their order, so the most important come first.

    A table that fits is returned as it is (its figures pinned against truncation).
    """
    widths = column_widths(table)
    keys = list(range(min(keep, len(widths))))
    rest = list(range(len(keys), len(widths)))
    groups: list[list[int]] = []
    current: list[int] = []
    for i in rest:
        trial = [*keys, *current, i]
        if current and table_width([widths[j] for j in trial], table.show_edge) > width:
            groups.append(current)
            current = [i]
        else:
            current.append(i)
    if current or not groups:
        groups.append(current)
    if len(groups) == 1:
        _pin(table, widths, 0)
        return [table]
    parts = []
    for n, group in enumerate(groups):
        title: str | None = None
        if isinstance(table.title, str):
            more = "continued, " if n else ""
            title = f"{table.title} ({more}{n + 1}/{len(groups)})"
        part = _copy(table, [*keys, *group], title)
        _pin(part, [widths[j] for j in [*keys, *group]], 0)
        parts.append(part)
    return parts


def drop(table: Table, width: int, priority: Sequence[str]) -> tuple[Table, list[str]]:
    """The table without its least important columns, until it fits ``width``.

    ``priority`` lists headers from most to least important; a header it does not name
    goes last. The first column is always kept. Returns the table and the headers left out,
    in their original order.
    """
    widths = column_widths(table)
    headers = [str(c.header) for c in table.columns]

    def rank(i: int) -> tuple[int, int]:
        h = headers[i]
        return (priority.index(h) if h in priority else len(priority), i)

    order = sorted(range(1, len(headers)), key=rank)
    kept = [0]
    for i in order:
        trial = sorted([*kept, i])
        if table_width([widths[j] for j in trial], table.show_edge) <= width:
            kept = trial
    left_out = [headers[i] for i in range(len(headers)) if i not in kept]
    out = _copy(table, kept, table.title)
    _pin(out, [widths[j] for j in kept], 0)
    return out, left_out


def print_fitted(table: Table, console: Console, keep: int = 1) -> None:
    """Print a table folded to the console's width (a pipe or a file gets ``PIPE_WIDTH``)."""
    width = console.width
    if not console.is_terminal and width < PIPE_WIDTH:
        width = PIPE_WIDTH
        console = Console(width=width, file=console.file, highlight=False)
    for part in fold(table, width, keep):
        console.print(part)
