package io.redraft.testkit.faults;

import io.redraft.testkit.cluster.LocalCluster;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisMovedDataException;

/**
 * One client's connection to the cluster: follows MOVED, moves to another node when its node is
 * gone, and decides from an error whether the request certainly did not happen ({@link Fate#FAIL})
 * or may have ({@link Fate#INFO}).
 */
final class ClusterClient implements AutoCloseable {
    enum Fate { FAIL, INFO }

    /** Short enough that a paused leader costs a client a second or two, not the whole run. */
    static final int SOCKET_TIMEOUT_MS = 1500;

    private final LocalCluster cluster;
    private String host;
    private int port;
    private int rotation;
    private Jedis jedis;

    ClusterClient(LocalCluster cluster, int startIndex) {
        this.cluster = cluster;
        this.rotation = startIndex;
        this.host = cluster.nodes().get(startIndex % cluster.size()).host();
        this.port = cluster.nodes().get(startIndex % cluster.size()).port();
    }

    Jedis jedis() {
        if (jedis == null) jedis = new Jedis(host, port, SOCKET_TIMEOUT_MS);
        return jedis;
    }

    /**
     * Classifies a failed request and repositions: a redirect or a refusal before proposing
     * (MOVED, NOCLUSTER, EXECABORT) is a definite failure; a timeout, a dropped connection,
     * -TIMEOUT or -CLUSTERDOWN leave the outcome open.
     */
    Fate failed(RuntimeException e) {
        drop();
        if (e instanceof JedisMovedDataException moved) {
            port = moved.getTargetNode().getPort();
            host = moved.getTargetNode().getHost();
            return Fate.FAIL;
        }
        nextNode();
        // Back off a little so that a cluster without a leader is not flooded with retries.
        LockSupport.parkNanos(20_000_000L);
        if (e instanceof JedisDataException && !(e instanceof JedisConnectionException)) {
            String m = String.valueOf(e.getMessage());
            for (String definite : List.of("MOVED", "NOCLUSTER", "EXECABORT", "WRONGTYPE", "ERR unknown", "ERR wrong")) {
                if (m.startsWith(definite)) return Fate.FAIL;
            }
        }
        return Fate.INFO;
    }

    /** Whether a session error says the request's client session is gone (never a reason to retry with it). */
    static boolean sessionLost(RuntimeException e) {
        return e instanceof JedisDataException && !(e instanceof JedisConnectionException)
                && String.valueOf(e.getMessage()).startsWith("ERR session");
    }

    private void nextNode() {
        List<io.redraft.testkit.cluster.NodeProcess> nodes = cluster.nodes();
        var next = nodes.get(++rotation % nodes.size());
        host = next.host();
        port = next.port();
    }

    private void drop() {
        if (jedis != null) {
            try {
                jedis.close();
            } catch (RuntimeException ignored) {
                // the connection is being dropped anyway
            }
            jedis = null;
        }
    }

    @Override
    public void close() {
        drop();
    }
}
