"""A client that writes its whole pipeline before reading a reply (bench/pipeline.sh).

    python3 bench/pipeline_client.py PORT PAIRS

Sends PAIRS pairs of SET key:i value:i / GET key:i in one sendall, then reads every reply and
checks it. Prints "<accepted seconds> <all replies seconds>": accepted is when sendall returned,
i.e. when the server had taken (or its kernel buffers held) the last request.
"""
import socket
import sys
import time

port, pairs = int(sys.argv[1]), int(sys.argv[2])
requests, replies = [], []
for i in range(pairs):
    k, v = b"key:%d" % i, b"value:%d" % i
    requests.append(b"*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n" % (len(k), k, len(v), v))
    requests.append(b"*2\r\n$3\r\nGET\r\n$%d\r\n%s\r\n" % (len(k), k))
    replies.append(b"+OK\r\n$%d\r\n%s\r\n" % (len(v), v))
data, expected = b"".join(requests), b"".join(replies)
s = socket.create_connection(("127.0.0.1", port))
start = time.monotonic()
s.sendall(data)
accepted = time.monotonic()
got = bytearray()
while len(got) < len(expected):
    chunk = s.recv(1 << 20)
    if not chunk:
        break
    got += chunk
done = time.monotonic()
if bytes(got) != expected:
    sys.exit("pipeline_client: wrong replies from port %d (%d bytes, %d expected)" % (port, len(got), len(expected)))
print("%.3f %.3f" % (accepted - start, done - start))
