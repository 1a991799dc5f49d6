"""The Qt-free core: event model, store, formats. Importable without a display."""
