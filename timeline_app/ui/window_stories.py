"""The window's Stories menu: present, make, edit and delete the dataset's stories."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog

from timeline_app.core.model import Story, StoryStep
from timeline_app.ui.actions import submenu
from timeline_app.ui.i18n import tr
from timeline_app.ui.messages import Button, warn
from timeline_app.ui.plain import mnemonic_free
from timeline_app.ui.presentation import Presentation, story_steps
from timeline_app.ui.story_dialog import StoryDialog

if TYPE_CHECKING:  # the window's parts, declared for the type checker (ui/window_base.py)
    from timeline_app.ui.window_base import WindowBase as _Window
else:
    _Window = object


class StoryActions(_Window):
    """Mixed into MainWindow: the Stories menu, built each time it opens."""

    def _fill_story_menu(self) -> None:
        """Built when opened: the dataset's stories, each to present, edit or delete."""
        menu = self.story_menu
        menu.clear()
        if self.session.dataset is None:
            return
        writable = not self.store.read_only
        menu.addAction(tr("New story from the key events shown…"), self.new_story).setEnabled(
            writable
        )
        for story in self.store.stories(self.session.dataset):
            sub = submenu(menu, mnemonic_free(story.name))
            sub.addAction(tr("Present"), _bound(self.present_story, story.name))
            sub.addAction(tr("Edit…"), _bound(self.edit_story, story.name)).setEnabled(writable)
            sub.addAction(tr("Delete…"), _bound(self._ask_delete, story.name)).setEnabled(writable)

    def present_story(self, name: str) -> Presentation | None:
        story = self.store.story(self.session.open_name, name)
        rows = [(self.session.open_columns.row_of(st.event_id), st.note) for st in story.steps]
        steps = [(row, note) for row, note in rows if row is not None]
        if not steps or self.timeline.layout_ is None:
            return None
        # a story's events show whatever the filters are, in the window's lanes (its lane
        # control and budget), the steps' own lanes pinned
        layout = self.session.view.layout(pin_rows=[r for r, _ in steps], everything=True)
        self.presentation = Presentation(
            self.session, layout, [r for r, _ in steps], [n for _, n in steps]
        )
        self.presentation.show_on_screen()
        return self.presentation

    def new_story(self) -> None:
        uids = self.session.open_columns.uids
        steps = tuple(StoryStep(str(uids[r])) for r in story_steps(self.session).rows)
        self._edit(Story(tr("New story"), steps))

    def edit_story(self, name: str) -> None:
        self._edit(self.store.story(self.session.open_name, name), replacing=name)

    def _edit(self, story: Story, replacing: str | None = None) -> None:
        dialog = StoryDialog(self.session, story, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        edited, dataset = dialog.story(), self.session.open_name
        self.writes.run(
            lambda: self.store.save_story(dataset, edited, replacing),
            tr("Saving the story '{name}'").format(name=edited.name),
            tr("Saved the story '{name}'").format(name=edited.name),
        )

    def _ask_delete(self, name: str) -> None:
        text = tr("Delete the story '{name}'?").format(name=name)
        if warn(self, tr("Delete story"), text, Button.Yes | Button.No) == Button.Yes:
            self.delete_story(name)

    def delete_story(self, name: str) -> None:
        dataset = self.session.open_name
        self.writes.run(
            lambda: self.store.delete_story(dataset, name),
            tr("Deleting the story '{name}'").format(name=name),
            tr("Deleted the story '{name}'").format(name=name),
        )


def _bound(command: Callable[[str], object], name: str) -> Callable[[], object]:
    """`command` on the story `name`, for a menu (a lambda with a default is not typed)."""
    return lambda: command(name)
