"""tests/qemu/qmp.py: the QMP client of the QEMU test helpers (screen.py,
sendkeys.py): a session on QEMU's monitor socket, one command at a time."""
import json
import socket
import sys
import time

QMP_TIMEOUT = 20        # seconds a reply may take
CONNECT_INTERVAL = 0.1  # seconds between connection attempts


class Qmp:
    """A QMP session on the UNIX socket at path, greeted and past
    qmp_capabilities. who names the caller in error exits; tries is how many
    times to try to connect, CONNECT_INTERVAL apart (QEMU creates the socket
    when it starts). Exits with a message when it cannot connect or QEMU
    refuses the capabilities negotiation."""

    def __init__(self, path, who, tries=1):
        self.who = who
        self.file = self._connect(path, tries).makefile("rw")
        json.loads(self.file.readline())  # greeting
        self.check(self.cmd("qmp_capabilities"))

    def _connect(self, path, tries):
        """A connected socket, or exit after tries failed attempts."""
        for attempt in range(tries):
            if attempt:
                time.sleep(CONNECT_INTERVAL)
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.settimeout(QMP_TIMEOUT)
            try:
                s.connect(path)
                return s
            except OSError:
                s.close()
        sys.exit("%s: cannot connect to %s" % (self.who, path))

    def cmd(self, name, **args):
        """Send one command; return its reply (a dict with "return" or
        "error"), skipping the events QEMU sends in between."""
        self.file.write(json.dumps({"execute": name, "arguments": args}) + "\n")
        self.file.flush()
        while True:
            reply = json.loads(self.file.readline())
            if "return" in reply or "error" in reply:
                return reply

    def check(self, reply):
        """Exit with a message if reply is an error."""
        if "error" in reply:
            sys.exit(f"{self.who}: QMP error: {reply['error']}")

    def quit(self):
        """Ask QEMU to quit; it may close the socket before it answers."""
        try:
            self.cmd("quit")
        except (OSError, ValueError):
            pass
