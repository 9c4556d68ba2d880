package io.redraft.store.diff;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OBJECT IDLETIME against redis-server: RESTORE IDLETIME sets it, reads and writes reset it,
 * TYPE/EXISTS/TTL/OBJECT do not (Redis's LOOKUP_NOTOUCH); OBJECT FREQ is the LFU error.
 */
class IdleTimeDiffTest {
    @RegisterExtension
    static final ReferenceRedis redis = new ReferenceRedis();

    private static List<byte[]> argv(String... a) {
        List<byte[]> out = new ArrayList<>();
        for (String s : a) {
            out.add(s.getBytes(StandardCharsets.ISO_8859_1));
        }
        return out;
    }

    @Test
    void idleTimeFollowsRedis() throws Exception {
        try (Harness h = new Harness(redis.port(), 1)) {
            h.random = false;
            for (int proto : new int[]{2, 3}) {
                h.run(argv("RESTORE", "it", "0", DumpGroup.VALID, "REPLACE", "IDLETIME", "1000"), proto);
                h.run(argv("OBJECT", "IDLETIME", "it"), proto);
                for (String[] notouch : new String[][]{{"TYPE", "it"}, {"EXISTS", "it"}, {"TTL", "it"},
                        {"PTTL", "it"}, {"OBJECT", "ENCODING", "it"}, {"OBJECT", "FREQ", "it"}, {"SCAN", "0", "TYPE", "string"}}) {
                    h.run(argv(notouch), proto);
                }
                h.run(argv("OBJECT", "IDLETIME", "it"), proto); // still ~1000
                h.run(argv("GET", "it"), proto);
                h.run(argv("OBJECT", "IDLETIME", "it"), proto); // ~0
                h.run(argv("RESTORE", "it", "0", DumpGroup.VALID, "REPLACE", "IDLETIME", "1000"), proto);
                h.run(argv("TOUCH", "it", "missing"), proto);
                h.run(argv("OBJECT", "IDLETIME", "it"), proto); // TOUCH stamps it: ~0
                h.run(argv("RESTORE", "it", "0", DumpGroup.VALID, "REPLACE", "IDLETIME", "99999999"), proto);
                h.run(argv("OBJECT", "IDLETIME", "it"), proto); // clock underflow: parked half a cycle back
                h.run(argv("EXPIRE", "it", "1000"), proto);
                h.run(argv("OBJECT", "IDLETIME", "it"), proto);
                h.run(argv("OBJECT", "IDLETIME", "missing"), proto);
            }
            assertThat(h.mismatches).isEmpty();
        }
    }
}
