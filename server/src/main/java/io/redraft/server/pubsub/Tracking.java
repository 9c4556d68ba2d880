package io.redraft.server.pubsub;

import io.redraft.resp.ReplySink;
import io.redraft.server.command.Classification;
import io.redraft.server.command.KeyRef;
import io.redraft.server.node.ClientSession;
import io.redraft.server.node.NodeThread;
import io.redraft.store.Bytes;
import io.redraft.store.notify.KeyspaceListener;
import io.redraft.store.notify.NotifyFlags;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Client-side caching (Redis's tracking.c) for the clients of this node: the keys each tracking
 * client read here, and the invalidations for them when a write that changes them is applied
 * from the log on this node. Since every node applies every write, a client is invalidated by
 * the node it reads from, whichever node took the write.
 */
public final class Tracking implements KeyspaceListener {
    /** One client's CLIENT TRACKING state. */
    static final class State {
        long redirect;
        boolean bcast, optin, optout, noloop, caching, brokenRedirect;
        final TreeSet<Bytes> prefixes = new TreeSet<>(LEXICAL);
    }

    /** Redis's radix trees list keys in byte order; Bytes' own order is not that. */
    static final java.util.Comparator<Bytes> LEXICAL = (a, b) -> java.util.Arrays.compareUnsigned(a.array(), b.array());

    private static final byte[] INVALIDATE = "invalidate".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MESSAGE = "message".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CHANNEL = "__redis__:invalidate".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REDIR_BROKEN = "tracking-redir-broken".getBytes(StandardCharsets.US_ASCII);

    private final NodeThread node;
    private final PubSub pubsub;
    private final Map<ClientSession, State> clients = new HashMap<>();
    /** Default mode: key -> ids of the clients that read it since its last invalidation. */
    private final Map<Bytes, TreeSet<Long>> table = new java.util.LinkedHashMap<>(); // oldest first, for the bound
    /** BCAST mode: prefix -> its clients, and the keys changed under it (with who changed them) since the last broadcast. */
    private final TreeMap<Bytes, TreeSet<Long>> prefixClients = new TreeMap<>(LEXICAL);
    private final Map<Bytes, TreeMap<Bytes, Long>> pendingBroadcast = new HashMap<>();
    /** The client whose request is being applied (NOLOOP), and invalidations for it held until its reply is written. */
    private ClientSession current;
    private final java.util.LinkedHashSet<Bytes> heldForCurrent = new java.util.LinkedHashSet<>();
    /** Keys already invalidated by the request being applied (one command may report a key twice: new, then set). */
    private final java.util.HashSet<Bytes> invalidatedNow = new java.util.HashSet<>();

    Tracking(NodeThread node, PubSub pubsub) {
        this.node = node;
        this.pubsub = pubsub;
    }

    /**
     * {@code tracking-table-max-keys}: beyond it the oldest keys are invalidated early and
     * forgotten, as Redis bounds its table (0: no bound), so tracking cannot grow the heap
     * without limit.
     */
    private void bound() {
        long max = node.context().config.number("tracking-table-max-keys");
        if (max <= 0) return;
        var it = table.entrySet().iterator();
        while (table.size() > max && it.hasNext()) {
            var e = it.next();
            it.remove();
            for (Long id : e.getValue()) {
                ClientSession target = node.session(id);
                State st = target == null ? null : clients.get(target);
                if (st != null && !st.bcast) send(target, List.of(e.getKey()));
            }
        }
    }

    /** Whether any client tracks: only then do applied commands report the keys they change. */
    boolean active() {
        return !clients.isEmpty();
    }

    State state(ClientSession s) {
        return clients.get(s);
    }

    /** INFO's tracking_clients. */
    public int clientCount() {
        return clients.size();
    }

    /** INFO's tracking_total_keys. */
    public int keyCount() {
        return table.size();
    }

    void on(ClientSession s, long redirect, boolean bcast, boolean optin, boolean optout, boolean noloop, List<Bytes> prefixes) {
        State st = clients.computeIfAbsent(s, x -> new State());
        st.redirect = redirect;
        st.brokenRedirect = false;
        st.bcast = bcast;
        st.optin = optin;
        st.optout = optout;
        st.noloop = noloop;
        if (bcast) {
            List<Bytes> add = prefixes.isEmpty() ? List.of(Bytes.wrap(new byte[0])) : prefixes;
            for (Bytes p : add) {
                st.prefixes.add(p);
                prefixClients.computeIfAbsent(p, x -> new TreeSet<>()).add(s.id);
            }
        }
    }

    /** CLIENT TRACKING OFF, RESET or a disconnect; keys it read stay in the table and are skipped later, as in Redis. */
    public void off(ClientSession s) {
        State st = clients.remove(s);
        if (st == null) return;
        for (Bytes p : st.prefixes) {
            TreeSet<Long> ids = prefixClients.get(p);
            if (ids == null) continue;
            ids.remove(s.id);
            if (ids.isEmpty()) {
                prefixClients.remove(p);
                pendingBroadcast.remove(p);
            }
        }
    }

    /**
     * A request this node is about to run for {@code s}: a read-only command's keys are
     * remembered (default mode, as OPTIN/OPTOUT and CLIENT CACHING decide), and CLIENT CACHING's
     * flag lasts for this one command. Remembered now, before the read is served: a write
     * applied in between invalidates, and the entry stays while the client has requests in
     * flight, so the value it then reads is still covered (see {@link #invalidate}).
     */
    public void beforeCommand(ClientSession s, byte[][] argv, Classification c, boolean inMulti) {
        if (clients.isEmpty()) return; // the common case: one check per request
        State st = clients.get(s);
        if (st == null || !c.known()) return;
        boolean clientCommand = c.command().name().startsWith("client");
        if (!st.bcast && c.has("readonly") && !((st.optin && !st.caching) || (st.optout && st.caching))) {
            for (KeyRef k : c.keys()) {
                table.computeIfAbsent(Bytes.wrap(argv[k.pos()]), x -> new TreeSet<>()).add(s.id);
            }
            bound();
        }
        if (!clientCommand && !inMulti) st.caching = false;
    }

    /** Applying a request of {@code s} (null: a client of another node): NOLOOP and held invalidations refer to it. */
    public void applying(ClientSession s) {
        current = s;
    }

    /** The client whose request is being applied, if it is connected here. */
    ClientSession applyingFor() {
        return current;
    }

    /** The request's reply is written: invalidations for its own client follow it, as Redis 7 orders them. */
    public void applied() {
        ClientSession s = current;
        current = null;
        invalidatedNow.clear();
        if (s == null || heldForCurrent.isEmpty()) return;
        List<Bytes> keys = List.copyOf(heldForCurrent);
        heldForCurrent.clear();
        for (Bytes k : keys) send(s, List.of(k));
    }

    @Override
    public void event(int type, String event, Bytes key) {
        if (type == NotifyFlags.KEY_MISS) return;
        invalidate(key);
    }

    /** Redis's trackingInvalidateKey: a key changed. */
    private void invalidate(Bytes key) {
        if (!prefixClients.isEmpty()) rememberForBroadcast(key);
        TreeSet<Long> ids = table.get(key);
        if (ids == null || !invalidatedNow.add(key)) return;
        boolean keep = false;
        for (Long id : List.copyOf(ids)) {
            ClientSession target = node.session(id);
            State st = target == null ? null : clients.get(target);
            if (st == null || st.bcast) {
                ids.remove(id);
                continue;
            }
            if (target.inflight.get() > 0) keep = true; // a read of it may be on its way: keep watching
            else ids.remove(id);
            if (st.noloop && target == current) continue;
            if (target == current) heldForCurrent.add(key);
            else send(target, List.of(key));
        }
        if (!keep || ids.isEmpty()) table.remove(key);
    }

    private void rememberForBroadcast(Bytes key) {
        byte[] k = key.array();
        long writer = current == null ? 0 : current.id;
        for (Bytes p : prefixClients.keySet()) {
            if (!startsWith(k, p.array())) continue;
            pendingBroadcast.computeIfAbsent(p, x -> new TreeMap<>(LEXICAL)).put(key, writer);
        }
    }

    /**
     * BCAST clients get the keys changed under each of their prefixes as one message per prefix
     * (Redis sends them before it sleeps; here once the applied entries of a turn are done).
     */
    public void broadcast() {
        if (pendingBroadcast.isEmpty()) return;
        for (Map.Entry<Bytes, TreeMap<Bytes, Long>> e : pendingBroadcast.entrySet()) {
            TreeSet<Long> ids = prefixClients.get(e.getKey());
            if (ids == null) continue;
            for (Long id : ids) {
                ClientSession target = node.session(id);
                State st = target == null ? null : clients.get(target);
                if (st == null) continue;
                List<Bytes> keys = new ArrayList<>();
                for (Map.Entry<Bytes, Long> k : e.getValue().entrySet()) {
                    if (!st.noloop || k.getValue() != id) keys.add(k.getKey());
                }
                if (!keys.isEmpty()) send(target, keys);
            }
        }
        pendingBroadcast.clear();
    }

    /** FLUSHALL / FLUSHDB: every tracking client is told to drop everything (a null invalidation). */
    public void flushed() {
        for (ClientSession s : List.copyOf(clients.keySet())) send(s, null);
        table.clear();
    }

    /** Redis's sendTrackingMessage: to the client, or to its redirection; {@code keys} null for a flush. */
    private void send(ClientSession c, List<Bytes> keys) {
        State st = clients.get(c);
        if (st == null) return;
        ClientSession to = c;
        boolean redirected = false;
        if (st.redirect != 0) {
            to = node.session(st.redirect);
            if (to == null || to.isGone()) {
                st.brokenRedirect = true;
                if (c.protocol() > 2 && !c.isGone()) {
                    ReplySink out = node.sink(c);
                    out.pushHeader(2);
                    out.bulk(REDIR_BROKEN);
                    out.integer(st.redirect);
                }
                return;
            }
            redirected = true;
        }
        if (to.isGone()) return;
        ReplySink out;
        if (to.protocol() > 2) {
            out = node.sink(to);
            out.pushHeader(2);
            out.bulk(INVALIDATE);
        } else if (redirected && pubsub.subscribed(to)) {
            out = node.sink(to);
            out.pushHeader(3);
            out.bulk(MESSAGE);
            out.bulk(CHANNEL);
        } else {
            return; // RESP2 without a redirection: nothing can carry it
        }
        if (keys == null) {
            out.nullBulk();
            return;
        }
        out.arrayHeader(keys.size());
        for (Bytes k : keys) out.bulk(k.array());
    }

    static boolean startsWith(byte[] k, byte[] p) {
        if (p.length > k.length) return false;
        for (int i = 0; i < p.length; i++) if (k[i] != p[i]) return false;
        return true;
    }
}
