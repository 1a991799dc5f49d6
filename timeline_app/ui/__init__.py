"""The Qt layer: windows and widgets over the core."""
