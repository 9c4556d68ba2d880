package io.redraft.resp;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;

/**
 * Coverage-guided fuzzing of the RESP request decoder (multibulk and inline): whatever bytes a
 * client sends, in whatever chunks they arrive, the decoder answers commands or a
 * {@link ProtocolException}, never another exception, never hangs, and allocates in proportion to
 * the bytes received, not to the lengths they declare. Corpus: {@code RequestDecoderFuzzInputs}.
 * The input's last bytes pick the limits, AUTH state and chunk size; the rest is the stream.
 */
class RequestDecoderFuzz {
    /** Small limits too, so that the limit checks are reachable with short inputs. */
    private static final RequestLimits SMALL = new RequestLimits(64, 100, 300, 3, 20);

    @FuzzTest
    void decode(FuzzedDataProvider data) throws Exception {
        RequestLimits limits = data.consumeBoolean() ? SMALL : RequestLimits.REDIS_DEFAULTS;
        boolean auth = data.consumeBoolean();
        int chunk = data.consumeInt(1, 64);
        byte[] input = data.consumeRemainingAsBytes();
        // A bulk buffer starts at up to 16 KiB and the argument array at up to 1024 slots
        // whatever arrives; beyond that, memory must follow the bytes received.
        Allocation.bounded(input.length, 256 * 1024, 64, () -> decode(limits, auth, chunk, input));
    }

    private static void decode(RequestLimits limits, boolean auth, int chunk, byte[] input) {
        RequestDecoder decoder = new RequestDecoder(limits);
        decoder.authRequired(auth);
        ByteBuffer in = ByteBuffer.wrap(input);
        try {
            while (in.hasRemaining()) {
                ByteBuffer part = in.slice(in.position(), Math.min(chunk, in.remaining()));
                int size = part.remaining();
                while (part.hasRemaining()) {
                    byte[][] argv = decoder.next(part);
                    if (argv == null) {
                        if (part.hasRemaining()) throw new AssertionError("null before the input is consumed");
                        break;
                    }
                    if (argv.length == 0) throw new AssertionError("an empty command");
                    for (byte[] a : argv) if (a == null) throw new AssertionError("a missing argument");
                }
                in.position(in.position() + size);
                if (decoder.pendingBytes() > limits.queryBufferLimit() + limits.inlineMax() + 1) {
                    throw new AssertionError("holds " + decoder.pendingBytes() + " bytes, past the query buffer limit");
                }
            }
        } catch (ProtocolException e) {
            String line = e.errorLine();
            if (!line.startsWith("ERR ") || line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0) {
                throw new AssertionError("not a one-line error: " + line);
            }
        }
    }
}
