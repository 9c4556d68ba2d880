package io.redraft.testkit.sim;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/** The replicated key-value map each simulated node applies committed writes to. */
final class KvStateMachine {
    private final TreeMap<String, String> data = new TreeMap<>();
    private long applied;

    long applied() {
        return applied;
    }

    String get(String key) {
        return data.get(key);
    }

    void apply(long index, KvCommand cmd) {
        switch (cmd.kind()) {
            case PUT -> data.put(cmd.key(), cmd.value());
            case APPEND -> data.merge(cmd.key(), cmd.value(), String::concat);
            case GET -> throw new IllegalArgumentException("reads are not replicated");
            case INCR -> throw new IllegalArgumentException("the simulated clients send no INCR");
            case CAS -> throw new IllegalArgumentException("the simulated clients send no CAS");
        }
        advance(index);
    }

    /** Records that entries up to {@code index} (no-ops, membership changes) have been applied. */
    void advance(long index) {
        if (index != applied + 1) throw new IllegalStateException("applying " + index + " after " + applied);
        applied = index;
    }

    byte[] snapshot() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(applied);
            out.writeInt(data.size());
            for (Map.Entry<String, String> e : data.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeUTF(e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    void restore(byte[] snapshot) {
        data.clear();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
            applied = in.readLong();
            int n = in.readInt();
            for (int i = 0; i < n; i++) data.put(in.readUTF(), in.readUTF());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
