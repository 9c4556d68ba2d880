package io.redraft.testkit.sim;

import io.redraft.raft.RaftConfig;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The shape of one run, itself drawn from the seed so that the seeds of a sweep cover small and
 * large clusters, fast and slow disks, short and long client timeouts.
 *
 * @param nodes           voters at the start (1 to 7)
 * @param clients         concurrent clients
 * @param keys            keys the clients touch; few keys mean more contention per key
 * @param chaosMs         virtual time with faults and client load
 * @param calmMs          virtual time after healing, for in-flight ops to finish
 * @param clientTimeoutMs after this a client gives up on an op (it becomes indeterminate)
 * @param diskMinMs       fastest persistence
 * @param diskMaxMs       slowest persistence on a healthy disk
 * @param compactionBytes log bytes that trigger a snapshot; small, so snapshots happen often
 */
public record SimParams(int nodes, int clients, List<String> keys, long chaosMs, long calmMs, long clientTimeoutMs,
                        long diskMinMs, long diskMaxMs, long compactionBytes) {

    static SimParams random(SplittableRandom r) {
        int nodes = switch (r.nextInt(10)) {
            case 0 -> 1;
            case 1, 2 -> 3;
            case 3, 4, 5 -> 3 + r.nextInt(3);
            default -> 2 + r.nextInt(6);
        };
        int clients = 2 + r.nextInt(4);
        int keyCount = 1 + r.nextInt(3);
        List<String> keys = List.of("k0", "k1", "k2").subList(0, keyCount);
        long diskMin = r.nextInt(3);
        long diskMax = diskMin + 1 + r.nextInt(8);
        return new SimParams(nodes, clients, keys, 1500, 1500, 200 + r.nextInt(400), diskMin, diskMax,
                400 + r.nextInt(3000));
    }

    /** Raft timing in ticks of {@link Simulation#TICK_MS}: election after 100-200 ms, heartbeat every 20 ms. */
    RaftConfig raftConfig(int id) {
        return RaftConfig.defaults(id)
                .withTicks(10, 2)
                .withAppendLimits(2, 600)
                .withSnapshotLimits(4, 256)
                .withCompactionThreshold(compactionBytes);
    }
}
