package io.redraft.store;

import io.redraft.resp.Allocation;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.redraft.store.rdb.Crc64;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing of RESTORE's payload decoder through {@link Store#execute}: the input is
 * a payload body (type byte and value), sealed with an RDB version and a correct CRC64 so that the
 * fuzzer reaches the value decoders instead of the checksum (one input in eight keeps its own
 * trailer). Whatever the payload, RESTORE answers OK or an error, never an internal error; a value
 * it accepts can be read by its type's commands, DUMPed, and RESTOREd again.
 * Corpus: {@code DumpRestoreFuzzInputs} (bodies of real DUMP payloads of every encoding).
 */
class DumpRestoreFuzz {
    private static final String[][] READS = {
            {"TYPE"}, {"OBJECT", "ENCODING"}, {"STRLEN"}, {"GET"}, {"LRANGE", "0", "-1"}, {"LLEN"},
            {"SMEMBERS"}, {"SCARD"}, {"HGETALL"}, {"HLEN"}, {"ZRANGE", "0", "-1", "WITHSCORES"}, {"ZCARD"},
            {"PFCOUNT"}, {"SRANDMEMBER", "-5"}, {"HRANDFIELD", "-5", "WITHVALUES"}, {"ZRANDMEMBER", "-5", "WITHSCORES"},
    };

    @FuzzTest
    void restore(FuzzedDataProvider data) throws Exception {
        boolean raw = data.consumeInt(0, 7) == 0;
        int version = data.consumeBoolean() ? 10 : data.consumeInt(0, 12);
        int protocol = data.consumeBoolean() ? 2 : 3;
        byte[] body = data.consumeRemainingAsBytes();
        byte[] payload = raw ? body : seal(body, version);
        FuzzClient c = new FuzzClient(protocol);
        // RESTORE alone is bounded: a value is built from the bytes present, not from declared
        // counts or lengths (the rdb reader takes up to 1 MiB of a declared string length at once).
        Allocation.bounded(payload.length, 8 << 20, 512, () -> c.run("RESTORE", "k", "0", payload, "REPLACE"));
        if (!c.run("RESTORE", "k", "0", payload, "REPLACE").equals("+OK\r\n")) {
            return;
        }
        for (String[] read : READS) {
            Object[] cmd = new Object[read.length + 1];
            cmd[0] = read[0];
            cmd[1] = "k";
            System.arraycopy(read, 1, cmd, 2, read.length - 1);
            if (read[0].equals("OBJECT")) {
                cmd = new Object[] {"OBJECT", "ENCODING", "k"};
            }
            c.run(cmd);
        }
        byte[] dumped = c.bulk("DUMP", "k");
        if (dumped == null) {
            throw new AssertionError("DUMP of a restored key answered " + c.run("DUMP", "k").strip() + "; TYPE " + c.run("TYPE", "k").strip()
                    + ", EXISTS " + c.run("EXISTS", "k").strip() + "; the payload: " + java.util.HexFormat.of().formatHex(payload));
        }
        FuzzClient other = new FuzzClient(protocol);
        String again = other.run("RESTORE", "k", "0", dumped);
        if (!again.equals("+OK\r\n")) throw new AssertionError("RESTORE of our own DUMP answered " + again.strip());
        if (!other.store.digest().equals(c.store.digest())) throw new AssertionError("DUMP then RESTORE changed the value");
    }

    /** body + RDB version (2 bytes LE) + CRC64 of both (8 bytes LE), as DUMP seals a payload. */
    static byte[] seal(byte[] body, int version) {
        byte[] p = Arrays.copyOf(body, body.length + 10);
        p[body.length] = (byte) version;
        p[body.length + 1] = (byte) (version >>> 8);
        long crc = Crc64.of(Arrays.copyOf(p, body.length + 2));
        for (int i = 0; i < 8; i++) {
            p[body.length + 2 + i] = (byte) (crc >>> (8 * i));
        }
        return p;
    }
}
