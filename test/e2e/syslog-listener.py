#!/usr/bin/env python3
"""A minimal syslog socket for the end-to-end test: cron logs only through
syslog(3), and the test's Debian root runs no syslog daemon. Binds a datagram
socket at argv[1] (the root's /dev/log, seen from the host) and appends every
message, one per line, to argv[2], after the time it arrived (seconds since the
epoch, with milliseconds): "1767225600.123 <78>Jan  1 00:00:00 cron[1]: ...".
It exits when its stdin closes, so it never outlives the test that started it."""
import os
import socket
import sys
import threading
import time

path, out_path = sys.argv[1], sys.argv[2]
try:
    os.unlink(path)
except FileNotFoundError:
    pass
sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
sock.bind(path)
os.chmod(path, 0o666)
print("ready", flush=True)


def exit_at_eof():
    sys.stdin.buffer.read()
    os._exit(0)


threading.Thread(target=exit_at_eof, daemon=True).start()
with open(out_path, "ab", buffering=0) as out:
    while True:
        message = sock.recv(65536).rstrip(b"\n").replace(b"\n", b" ")
        out.write(b"%.3f " % time.time() + message + b"\n")
