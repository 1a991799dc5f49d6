"""Dense lanes of EventsItem (timeline_item.py): counts per pixel column, drawn as the lane
colour's opacity, in one image for all of them.

The image is kept for the data and the view it was made for: a filter change paints twice
(its layout, then the range it follows), and clearing the filters shows the dataset's own
instances again, kept by timeline_view, at the zoom it had. Counting a million instances
took ~15 ms a paint.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter

if TYPE_CHECKING:
    from timeline_app.ui.timeline_item import Instances

DAY = 86_400.0
AGG_COL_PX = 2  # width of an aggregate column
ROWS_PER_LANE = 10  # the image is stretched to the lanes' height: 10 rows a lane
KEPT_IMAGES = 4


class DensityMixin:
    """Mixin of EventsItem. Expects data and offsets."""

    if TYPE_CHECKING:
        data: Instances
        offsets: np.ndarray

    # (the data's weak reference, what the image was made for, its pixels, the image)
    _density_images: list[tuple[weakref.ref, tuple, np.ndarray, QImage]]

    def _paint_aggregate(self, p: QPainter, dense, sx, dx, sy, dy, left, right) -> None:
        """One image: per dense lane, counts per pixel column as the lane colour's opacity.
        All dense lanes are counted in one image: the cost follows the pixels and the events
        in view, not the number of lanes."""
        width = max(int((right - left) / AGG_COL_PX) + 1, 1)
        first = dense[0][0]
        made_for = (sx, dx, left, right, width, tuple((ln, len(idx)) for ln, idx in dense))
        qimage = self._kept_image(made_for)
        if qimage is None:
            pixels = self._density_pixels(dense, sx, dx, left, width)
            qimage = QImage(pixels.data, width, pixels.shape[0], 4 * width,
                            QImage.Format.Format_RGBA8888)  # fmt: skip
            kept = [entry for entry in getattr(self, "_density_images", []) if entry[0]()]
            kept.append((weakref.ref(self.data), made_for, pixels, qimage))
            self._density_images = kept[-KEPT_IMAGES:]
        for ln, _ in dense:  # each lane's rows of the image, to the lane's own height
            top, bottom = self.offsets[ln] * sy + dy, self.offsets[ln + 1] * sy + dy
            target = QRectF(left, top, width * AGG_COL_PX, bottom - top)
            source = QRectF(0, (ln - first) * ROWS_PER_LANE, width, ROWS_PER_LANE)
            p.drawImage(target, qimage, source)

    def _kept_image(self, made_for: tuple) -> QImage | None:
        for ref, key, _, qimage in getattr(self, "_density_images", []):
            if ref() is self.data and key == made_for:
                return qimage
        return None

    def _density_pixels(self, dense, sx, dx, left, width: int) -> np.ndarray:
        """The image's RGBA pixels: ROWS_PER_LANE rows a lane, from the first dense lane to
        the last (the lanes between drawn their own way: transparent)."""
        d = self.data
        first, last = dense[0][0], dense[-1][0]
        n_rows = last - first + 1
        counts = np.zeros((n_rows, width), dtype=np.int64)
        for ln, idx in dense:
            if len(idx) and int(idx[-1]) - int(idx[0]) + 1 == len(idx):
                idx = slice(int(idx[0]), int(idx[-1]) + 1)  # a run: no copy
            # the middle of its first day, in image columns (in place: a million of them)
            start = d.start[idx]
            mid = np.minimum(d.end[idx], start + DAY)
            mid += start
            mid /= 2
            mid *= sx
            mid += dx
            mid -= left
            mid /= AGG_COL_PX
            col = mid.astype(np.int64)
            np.clip(col, 0, width - 1, out=col)
            counts[ln - first] = np.bincount(col, minlength=width)
        peak = np.log1p(np.maximum(counts.max(axis=1, keepdims=True), 1))
        alpha = np.where(counts > 0, 60 + 195 * np.log1p(counts) / peak, 0).astype(np.uint8)
        rgb = np.zeros((n_rows, 3), dtype=np.uint8)
        for ln, _ in dense:
            c = d.colors[ln]
            rgb[ln - first] = (c.red(), c.green(), c.blue())
        lane_rgba = np.empty((n_rows, width, 4), dtype=np.uint8)
        lane_rgba[..., :3] = rgb[:, None, :]
        lane_rgba[..., 3] = alpha
        dense_rows = np.zeros(n_rows, dtype=bool)
        dense_rows[[ln - first for ln, _ in dense]] = True
        lane_rgba[~dense_rows, :, 3] = 0  # sparse lanes between dense ones draw their own way
        image = np.zeros((n_rows, ROWS_PER_LANE, width, 4), dtype=np.uint8)
        image[:, 2 : ROWS_PER_LANE - 2] = lane_rgba[:, None]  # a band in each lane's middle
        return np.ascontiguousarray(image.reshape(n_rows * ROWS_PER_LANE, width, 4))
