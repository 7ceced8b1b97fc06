#!/usr/bin/env python3
"""A minimal syslog socket for the end-to-end test: cron logs only through
syslog(3), and test boxes run no syslog daemon. Binds a datagram socket at
argv[1] and appends every message, one per line, to argv[2]."""
import os
import socket
import sys

path, out_path = sys.argv[1], sys.argv[2]
try:
    os.unlink(path)
except FileNotFoundError:
    pass
sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
sock.bind(path)
os.chmod(path, 0o666)
print("ready", flush=True)
with open(out_path, "ab", buffering=0) as out:
    while True:
        out.write(sock.recv(65536).rstrip(b"\n") + b"\n")
