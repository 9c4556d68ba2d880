package io.redraft.script;

import io.redraft.resp.ByteArrayOutput;
import io.redraft.resp.RespWriter;
import io.redraft.store.ExecContext;
import io.redraft.store.Store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A store with scripting, driven with a settable clock and seed; replies as RESP text. */
final class LocalStore {
    final Scripting scripting;
    final Store store;
    long now = 1_700_000_000_000L;
    long seed = 42;
    int protocol = 2;

    LocalStore(Scripting scripting) {
        this.scripting = scripting;
        this.store = new Store(scripting);
    }

    LocalStore() {
        this(new Scripting());
    }

    String run(String... args) {
        List<byte[]> argv = new ArrayList<>();
        for (String a : args) {
            argv.add(a.getBytes(StandardCharsets.ISO_8859_1));
        }
        return run(argv);
    }

    String run(List<byte[]> argv) {
        ByteArrayOutput out = new ByteArrayOutput();
        store.execute(argv, new ExecContext(now, seed, protocol), new RespWriter(out, protocol));
        return new String(out.toByteArray(), StandardCharsets.ISO_8859_1);
    }

    String eval(String script, String... keysThenArgs) {
        return eval(script, 0, keysThenArgs);
    }

    String eval(String script, int numkeys, String... keysThenArgs) {
        List<String> a = new ArrayList<>(List.of("EVAL", script, Integer.toString(numkeys)));
        a.addAll(List.of(keysThenArgs));
        return run(a.toArray(new String[0]));
    }
}
