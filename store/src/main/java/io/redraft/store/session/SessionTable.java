package io.redraft.store.session;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Client sessions (Raft thesis §6.3): the replicated memory that lets a retried write return the
 * reply of its first execution instead of being applied twice. Part of the state machine, so it
 * changes only through applied log entries and is identical on every replica that applied the
 * same prefix; it travels in snapshots through {@link #encode} / {@link #decode}.
 *
 * <p>Sessions get their ids from {@link #register}, a counter in this table, so an id the table
 * no longer holds is known to be expired (below the counter) rather than new: a client whose
 * session was evicted gets an error, never a second execution.
 *
 * <p>Bounded: at most {@code maxSessions} sessions, the least recently used (in apply order, i.e.
 * the order of the leader's log) evicted first; at most {@code window} remembered replies per
 * session, the lowest sequence numbers dropped first. Anything dropped raises the session's floor,
 * and a sequence number below the floor is refused ({@link #TOO_OLD}) because the table can no
 * longer tell whether it was applied.
 */
public final class SessionTable {
    public static final int DEFAULT_MAX_SESSIONS = 4096;
    public static final int DEFAULT_WINDOW = 64;
    public static final String TOO_OLD = "ERR session sequence too old";
    public static final String EXPIRED = "ERR session expired";
    public static final String UNKNOWN = "ERR unknown session";
    private static final int VERSION = 1;

    /** What to do with a sequenced write. */
    public sealed interface Outcome {
        /** Not seen before: execute it, then {@link #remember} its reply. */
        record Fresh() implements Outcome {}

        /** Applied before: send these reply bytes again, do not execute. */
        record Remembered(byte[] reply) implements Outcome {}

        /** Neither executable nor answerable from memory: reply with this error line. */
        record Refused(String error) implements Outcome {}
    }

    private static final Outcome FRESH = new Outcome.Fresh();

    private static final class Session {
        long lastUsedMillis;
        /** Lowest sequence number the table can still judge; everything below is refused. */
        long floor = 1;
        final TreeMap<Long, byte[]> replies = new TreeMap<>();
    }

    private final int maxSessions;
    private final int window;
    private long nextId = 1;
    /** Access order: iteration starts at the least recently used session. */
    private final LinkedHashMap<Long, Session> sessions = new LinkedHashMap<>(16, 0.75f, true);

    public SessionTable() {
        this(DEFAULT_MAX_SESSIONS, DEFAULT_WINDOW);
    }

    public SessionTable(int maxSessions, int window) {
        if (maxSessions < 1 || window < 1) throw new IllegalArgumentException("limits must be positive");
        this.maxSessions = maxSessions;
        this.window = window;
    }

    /** Opens a session at the leader's logged time {@code nowMillis}; returns its id. */
    public long register(long nowMillis) {
        long id = nextId++;
        Session s = new Session();
        s.lastUsedMillis = nowMillis;
        sessions.put(id, s);
        while (sessions.size() > maxSessions) {
            var eldest = sessions.entrySet().iterator();
            eldest.next();
            eldest.remove();
        }
        return id;
    }

    /**
     * Judges write {@code seq} of session {@code id}, sent on a connection that began at
     * {@code ackBelow}: the client said then that it has every reply below that, so those are
     * forgotten (thesis §6.3: the client's lowest unanswered number lets the table discard).
     */
    public Outcome check(long id, long seq, long ackBelow, long nowMillis) {
        Session s = sessions.get(id);
        if (s == null) return new Outcome.Refused(id >= 1 && id < nextId ? EXPIRED : UNKNOWN);
        s.lastUsedMillis = Math.max(s.lastUsedMillis, nowMillis);
        if (ackBelow > s.floor) {
            s.floor = ackBelow;
            s.replies.headMap(ackBelow).clear();
        }
        byte[] reply = s.replies.get(seq);
        if (reply != null) return new Outcome.Remembered(reply.clone());
        if (seq < s.floor) return new Outcome.Refused(TOO_OLD);
        return FRESH;
    }

    /**
     * Records the reply of a write {@link #check} found fresh and that has now been executed. The
     * table keeps {@code reply} itself (no copy, this is on every sequenced write): the caller
     * must not change it afterwards.
     */
    public void remember(long id, long seq, byte[] reply) {
        Session s = sessions.get(id);
        if (s == null) throw new IllegalStateException("session " + id + " is not open");
        s.replies.put(seq, reply);
        while (s.replies.size() > window) {
            long dropped = s.replies.pollFirstEntry().getKey();
            s.floor = Math.max(s.floor, dropped + 1);
        }
    }

    public int size() {
        return sessions.size();
    }

    public boolean isEmpty() {
        return sessions.isEmpty() && nextId == 1;
    }

    /** The id the next {@link #register} hands out. */
    public long nextId() {
        return nextId;
    }

    /** The remembered sequence numbers of a session, lowest first; empty when it is not open. */
    public java.util.List<Long> remembered(long id) {
        Session s = sessions.get(id);
        return s == null ? java.util.List.of() : java.util.List.copyOf(s.replies.keySet());
    }

    /** Whether the table holds session {@code id} (does not count as a use). */
    public boolean contains(long id) {
        return sessions.containsKey(id);
    }

    /**
     * The whole table in LRU order, so that {@link #decode} rebuilds the same eviction order.
     * Empty when nothing was ever registered (the snapshot field stays empty). Format (big-endian):
     * version byte, next id (8), session count (4); per session id (8), last used (8), floor (8),
     * reply count (4), and per reply seq (8), length (4), bytes.
     */
    public byte[] encode() {
        if (isEmpty()) return new byte[0];
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeLong(nextId);
            out.writeInt(sessions.size());
            for (Map.Entry<Long, Session> e : sessions.entrySet()) {
                Session s = e.getValue();
                out.writeLong(e.getKey());
                out.writeLong(s.lastUsedMillis);
                out.writeLong(s.floor);
                out.writeInt(s.replies.size());
                for (Map.Entry<Long, byte[]> r : s.replies.entrySet()) {
                    out.writeLong(r.getKey());
                    out.writeInt(r.getValue().length);
                    out.write(r.getValue());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The table {@link #encode} wrote (an empty array gives an empty table). */
    public static SessionTable decode(byte[] data, int maxSessions, int window) {
        SessionTable t = new SessionTable(maxSessions, window);
        if (data.length == 0) return t;
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            int v = in.readUnsignedByte();
            if (v != VERSION) throw new IllegalArgumentException("unknown session table version " + v);
            t.nextId = in.readLong();
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                long id = in.readLong();
                Session s = new Session();
                s.lastUsedMillis = in.readLong();
                s.floor = in.readLong();
                int replies = in.readInt();
                for (int k = 0; k < replies; k++) {
                    long seq = in.readLong();
                    int len = in.readInt();
                    if (len < 0 || len > data.length) throw new IllegalArgumentException("bad reply length " + len);
                    byte[] reply = in.readNBytes(len);
                    if (reply.length != len) throw new IllegalArgumentException("session table cut short");
                    s.replies.put(seq, reply);
                }
                t.sessions.put(id, s);
            }
            if (in.read() != -1) throw new IllegalArgumentException("trailing bytes after the session table");
        } catch (IOException e) {
            throw new IllegalArgumentException("corrupt session table", e);
        }
        return t;
    }

    public static SessionTable decode(byte[] data) {
        return decode(data, DEFAULT_MAX_SESSIONS, DEFAULT_WINDOW);
    }
}
