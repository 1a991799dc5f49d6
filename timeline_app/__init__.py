"""Timeline App: an offline desktop timeline viewer for conflict events."""

__version__ = "0.1.0"
