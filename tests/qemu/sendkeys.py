#!/usr/bin/env python3
"""tests/qemu/sendkeys.py SOCKET LOG STOP_REGEX TIMEOUT: press the space bar
through QEMU's QMP monitor (send-key) every PRESS_INTERVAL seconds until a
line of the serial LOG matches STOP_REGEX or TIMEOUT seconds pass; then quit
QEMU. Exit status 0 when the line appeared, 1 otherwise. For the pager test
(docs/memmap-report.md): the kernel waits at each screenful for a key."""
import json
import re
import socket
import sys
import time

PRESS_INTERVAL = 1.0
CONNECT_TRIES = 100     # 0.1 s apart: QEMU creates the socket when it starts
QMP_TIMEOUT = 20
KEY = "spc"


def connect(path):
    for _ in range(CONNECT_TRIES):
        try:
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.settimeout(QMP_TIMEOUT)
            s.connect(path)
            return s
        except OSError:
            time.sleep(0.1)
    sys.exit("sendkeys: cannot connect to %s" % path)


def main():
    path, log, stop, timeout = sys.argv[1], sys.argv[2], re.compile(sys.argv[3]), float(sys.argv[4])
    f = connect(path).makefile("rw")

    def cmd(name, **args):
        f.write(json.dumps({"execute": name, "arguments": args}) + "\n")
        f.flush()
        while True:
            reply = json.loads(f.readline())
            if "return" in reply or "error" in reply:
                return reply

    json.loads(f.readline())  # greeting
    cmd("qmp_capabilities")
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
        cmd("send-key", keys=[{"type": "qcode", "data": KEY}])
        time.sleep(PRESS_INTERVAL)
    try:
        cmd("quit")
    except (OSError, ValueError):
        pass
    return 0 if found else 1


if __name__ == "__main__":
    sys.exit(main())
