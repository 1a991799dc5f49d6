"""Words of the core that the window shows: marked for Qt's translation tools.

`pyside6-lupdate` collects every `QT_TR_NOOP("...")`; the window translates the text where it
shows it. Here the mark does nothing, so that the core stays free of Qt.
"""


def QT_TR_NOOP(text: str) -> str:
    return text
