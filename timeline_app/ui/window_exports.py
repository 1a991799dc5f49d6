"""The window's exports: an image of the view, a copy for the clipboard, a briefing deck."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QGuiApplication

from timeline_app.background import BriefingJob
from timeline_app.core.errors import InputError
from timeline_app.core.formats import write_file
from timeline_app.core.pages import page_size
from timeline_app.core.store import is_store_file
from timeline_app.core.view_state import ALL
from timeline_app.ui.export_image import (
    ExportOptions,
    default_subtitle,
    export_image,
    render_image,
)
from timeline_app.ui.file_dialogs import save_file_name
from timeline_app.ui.i18n import QT_TR_NOOP, language, tr
from timeline_app.ui.messages import warn
from timeline_app.ui.presentation import steps_text, story_steps

IMAGE_FILTER = QT_TR_NOOP("PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)")


def with_suffix(path: str, chosen_filter: str) -> Path:
    """The file name as typed, given the suffix of the chosen type if it has none."""
    out = Path(path)
    match = re.search(r"\*(\.\w+)", chosen_filter)
    return out if out.suffix or not match else out.with_suffix(match.group(1))


if TYPE_CHECKING:  # the window's parts, declared for the type checker (ui/window_base.py)
    from timeline_app.ui.window_base import WindowBase as _Window
else:
    _Window = object


class ExportActions(_Window):
    """Mixed into MainWindow: the handlers of File → Export data / image / briefing, Copy
    image."""

    def _ask_target(self, title: str, name: str, filters: str) -> Path | None:
        """Where to write, asked in a file dialog; never the store itself."""
        path, chosen = save_file_name(self, title, name, filters, self.settings)
        if not path:
            return None
        out = with_suffix(path, chosen)
        if is_store_file(out, self.store.path):
            warn(self, title, tr("{file} is the store itself: choose another file.")
                 .format(file=out))  # fmt: skip
            return None
        return out

    def export_data(self, path: str | Path | None = None) -> Path | None:
        """The dataset as our CSV or JSON (everything in it, whatever the filters)."""
        if self.session.dataset is None:
            return None
        if path is None:
            path = self._ask_target(tr("Export data"), f"{self.session.dataset}.csv",
                                    "CSV (*.csv);;JSON (*.json)")  # fmt: skip
            if path is None:
                return None
        try:
            write_file(self.store.parsed(self.session.dataset), path)
        except (InputError, OSError) as exc:
            warn(self, tr("Export data"), str(exc))
            return None
        self.statusBar().showMessage(tr("Wrote {file}").format(file=path), 10000)
        return Path(path)

    def _export_options(
        self, width: int | None = None
    ) -> tuple[ExportOptions, tuple[float, float]]:
        """The page for the view as it is: its filters, lanes and time window, on a 16:9 slide
        (the lanes the page has no room for go into "Others")."""
        s = self.session
        x_range = self.timeline.x_range()
        s.view.set_time_range(x_range)
        ids = s.open_columns.events["id"].to_numpy()[s.mask]
        width, height = page_size(width=width)
        options = ExportOptions(
            width=width,
            height=height,
            title=s.dataset or "",
            dataset=s.dataset or "",
            subtitle=default_subtitle(s.state, x_range, s.view.shown_period()),
            sources=self.store.source_count(s.open_name, ids),
        )
        return options, x_range

    def export_image(self, path: str | Path | None = None) -> Path | None:
        if self.session.columns is None or self.timeline.layout_ is None:
            return None
        if path is None:
            path = self._ask_target(tr("Export image"), f"{self.session.dataset}.png",
                                    tr(IMAGE_FILTER))  # fmt: skip
            if path is None:
                return None
        options, x_range = self._export_options()
        try:
            out = export_image(path, self.session.columns, self.session.view.layout(), x_range,
                               options)  # fmt: skip
        except (OSError, ValueError) as exc:
            warn(self, tr("Export image"), str(exc))
            return None
        self.statusBar().showMessage(tr("Wrote {file}").format(file=out), 10000)
        return out

    def export_briefing(self, path: str | Path | None = None) -> Path | None:
        """A deck of the story presentation mode would show (the key events shown, else a few
        chosen), written by a child process; `briefer.finished` tells when it is done. Returns
        the path it is writing, or None if it starts nothing."""
        s = self.session
        if s.columns is None or self.timeline.layout_ is None or self.briefer.running():
            return None
        steps = story_steps(s)
        if not steps.rows:
            self.statusBar().showMessage(tr("No events to brief on: clear the filters"), 5000)
            return None
        if path is None:
            path = self._ask_target(tr("Export briefing"), f"{s.dataset}.pptx",
                                    "PowerPoint (*.pptx);;PDF (*.pdf)")  # fmt: skip
            if path is None:
                return None
        path = Path(path)
        if path.suffix.lower() not in (".pptx", ".pdf"):
            warn(self, tr("Export briefing"), tr("A briefing is a .pptx or a .pdf file."))
            return None
        options, x_range = self._export_options()
        uids = s.columns.uids
        # the lanes as the window has them, its budget as the room makes it
        view = replace(s.view.settings, budget=s.view.lane_budget() or ALL)
        job = BriefingJob(
            out=str(path), dataset=s.open_name, view=view.to_json(), x_range=x_range,
            steps=tuple((str(uids[r]), "") for r in steps.rows),
            title=s.dataset or "", subtitle=options.subtitle, sources=options.sources,
            language=language(),
        )  # fmt: skip
        why = steps_text(steps)
        self.briefer.start(job, why)
        self.statusBar().showMessage(
            tr("Making the briefing: %n step(s)…", "", len(steps.rows)) + (f" {why}" if why else "")
        )
        return path

    def _briefing_done(self, out: Path | None, said: str) -> None:
        self.statusBar().showMessage(said, 30000 if out else 10000)

    def copy_image(self) -> None:
        if self.session.columns is None or self.timeline.layout_ is None:
            return
        options, x_range = self._export_options(width=1600)
        image = render_image(self.session.columns, self.session.view.layout(), x_range, options)
        QGuiApplication.clipboard().setImage(image)
        self.statusBar().showMessage(tr("The timeline is on the clipboard"), 5000)
