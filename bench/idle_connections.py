#!/usr/bin/env python3
"""Opens N idle client connections to 127.0.0.1:PORT and holds them until stdin closes.

bench/scale.sh's idle section: each connection sends one PING and reads its +PONG, so the
server has accepted and registered it (not just the kernel's backlog), then stays silent.
Prints "ready N" once all are open.
"""
import socket
import sys


def main():
    port, n = int(sys.argv[1]), int(sys.argv[2])
    held = []
    for _ in range(n):
        s = socket.create_connection(("127.0.0.1", port), timeout=60)
        s.sendall(b"PING\r\n")
        reply = b""
        while not reply.endswith(b"\r\n"):
            chunk = s.recv(64)
            if not chunk:
                raise SystemExit("connection %d closed by the server" % len(held))
            reply += chunk
        if reply != b"+PONG\r\n":
            raise SystemExit("connection %d: %r" % (len(held), reply))
        held.append(s)
    print("ready", len(held), flush=True)
    sys.stdin.read()
    for s in held:
        s.close()


if __name__ == "__main__":
    main()
