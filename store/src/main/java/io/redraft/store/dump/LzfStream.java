package io.redraft.store.dump;

import io.redraft.store.rdb.Lzf;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * The rdb package's LZF compressor (liblzf 3.6 as built into Redis, so the same bytes) with its
 * output handed on as it is made ({@link Lzf.Compressor#compressTo}) instead of gathered in an
 * array of the input's size: a big string moving to another group in parts then costs a 64 kB
 * window, not a second copy of the string. A payload states the compressed length before the
 * compressed bytes, so a string is compressed twice: {@link #count} first, then {@link #write}.
 *
 * <p>Only the last bytes written can still change (the control byte of the literal run in
 * progress, at most 33 bytes back, and the run's reserved byte, taken back when a match follows
 * at once), so the window keeps the last 64 bytes when it passes the rest on.
 */
final class LzfStream {
    private static final int KEEP = 64;

    private final OutputStream sink; // null: count only
    private final byte[] window;
    private int start; // output position of window[0]

    private LzfStream(OutputStream sink) {
        this.sink = sink;
        this.window = sink == null ? null : new byte[1 << 16];
    }

    /** The compressed length if it is at most {@code maxOut} bytes, else -1 (Lzf.compress giving null). */
    static int count(byte[] in, int maxOut) throws IOException {
        return new LzfStream(null).run(in, maxOut);
    }

    /** Writes the compressed form of {@code in} (which {@link #count} said fits in {@code maxOut}). */
    static void write(byte[] in, int maxOut, OutputStream out) throws IOException {
        LzfStream z = new LzfStream(out);
        int end = z.run(in, maxOut);
        if (end < 0) {
            throw new IllegalStateException("LZF output did not fit twice alike");
        }
        out.write(z.window, 0, end - z.start);
    }

    private int run(byte[] in, int maxOut) throws IOException {
        try {
            return new Lzf.Compressor().compressTo(in, maxOut, this::set);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Sets output byte {@code at}, passing older bytes on when the window is full. */
    private void set(int at, int b) {
        if (sink == null) {
            return;
        }
        if (at - start >= window.length) {
            int pass = at - KEEP - start;
            try {
                sink.write(window, 0, pass);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            System.arraycopy(window, pass, window, 0, window.length - pass);
            start += pass;
        }
        window[at - start] = (byte) b;
    }
}
