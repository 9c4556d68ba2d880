package io.redraft.server.snapshot;

import io.redraft.store.rdb.RdbContents;
import io.redraft.store.rdb.RdbReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Parses a snapshot while its chunks are still arriving: a thread of its own reads the temp file
 * up to the last byte the node thread has written and waits there for the next chunk. Parsing
 * after the last chunk took as long as the transfer itself (1 GB: 7-10 s of transfer, then 3-4 s
 * of parse, #24); overlapped, the install waits only for the parse's tail.
 *
 * <p>It is only a head start. Anything unusual (a chunk out of order, a parse error, a transfer
 * that stalls) stops it, and the install parses the finished file from the start as before, with
 * the whole-file CRC check that names damage precisely. Node-thread methods: {@link #grew},
 * {@link #complete}, {@link #stop}; the loader thread calls {@link #result}.
 */
final class StreamedParse {
    private final Input input;
    private final CompletableFuture<RdbContents> parsed = new CompletableFuture<>();
    /** Bytes handed to the parser so far; only chunks that continue it move it on. */
    private long end;
    private long lastGrowthNanos = System.nanoTime();

    private StreamedParse(Path file) throws IOException {
        this.input = new Input(FileChannel.open(file, StandardOpenOption.READ));
        Thread t = new Thread(() -> {
            try (input) {
                parsed.complete(RdbReader.read(input, file.toString()));
            } catch (Throwable e) {
                parsed.completeExceptionally(e);
            }
        }, "snapshot-stream-parse");
        t.setDaemon(true);
        t.start();
    }

    /** Starts parsing {@code file} as it is written; null if it cannot even be opened. */
    static StreamedParse start(Path file) {
        try {
            return new StreamedParse(file);
        } catch (IOException e) {
            return null;
        }
    }

    /** Node thread: the bytes [{@code offset}, {@code offset + length}) are now in the file. */
    void grew(long offset, int length) {
        if (offset != end) { // not the continuation: the parse cannot know what it is missing
            stop();
            return;
        }
        end += length;
        lastGrowthNanos = System.nanoTime();
        input.grew(end);
    }

    /** Node thread: the last chunk is in; reading past {@link #end} is the end of the file. */
    void complete() {
        input.complete();
    }

    /** Node thread: the transfer is dropped or restarts; the parser thread ends at its next read. */
    void stop() {
        input.abort();
    }

    /** Node thread: no chunk continued the file for {@code nanos}. */
    boolean idleFor(long nanos, long now) {
        return now - lastGrowthNanos > nanos;
    }

    /** Loader thread, after {@link #complete}: the parsed contents, or null if the parse did not make it. */
    RdbContents result() throws InterruptedException {
        try {
            return parsed.get();
        } catch (ExecutionException e) {
            return null;
        }
    }

    /** The file as far as it has been written: reads wait for more until it is complete or aborted. */
    private static final class Input extends InputStream {
        private final FileChannel ch;
        private long pos;
        private long written; // guarded by this
        private boolean complete; // guarded by this
        private boolean aborted; // guarded by this

        Input(FileChannel ch) {
            this.ch = ch;
        }

        synchronized void grew(long end) {
            written = end;
            notifyAll();
        }

        synchronized void complete() {
            complete = true;
            notifyAll();
        }

        synchronized void abort() {
            aborted = true;
            notifyAll();
        }

        /** Waits until bytes past {@code pos} are written; 0 at the end of a complete file. */
        private synchronized long readable() throws IOException {
            try {
                while (!aborted && !complete && written <= pos) wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            if (aborted) throw new IOException("the snapshot transfer was dropped");
            return written - pos;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            long avail = readable();
            if (avail <= 0) return -1;
            int n = ch.read(ByteBuffer.wrap(b, off, (int) Math.min(len, avail)), pos);
            if (n < 0) throw new IOException("the received file is shorter than what was written to it");
            pos += n;
            return n;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }
}
