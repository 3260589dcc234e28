"""A loopback SMTP server for `make serve-prod` without EMAIL_HOST: it keeps
every message it is given as an .eml file, so that the subscription mails
(confirmations, digests) can be read and their links followed. Never for
production: there, EMAIL_HOST names a real SMTP server or relay."""

import itertools
from pathlib import Path

from aiosmtpd.controller import Controller


class _Keeper:
    def __init__(self, folder: Path):
        self.folder = folder
        self.numbers = itertools.count(1)

    async def handle_DATA(self, server, session, envelope):
        name = f"{next(self.numbers):04d}.eml"
        (self.folder / name).write_bytes(envelope.content)
        return "250 Message accepted"


class MailSink:
    """Started with `start()`, stopped with `stop()`; listens on 127.0.0.1."""

    def __init__(self, folder: Path, port: int):
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.port = port
        self.controller = Controller(_Keeper(folder), hostname="127.0.0.1", port=port)

    def start(self) -> "MailSink":
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()
