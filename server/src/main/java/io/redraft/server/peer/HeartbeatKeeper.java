package io.redraft.server.peer;

import io.redraft.raft.RaftNode;
import io.redraft.server.config.ServerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a leader's followers hearing from it while its node thread is busy with one long command
 * (KEYS over millions of keys, a huge SUNIONSTORE): a single command on the leader must not cost the
 * cluster an election. Redis runs such a command to its end too; only here three nodes wait on it.
 *
 * <p>Its own thread, with its own connections, sends each follower an empty {@code RAFT.AE} of the
 * leader's term whenever the node thread has been in one turn for longer than the heartbeat interval.
 * It never touches the node's state: it reads what the node thread last published (cluster id, term,
 * members), and the message carries nothing a delayed heartbeat of that term could not (previous
 * entry 0, commit 0: it vouches for no entry and moves no commit index). Followers answer it on its
 * connection, where the answers are read and dropped, so the core never sees them. Each follower
 * resets its election timer (§5.2) as for any AppendEntries of its leader's term.
 *
 * <p>It gives up after ten election timeouts in one turn, so that a node thread stuck for good (a bug,
 * an endless loop) still lets the others elect a leader that can serve.
 */
public final class HeartbeatKeeper {
    private static final Logger log = LoggerFactory.getLogger(HeartbeatKeeper.class);

    /** What the node thread published while it led; null when it does not lead. */
    public record Leadership(String dbid, int selfId, long term, Map<Integer, String> followers, long heartbeatMillis,
                      long electionMillis, String user, String password) {
        /** What the keeper needs to speak for this leader while the node thread is busy. */
        public static Leadership of(RaftNode raft, String dbid, ServerConfig config) {
            Map<Integer, String> followers = new HashMap<>();
            for (var m : raft.config().members()) if (m.id() != raft.id()) followers.put(m.id(), m.address());
            return new Leadership(dbid, raft.id(), raft.term(), Map.copyOf(followers), config.requestTimeoutMs(),
                    config.electionTimeoutMs(), config.clusterUser(), config.clusterPassword());
        }
    }

    private final LongSupplier busyNanos;
    private final ScheduledExecutorService timer;
    private final Map<Integer, Socket> sockets = new HashMap<>();
    private volatile Leadership leadership;
    /** Heartbeats sent for busy turns (INFO raft_busy_heartbeats, not a RedisRaft field). */
    private volatile long sent;

    public long sent() { return sent; }
    private boolean gaveUp;
    private final java.util.concurrent.atomic.AtomicBoolean scheduled = new java.util.concurrent.atomic.AtomicBoolean();

    /** Wraps a connected socket in TLS when links to other nodes are encrypted (raft.tls-enabled). */
    @FunctionalInterface
    public interface LinkSecurity {
        LinkSecurity PLAIN = (s, host, port) -> s;

        Socket secure(Socket connected, String host, int port) throws IOException;
    }

    private final LinkSecurity security;

    /** {@code busyNanos}: how long the node thread has been in its current turn, 0 when idle. */
    public HeartbeatKeeper(LongSupplier busyNanos) {
        this(busyNanos, LinkSecurity.PLAIN);
    }

    public HeartbeatKeeper(LongSupplier busyNanos, LinkSecurity security) {
        this.busyNanos = busyNanos;
        this.security = security;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "heartbeat-keeper");
            t.setDaemon(true);
            return t;
        });
    }

    /** Node thread: what to send while busy; null when this node does not lead. */
    public void publish(Leadership l) {
        Leadership old = leadership;
        if (l == null ? old == null : l.equals(old)) return;
        leadership = l;
        if (l != null && scheduled.compareAndSet(false, true)) schedule(l.heartbeatMillis());
    }

    private void schedule(long periodMillis) {
        timer.schedule(this::check, Math.max(10, periodMillis / 2), TimeUnit.MILLISECONDS);
    }

    private void check() {
        Leadership l = leadership;
        if (l == null) {
            closeAll();
            scheduled.set(false);
            // publish schedules again when this node leads, unless it did just now, before the flag fell
            l = leadership;
            if (l == null || !scheduled.compareAndSet(false, true)) return;
        }
        try {
            long busy = busyNanos.getAsLong();
            if (busy < TimeUnit.MILLISECONDS.toNanos(l.heartbeatMillis())) {
                gaveUp = false;
                drainAll();
            } else if (busy > TimeUnit.MILLISECONDS.toNanos(10 * l.electionMillis())) {
                if (!gaveUp) {
                    log.warn("The node thread has been busy for {} ms: no more heartbeats for it, the followers may"
                            + " elect another leader", TimeUnit.NANOSECONDS.toMillis(busy));
                    gaveUp = true;
                }
            } else {
                for (var f : l.followers().entrySet()) beat(l, f.getKey(), f.getValue());
            }
        } catch (RuntimeException e) {
            log.warn("heartbeat keeper failed: {}", e.toString());
        }
        schedule(l.heartbeatMillis());
    }

    private void beat(Leadership l, int id, String address) {
        Socket s = sockets.get(id);
        try {
            if (s == null) {
                s = connect(l, address);
                sockets.put(id, s);
            }
            write(s, "RAFT.AE", Integer.toString(id), Integer.toString(l.selfId()),
                    l.selfId() + ":" + l.term() + ":0:0:0:0", "0");
            sent++;
            drain(s);
        } catch (IOException e) {
            close(id);
        }
    }

    private Socket connect(Leadership l, String address) throws IOException {
        int colon = address.lastIndexOf(':');
        String host = address.substring(0, colon);
        int port = Integer.parseInt(address.substring(colon + 1));
        Socket plain = new Socket();
        plain.setTcpNoDelay(true);
        plain.connect(new InetSocketAddress(host, port), (int) Math.max(100, l.heartbeatMillis()));
        Socket s;
        try {
            s = security.secure(plain, host, port);
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e instanceof IOException io ? io : new IOException(e);
        }
        write(s, "AUTH", l.user(), l.password());
        write(s, "RAFT.PEER", l.dbid(), Integer.toString(l.selfId()));
        return s;
    }

    private static void write(Socket s, String... argv) throws IOException {
        StringBuilder sb = new StringBuilder("*").append(argv.length).append("\r\n");
        for (String a : argv) {
            sb.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
        }
        OutputStream out = s.getOutputStream();
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The followers' answers are of no use here: read and drop them, so that no buffer fills. */
    private static void drain(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        int n = in.available();
        if (n > 0) in.skipNBytes(n);
    }

    private void drainAll() {
        for (Integer id : List.copyOf(sockets.keySet())) {
            try {
                drain(sockets.get(id));
            } catch (IOException e) {
                close(id);
            }
        }
    }

    private void close(int id) {
        Socket s = sockets.remove(id);
        if (s == null) return;
        try {
            s.close();
        } catch (IOException e) {
            // nothing to do: it is gone either way
        }
    }

    private void closeAll() {
        for (Integer id : List.copyOf(sockets.keySet())) close(id);
    }

    public void shutdown() {
        leadership = null;
        timer.execute(this::closeAll);
        timer.shutdown();
    }
}
