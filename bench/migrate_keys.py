#!/usr/bin/env python3
"""RESP for bench/migrate.sh: SET commands for COUNT keys of SIZE-byte values spread evenly over the
hash slots LO..HI (each key tagged with a tag of its slot), on stdout for `redis-cli --pipe`.
With --tag LO HI it prints one hash tag whose slot lies in LO..HI instead."""
import sys


def crc16(data: bytes) -> int:
    crc = 0
    for b in data:
        crc ^= b << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
        crc &= 0xFFFF
    return crc


def tags(lo: int, hi: int) -> dict:
    found, i = {}, 0
    while len(found) < hi - lo + 1:
        t = "t%d" % i
        s = crc16(t.encode()) % 16384
        if lo <= s <= hi and s not in found:
            found[s] = t
        i += 1
    return found


def main() -> None:
    if sys.argv[1] == "--tag":
        lo, hi = int(sys.argv[2]), int(sys.argv[3])
        print(tags(lo, lo)[lo] if lo == hi else next(iter(tags(lo, lo).values())))
        return
    count, size, lo, hi = (int(a) for a in sys.argv[1:5])
    by_slot = tags(lo, hi)
    slots = sorted(by_slot)
    value = b"x" * size
    out = sys.stdout.buffer
    head = b"*3\r\n$3\r\nSET\r\n"
    vpart = b"$%d\r\n%s\r\n" % (size, value)
    for i in range(count):
        key = ("k{%s}:%d" % (by_slot[slots[i % len(slots)]], i)).encode()
        out.write(head + b"$%d\r\n%s\r\n" % (len(key), key) + vpart)


if __name__ == "__main__":
    main()
