package io.redraft.store.rdb;

import io.redraft.store.stream.StreamCodec;
import io.redraft.store.stream.StreamValue;

import java.io.IOException;

/**
 * RDB framing for streams: {@link StreamCodec} decides what a stream body holds, this adapts it
 * to the file's length and string encodings. Written as type 19 (Redis 7.0); read as 15, 19, 21.
 */
final class StreamRdb {
    private StreamRdb() {
    }

    static void write(RdbOutput o, StreamValue s) throws IOException {
        StreamCodec.write(s, new StreamCodec.Sink() {
            @Override
            public void length(long v) throws IOException {
                if (v < 0) { // an unsigned 64-bit value (IDs past 2^63, entries-read -1): rdbSaveLen's 64-bit form
                    o.writeByte(Rdb.LEN_64BIT);
                    for (int i = 7; i >= 0; i--) {
                        o.writeByte((int) (v >>> (8 * i)));
                    }
                } else {
                    o.writeLength(v);
                }
            }

            @Override
            public void string(byte[] b) throws IOException {
                o.writeString(b);
            }

            @Override
            public void raw(byte[] b) throws IOException {
                o.write(b);
            }

            @Override
            public void millis(long v) throws IOException {
                o.writeLongLE(v);
            }
        });
    }

    static StreamValue read(RdbInput in, int type, String what) throws IOException {
        return StreamCodec.read(new StreamCodec.Source() {
            @Override
            public long length() throws IOException {
                return in.readUnsignedLength(what);
            }

            @Override
            public byte[] string() throws IOException {
                return in.readString(what);
            }

            @Override
            public byte[] raw(int n) throws IOException {
                return in.readBytes(n, what);
            }

            @Override
            public long millis() throws IOException {
                return in.readLongLE(what);
            }
        }, type);
    }
}
