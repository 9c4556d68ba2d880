package io.redraft.store;

import io.redraft.resp.ByteArrayOutput;
import io.redraft.resp.RespWriter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Runs commands on a {@link Store} with a settable clock and seed; replies as RESP text. */
final class TestClient {
    final Store store;
    long now = 1_700_000_000_000L;
    long seed = 42;
    int protocol = 2;

    TestClient(Store store) {
        this.store = store;
    }

    TestClient() {
        this(new Store());
    }

    String run(String... args) {
        List<byte[]> argv = new ArrayList<>();
        for (String a : args) {
            argv.add(a.getBytes(StandardCharsets.UTF_8));
        }
        ByteArrayOutput out = new ByteArrayOutput();
        store.execute(argv, new ExecContext(now, seed, protocol), new RespWriter(out, protocol));
        return out.toString();
    }

    /** The bulk/status/integer payload of a simple reply. */
    String value(String... args) {
        String r = run(args);
        if (r.startsWith("$-1")) {
            return null;
        }
        if (r.startsWith("$")) {
            return r.substring(r.indexOf("\r\n") + 2, r.length() - 2);
        }
        return r.substring(1, r.length() - 2);
    }
}
