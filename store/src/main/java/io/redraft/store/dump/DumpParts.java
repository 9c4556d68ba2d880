package io.redraft.store.dump;

import io.redraft.store.Bytes;
import io.redraft.store.RedisObject;
import io.redraft.store.hash.HashValue;
import io.redraft.store.list.ListValue;
import io.redraft.store.rdb.Crc64;
import io.redraft.store.set.SetValue;
import io.redraft.store.string.StringValue;
import io.redraft.store.zset.ZSetValue;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.SynchronousQueue;

/**
 * A value's DUMP payload in parts of at most {@code partSize} bytes, made as they are asked for, so
 * that moving a big key to another group (issue #16) holds one part of it at a time, not the
 * payload (and the copies building it took). The parts put end to end are exactly {@link
 * DumpCommands#payload}'s bytes, CRC-64 footer included: the checksum is carried from part to part.
 *
 * <p>A value whose payload surely fits in one part is dumped whole at once, as DUMP does. A bigger
 * one is written by the same encoders on a helper thread that runs only while the caller waits in
 * {@link #next} and stops as soon as it has filled a part, so the value is never read while the
 * caller's thread (the node thread) runs: serialization advances one part per call, between the
 * node's turns, and needs the value unchanged only from one call to the next (a key locked for its
 * move). {@link #close} ends the helper when the parts are not all taken.
 */
public final class DumpParts implements AutoCloseable {
    private static final Object GO = new Object();
    private static final Object STOP = new Object();

    private record Last(byte[] bytes) {}

    private record Failed(Throwable cause) {}

    /** Thrown inside the helper to unwind the encoders when the parts are no longer wanted. */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super(null, null, false, false);
        }
    }

    private final int partSize;
    private byte[] whole;
    private int offset;
    private boolean done;
    private SynchronousQueue<Object> toHelper;
    private SynchronousQueue<Object> toCaller;

    private DumpParts(int partSize) {
        this.partSize = partSize;
    }

    /**
     * The parts of {@code value}'s payload. {@code value} must not change until the last part is
     * taken or this is closed; it is read only inside {@link #next}, on the caller's behalf.
     */
    public static DumpParts of(Bytes key, RedisObject value, int partSize) {
        if (partSize < 1) {
            throw new IllegalArgumentException("part size " + partSize);
        }
        DumpParts p = new DumpParts(partSize);
        if (sizeBound(value) <= partSize) {
            p.whole = DumpPayload.dump(key, value);
        } else {
            p.toHelper = new SynchronousQueue<>();
            p.toCaller = new SynchronousQueue<>();
            Thread.ofVirtual().name("redraft-dump-parts").start(() -> p.produce(value));
        }
        return p;
    }

    /**
     * At least the payload's size, cheaply, when that may be under a part; {@code Long.MAX_VALUE}
     * for a stream (whose size takes as long to learn as to write). Compact encodings are small by
     * their limits.
     */
    static long sizeBound(RedisObject value) {
        final long perString = 10; // an RDB length or encoding header: at most 9 bytes
        return switch (value) {
            case StringValue s -> 1 + perString + s.bytes().length + 10;
            case HashValue h when h.encoding().equals("listpack") -> 0;
            case ZSetValue z when z.encoding().equals("listpack") -> 0;
            case SetValue s when s.encoding().equals("intset") -> 0;
            case ListValue l when l.encoding().equals("listpack") -> 0;
            case ListValue l -> {
                long n = 20;
                for (int i = 0; i < l.size(); i++) {
                    n += perString + l.get(i).length;
                }
                yield n;
            }
            case SetValue s -> {
                long n = 20;
                for (Bytes m : s.members()) {
                    n += perString + m.array().length;
                }
                yield n;
            }
            case HashValue h -> {
                long n = 20;
                for (var e : h.entries()) {
                    n += 2 * perString + e.getKey().array().length + e.getValue().length;
                }
                yield n;
            }
            case ZSetValue z -> {
                long[] n = {20};
                z.forEachInOrder((m, score) -> n[0] += perString + m.array().length + 8);
                yield n[0];
            }
            default -> Long.MAX_VALUE;
        };
    }

    /** Whether every part was returned. */
    public boolean done() {
        return done;
    }

    /**
     * The next part: {@code partSize} bytes, except the last, which may be shorter; null after
     * the last. Runs the encoders for one part meanwhile.
     */
    public byte[] next() {
        if (done) {
            return null;
        }
        if (whole != null) {
            if (offset == 0 && whole.length <= partSize) {
                done = true;
                return whole;
            }
            int end = Math.min(whole.length, offset + partSize);
            byte[] part = Arrays.copyOfRange(whole, offset, end);
            offset = end;
            done = end == whole.length;
            return part;
        }
        Object got;
        try {
            toHelper.put(GO);
            got = toCaller.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while dumping", e);
        }
        return switch (got) {
            case Last l -> {
                done = true;
                yield l.bytes;
            }
            case Failed f -> {
                done = true;
                throw new IllegalStateException("dump failed", f.cause);
            }
            default -> (byte[]) got;
        };
    }

    /** Ends the helper if parts are left: the value is not read any more. */
    @Override
    public void close() {
        if (done) {
            return;
        }
        done = true;
        if (toHelper != null) {
            try { // the helper is in, or about to enter, its wait for a call whenever the caller is not in next()
                toHelper.offer(STOP, 1, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        whole = null;
    }

    private void produce(RedisObject value) {
        try {
            if (toHelper.take() == STOP) {
                return;
            }
            Sink sink = new Sink();
            DumpPayload.writeBody(value, sink);
            sink.footer();
            toCaller.put(new Last(Arrays.copyOf(sink.buf, sink.pos)));
        } catch (Stopped | InterruptedException e) {
            // nobody waits for the rest
        } catch (Throwable t) {
            try {
                toCaller.put(new Failed(t));
            } catch (InterruptedException e) {
                // nobody waits for the failure
            }
        }
    }

    /** Cuts what the encoders write into parts, handing one over when the byte after it comes. */
    private final class Sink extends OutputStream {
        private final Crc64 crc = new Crc64();
        private byte[] buf = new byte[partSize];
        private int pos;

        @Override
        public void write(int b) throws IOException {
            room();
            buf[pos++] = (byte) b;
            crc.update(b & 0xff);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            crc.update(b, off, len);
            while (len > 0) {
                room();
                int n = Math.min(len, buf.length - pos);
                System.arraycopy(b, off, buf, pos, n);
                pos += n;
                off += n;
                len -= n;
            }
        }

        private void room() {
            if (pos < buf.length) {
                return;
            }
            try {
                toCaller.put(buf);
                if (toHelper.take() == STOP) {
                    throw new Stopped();
                }
            } catch (InterruptedException e) {
                throw new Stopped();
            }
            buf = new byte[partSize];
            pos = 0;
        }

        /** The RDB version and the CRC-64 of everything before it, as DUMP ends. */
        void footer() throws IOException {
            write(DumpPayload.RDB_VERSION);
            write(0);
            long c = crc.value();
            for (int i = 0; i < 8; i++) {
                room();
                buf[pos++] = (byte) (c >>> (8 * i));
            }
        }
    }
}
