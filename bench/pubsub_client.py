"""One publisher, N subscribers (bench/pubsub.sh).

    python3 bench/pubsub_client.py PUB_PORT SUB_PORTS SUBSCRIBERS MESSAGES [WINDOW]

Connects SUBSCRIBERS subscribers to channel "bench", spread round-robin over SUB_PORTS (comma
separated), then publishes MESSAGES messages of 16 bytes to PUB_PORT with up to WINDOW (default
64) PUBLISH commands in flight. Prints "<published msgs/s> <delivered msgs/s> <seconds>": the
publishing rate (until the last PUBLISH was answered) and the rate at which messages reached
subscribers (until every subscriber had every message), both over the same start.
"""
import selectors
import socket
import sys
import time

pub_port = int(sys.argv[1])
sub_ports = [int(p) for p in sys.argv[2].split(",")]
n_subs, messages = int(sys.argv[3]), int(sys.argv[4])
window = int(sys.argv[5]) if len(sys.argv) > 5 else 64
payload = b"m" * 16
channel = b"bench"
frame = b"*3\r\n$7\r\nmessage\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n" % (len(channel), channel, len(payload), payload)
confirm = b"*3\r\n$9\r\nsubscribe\r\n$%d\r\n%s\r\n:1\r\n" % (len(channel), channel)
publish = b"*3\r\n$7\r\nPUBLISH\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n" % (len(channel), channel, len(payload), payload)


def read_exactly(s, n):
    got = bytearray()
    while len(got) < n:
        chunk = s.recv(n - len(got))
        if not chunk:
            raise SystemExit("connection closed")
        got += chunk
    return bytes(got)


sel = selectors.DefaultSelector()
subs = []
for i in range(n_subs):
    s = socket.create_connection(("127.0.0.1", sub_ports[i % len(sub_ports)]))
    s.sendall(b"*2\r\n$9\r\nSUBSCRIBE\r\n$%d\r\n%s\r\n" % (len(channel), channel))
    if read_exactly(s, len(confirm)) != confirm:
        raise SystemExit("unexpected subscribe reply")
    s.setblocking(False)
    subs.append(s)
    sel.register(s, selectors.EVENT_READ, i)
received = [0] * n_subs
want = len(frame) * messages

pub = socket.create_connection(("127.0.0.1", pub_port))
pub.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
pub.setblocking(False)
sel.register(pub, selectors.EVENT_READ, -1)
sent = answered = 0
pending = b""
start = time.monotonic()
published_at = None
done_subs = 0
while done_subs < n_subs or answered < messages:
    if sent < messages and sent - answered < window:
        n = min(window - (sent - answered), messages - sent)
        pending += publish * n
        sent += n
    if pending:
        try:
            k = pub.send(pending)
            pending = pending[k:]
        except BlockingIOError:
            pass
    for key, _ in sel.select(timeout=1):
        try:
            data = key.fileobj.recv(1 << 20)
        except BlockingIOError:
            continue
        if not data:
            raise SystemExit("a connection closed")
        if key.data == -1:
            answered += data.count(b"\r\n")
            if answered >= messages and published_at is None:
                published_at = time.monotonic()
        else:
            before = received[key.data]
            received[key.data] += len(data)
            if before < want <= received[key.data]:
                done_subs += 1
end = time.monotonic()
print("%.0f %.0f %.2f" % (messages / (published_at - start), messages * n_subs / (end - start), end - start))
