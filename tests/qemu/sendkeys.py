#!/usr/bin/env python3
"""tests/qemu/sendkeys.py SOCKET LOG STOP_REGEX TIMEOUT: press the space bar
through QEMU's QMP monitor (send-key) every PRESS_INTERVAL seconds until a
line of the serial LOG matches STOP_REGEX or TIMEOUT seconds pass; then quit
QEMU. Exit status 0 when the line appeared, 1 otherwise. For the pager test
(docs/memmap-report.md): the kernel waits at each screenful for a key."""
import re
import sys
import time

from qmp import Qmp

PRESS_INTERVAL = 1.0
CONNECT_TRIES = 100     # 0.1 s apart: QEMU creates the socket when it starts
KEY = "spc"


def main():
    path, log, stop, timeout = sys.argv[1], sys.argv[2], re.compile(sys.argv[3]), float(sys.argv[4])
    session = Qmp(path, "sendkeys", CONNECT_TRIES)
    found = False
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            text = open(log, "rb").read().decode("latin-1").replace("\r", "")
        except OSError:
            text = ""
        if any(stop.search(line) for line in text.split("\n")):
            found = True
            break
        session.cmd("send-key", keys=[{"type": "qcode", "data": KEY}])
        time.sleep(PRESS_INTERVAL)
    session.quit()
    return 0 if found else 1


if __name__ == "__main__":
    sys.exit(main())
