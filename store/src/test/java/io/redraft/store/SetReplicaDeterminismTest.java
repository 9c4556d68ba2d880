package io.redraft.store;

import io.redraft.resp.ByteArrayOutput;
import io.redraft.resp.RespWriter;
import io.redraft.store.rdb.RdbReader;
import io.redraft.store.rdb.RdbWriter;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replies list intsets in ascending order, but SPOP and SRANDMEMBER pick from the internal
 * order, which a snapshot preserves: a replica restored from the leader's RDB snapshot, where a
 * set can come back with another encoding (a hashtable of integers that shrank loads as an
 * intset, as in Redis), pops and picks exactly what the leader does and stays identical.
 */
class SetReplicaDeterminismTest {
    private static String run(Store s, long seed, String... args) {
        List<byte[]> argv = new ArrayList<>();
        for (String a : args) {
            argv.add(a.getBytes(StandardCharsets.ISO_8859_1));
        }
        ByteArrayOutput out = new ByteArrayOutput();
        s.execute(argv, new ExecContext(1_000_000L, seed, 2), new RespWriter(out, 2));
        return new String(out.toByteArray(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void picksMatchOnAReplicaRestoredFromASnapshot() throws Exception {
        Store leader = new Store();
        SplittableRandom r = new SplittableRandom(42);
        for (int i = 0; i < 700; i++) { // past 512 members: a hashtable
            run(leader, 0, "SADD", "big", Integer.toString(r.nextInt(100_000)));
        }
        for (int i = 0; i < 650; i++) {
            run(leader, i, "SPOP", "big");
        }
        run(leader, 0, "SADD", "small", "9", "3", "7", "1", "5");
        run(leader, 0, "SREM", "small", "3");
        run(leader, 0, "SADD", "small", "4", "2");
        run(leader, 0, "SADD", "mixed", "b", "2", "a", "1");
        assertThat(run(leader, 0, "OBJECT", "ENCODING", "big")).isEqualTo("$9\r\nhashtable\r\n");

        ByteArrayOutputStream rdb = new ByteArrayOutputStream();
        RdbWriter.write(leader.openSnapshotView(), null, 0, rdb);
        leader.releaseSnapshotView();
        Store replica = new Store();
        replica.install(RdbReader.read(new ByteArrayInputStream(rdb.toByteArray()), "snapshot").keyspace());
        assertThat(run(replica, 0, "OBJECT", "ENCODING", "big")).isEqualTo("$6\r\nintset\r\n");
        assertThat(replica.digest()).isEqualTo(leader.digest());

        List<String[]> commands = List.of(
                new String[]{"SRANDMEMBER", "big"}, new String[]{"SRANDMEMBER", "big", "3"},
                new String[]{"SRANDMEMBER", "big", "-7"}, new String[]{"SRANDMEMBER", "big", "1000"},
                new String[]{"SPOP", "big"}, new String[]{"SPOP", "big", "4"},
                new String[]{"SINTERSTORE", "d1", "big", "small"}, new String[]{"SUNIONSTORE", "d2", "big", "small"},
                new String[]{"SDIFFSTORE", "d3", "big", "small"}, new String[]{"SPOP", "d2", "3"},
                new String[]{"SRANDMEMBER", "small", "2"}, new String[]{"SPOP", "small"},
                new String[]{"SRANDMEMBER", "mixed", "-3"}, new String[]{"SPOP", "mixed", "2"},
                new String[]{"SORT", "big", "BY", "nosort", "STORE", "d4"}, new String[]{"SPOP", "big", "100"});
        long seed = 7;
        for (String[] cmd : commands) {
            seed++;
            assertThat(run(replica, seed, cmd)).as(String.join(" ", cmd)).isEqualTo(run(leader, seed, cmd));
            assertThat(replica.digest()).as("after %s", String.join(" ", cmd)).isEqualTo(leader.digest());
        }
    }
}
