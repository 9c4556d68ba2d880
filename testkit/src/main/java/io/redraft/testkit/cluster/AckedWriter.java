package io.redraft.testkit.cluster;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisMovedDataException;

/**
 * A client thread writing {@code SET k<i> <i>} for i = 0, 1, 2, ... against whichever node it
 * believes leads, following MOVED and trying the other nodes when its node is gone. It records
 * exactly the writes that were acknowledged with OK; a write whose reply was lost is retried under a
 * new i, so an acknowledged key always holds its own number.
 */
public final class AckedWriter implements AutoCloseable {
    private final LocalCluster cluster;
    private final Thread thread;
    private final Map<Integer, Integer> acknowledged = new ConcurrentSkipListMap<>();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicLong failures = new AtomicLong();
    private volatile String lastError = "none";
    private volatile boolean stopping;
    private volatile int port;
    private volatile String host;

    public AckedWriter(LocalCluster cluster, int startNode) {
        this.cluster = cluster;
        this.port = cluster.node(startNode).port();
        this.host = cluster.node(startNode).host();
        this.thread = new Thread(this::run, "cluster-writer");
        thread.setDaemon(true);
    }

    public AckedWriter start() {
        thread.start();
        return this;
    }

    private void run() {
        Jedis jedis = null;
        int tried = 0;
        while (!stopping) {
            try {
                if (jedis == null) jedis = ClusterSecurity.appJedis(host, port, 2000);
                int i = next.getAndIncrement();
                String reply = jedis.set("k" + i, Integer.toString(i));
                if ("OK".equals(reply)) acknowledged.put(i, i);
                tried = 0;
            } catch (JedisMovedDataException moved) {
                port = moved.getTargetNode().getPort();
                host = moved.getTargetNode().getHost();
                jedis = closeQuietly(jedis);
            } catch (JedisConnectionException | JedisDataException e) {
                // Node down, reply timed out, no leader yet, entry not committed: the write's fate is
                // unknown or it failed; either way it is not acknowledged. Move on to another node.
                failures.incrementAndGet();
                lastError = e.toString();
                jedis = closeQuietly(jedis);
                var nodes = cluster.nodes();
                NodeProcess next = nodes.get(tried++ % nodes.size());
                port = next.port();
                host = next.host();
                // Back off a little so that a cluster without a leader is not flooded with retries.
                java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
            }
        }
        closeQuietly(jedis);
    }

    private static Jedis closeQuietly(Jedis j) {
        if (j != null) {
            try {
                j.close();
            } catch (RuntimeException ignored) {
                // the connection is being dropped anyway
            }
        }
        return null;
    }

    public int acknowledgedCount() {
        return acknowledged.size();
    }

    /** i -> the value acknowledged for k<i> (always i). */
    public Map<Integer, Integer> acknowledged() {
        return Map.copyOf(acknowledged);
    }

    /** Writes that failed or whose outcome is unknown (not counted as acknowledged). */
    public long failures() {
        return failures.get();
    }

    public String lastError() {
        return lastError;
    }

    @Override
    public void close() throws InterruptedException {
        stopping = true;
        thread.join(10_000);
        if (thread.isAlive()) throw new AssertionError("writer did not stop");
    }
}
