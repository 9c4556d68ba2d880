package io.redraft.store;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import io.redraft.store.notify.KeyspaceListener;
import io.redraft.store.notify.NotifyFlags;

/**
 * The keyspace (one database), indexed by hash slot. Each {@link Slot} has a hash map for
 * lookups and a key order by {@link Bytes#compareTo} (content hash, then bytes) for everything
 * observable, so iteration, SCAN cursors and random picks are the same on every replica and
 * after a snapshot restore, and one slot's keys can be counted, scanned or moved without
 * touching the others.
 *
 * <p>Expiry: a key whose expiry is at or before {@code now} is absent for every lookup. Reads
 * never delete (they may run outside the log); writes delete such a key when they meet it, and
 * {@link #sweepExpired} removes them in bulk when the server logs a sweep.
 */
public final class Keyspace {
    private final Slot[] slots = new Slot[HashSlot.SLOTS];
    private long size;
    private long volatileKeys;
    /** Volatile keys by expiry, for sweeps; the live keyspace's only (a snapshot view never sweeps). */
    private final ExpiryIndex expiries = new ExpiryIndex();
    /** Stamped on slot tables and values made or stored now. Starts at 1: 0 means "never stored". */
    private int epoch = 1;
    /**
     * The epoch of the open snapshot view, or 0 when none: a table or value stamped at or below
     * it is shared with the view and is copied before it changes (copy-on-write).
     */
    private int frozenEpoch;
    /** A snapshot view: read-only, so it cannot disturb the tables it shares with the live keyspace. */
    private boolean view;
    /** The running command's listener (see {@link Store#execute}), null when none. */
    private KeyspaceListener events;
    /** Stamps access times for OBJECT IDLETIME; see {@link AccessClock}. */
    private final AccessClock clock = new AccessClock();

    /** The access clock: {@link Store#execute} sets it per command; OBJECT IDLETIME and RESTORE read it. */
    public AccessClock clock() {
        return clock;
    }

    /** Set by {@link Store#execute} for the duration of one command. */
    void listen(KeyspaceListener listener) {
        this.events = listener;
    }

    /** Reports a keyspace event of class {@code type} (a {@link NotifyFlags} bit), if anyone listens. */
    public void notify(int type, String event, Bytes key) {
        if (events != null) {
            events.event(type, event, key);
        }
    }

    /** Redis's signalKeyAsReady: {@code key} now holds elements a blocked client may take. */
    public void signalReady(Bytes key) {
        if (events != null) {
            events.keyReady(key);
        }
    }

    /** Redis's lookupKeyRead miss: reports "keymiss" (commands that peek call it themselves). */
    public void notifyMiss(Bytes key) {
        notify(NotifyFlags.KEY_MISS, "keymiss", key);
    }

    private void touch(RedisObject o) {
        if (!view) { // a snapshot view is read on another thread: it never stamps shared values
            clock.stamp(o);
        }
    }

    /** For reads: never copies, never creates. */
    private Slot slotOf(Bytes key) {
        return slots[HashSlot.of(key.array())];
    }

    /** For changes: the slot's table, copied first if a snapshot view shares it. */
    private Slot slotForWrite(Bytes key, boolean create) {
        if (view) {
            throw new IllegalStateException("a snapshot view is read-only");
        }
        int s = HashSlot.of(key.array());
        Slot m = slots[s];
        if (m == null) {
            if (!create) {
                return null;
            }
            m = new Slot();
            m.epoch = epoch;
            slots[s] = m;
        } else if (m.epoch <= frozenEpoch) {
            m = m.copy();
            m.epoch = epoch;
            slots[s] = m;
        }
        return m;
    }

    /**
     * Opens a point-in-time view of the keyspace for a snapshot written on another thread: a new
     * read-only {@code Keyspace} over a copy of the 16384 slot references. From now on the first
     * change to a slot table or to a value that the view shares copies it (per table / per value,
     * like the pages of Redis's fork), so the view keeps exactly today's content while this
     * keyspace goes on changing. Only the live keyspace's thread calls this and {@link
     * #releaseView}; the view may be read from any one thread until then. One view at a time.
     */
    public Keyspace freeze() {
        if (frozenEpoch != 0) {
            throw new IllegalStateException("a snapshot view is already open");
        }
        Keyspace v = new Keyspace();
        System.arraycopy(slots, 0, v.slots, 0, slots.length);
        v.size = size;
        v.volatileKeys = volatileKeys;
        v.view = true;
        frozenEpoch = epoch;
        epoch++;
        return v;
    }

    /** The snapshot view is no longer read: stop copying (the preserved originals become garbage). */
    public void releaseView() {
        frozenEpoch = 0;
    }

    /** Whether a snapshot view is open. */
    public boolean hasOpenView() {
        return frozenEpoch != 0;
    }

    /** A value the caller is about to change, copied first if the snapshot view holds it. */
    private RedisObject own(Bytes key, RedisObject o) {
        if (o.epoch > frozenEpoch) {
            return o;
        }
        RedisObject c = o.copy();
        c.expireAt = o.expireAt;
        c.setLru(o.lru());
        c.epoch = epoch;
        slotForWrite(key, false).put(key, c);
        return c;
    }

    /**
     * Read lookup: null when absent or logically expired. Never changes content; stamps the
     * access time (Redis's lookupKeyRead).
     */
    public RedisObject get(Bytes key, long now) {
        RedisObject o = peek(key, now);
        if (o != null) {
            touch(o);
        } else if (events != null) {
            notifyMiss(key);
        }
        return o;
    }

    /** {@link #get} without stamping the access time (Redis's LOOKUP_NOTOUCH: TYPE, EXISTS, TTL, OBJECT). */
    public RedisObject peek(Bytes key, long now) {
        Slot m = slotOf(key);
        if (m == null) {
            return null;
        }
        RedisObject o = m.get(key);
        return o == null || o.isExpired(now) ? null : o;
    }

    /**
     * Write lookup: like {@link #get} but physically deletes an expired key it meets. The value
     * returned is the caller's to change: while a snapshot view is open it is a private copy
     * (commands must change values only through this method, never through {@link #get}).
     */
    public RedisObject getForWrite(Bytes key, long now) {
        Slot m = slotOf(key);
        if (m == null) {
            return null;
        }
        RedisObject o = m.get(key);
        if (o == null) {
            return null;
        }
        if (o.isExpired(now)) {
            remove(key);
            notify(NotifyFlags.EXPIRED, "expired", key);
            return null;
        }
        o = o.epoch <= frozenEpoch ? own(key, o) : o;
        clock.stamp(o);
        return o;
    }

    /** Typed read: null if absent, WRONGTYPE if another type. */
    public <T extends RedisObject> T get(Bytes key, long now, Class<T> type) {
        return checkType(get(key, now), type);
    }

    public <T extends RedisObject> T getForWrite(Bytes key, long now, Class<T> type) {
        return checkType(getForWrite(key, now), type);
    }

    private static <T extends RedisObject> T checkType(RedisObject o, Class<T> type) {
        if (o == null) {
            return null;
        }
        if (!type.isInstance(o)) {
            throw Errors.wrongType();
        }
        return type.cast(o);
    }

    /**
     * Stores {@code v} under {@code key}, replacing any value. The value keeps whatever expiry
     * it carries (a fresh value has none), as Redis's setKey without KEEPTTL.
     */
    public void put(Bytes key, RedisObject v) {
        Slot m = slotForWrite(key, true);
        if (v.epoch == 0) {
            v.epoch = epoch; // a value moved from another key (RENAME) keeps its epoch: the view may hold it
        }
        if (v.epoch > frozenEpoch) { // never stamp a value the snapshot view may be reading
            clock.stamp(v);
        }
        RedisObject old = m.put(key, v);
        if (old == null) {
            size++;
            notify(NotifyFlags.NEW, "new", key); // Redis's dbAdd
        } else if (old.expireAt != RedisObject.NO_EXPIRE) {
            volatileKeys--;
            m.volatileKeys--;
            expiries.remove(key, old.expireAt);
        }
        if (v.expireAt != RedisObject.NO_EXPIRE) {
            volatileKeys++;
            m.volatileKeys++;
            expiries.add(key, v.expireAt);
        }
        if (events != null && (v.type() == ValueType.LIST || v.type() == ValueType.ZSET)) {
            events.keyReady(key);
        }
    }

    /** Replaces the value but keeps the old one's expiry (KEEPTTL, INCR-style updates). */
    public void putKeepTtl(Bytes key, RedisObject v, RedisObject old) {
        v.expireAt = old == null ? RedisObject.NO_EXPIRE : old.expireAt;
        put(key, v);
    }

    public boolean remove(Bytes key) {
        Slot m = slotForWrite(key, false);
        if (m == null) {
            return false;
        }
        RedisObject old = m.remove(key);
        if (old == null) {
            return false;
        }
        size--;
        if (old.expireAt != RedisObject.NO_EXPIRE) {
            volatileKeys--;
            m.volatileKeys--;
            expiries.remove(key, old.expireAt);
        }
        return true;
    }

    /** Removes the key if its collection became empty (Redis deletes empty aggregates). */
    public void removeIfEmpty(Bytes key, RedisObject o) {
        if (o.isEmptyCollection()) {
            remove(key);
        }
    }

    /**
     * Sets (or with {@link RedisObject#NO_EXPIRE} clears) the expiry of the value stored under
     * {@code key}; counts of volatile keys (total and per slot) follow.
     */
    public void setExpire(Bytes key, RedisObject o, long at) {
        if (o.epoch <= frozenEpoch && slotOf(key) != null && slotOf(key).get(key) == o) {
            o = own(key, o); // the expiry is part of what the snapshot view must keep
        }
        int delta = 0;
        if (o.expireAt == RedisObject.NO_EXPIRE && at != RedisObject.NO_EXPIRE) {
            delta = 1;
        } else if (o.expireAt != RedisObject.NO_EXPIRE && at == RedisObject.NO_EXPIRE) {
            delta = -1;
        }
        volatileKeys += delta;
        slotForWrite(key, true).volatileKeys += delta;
        expiries.remove(key, o.expireAt);
        expiries.add(key, at);
        o.expireAt = at;
    }

    /** Keys physically present, including expired ones not yet swept (as Redis's DBSIZE). */
    public long size() {
        return size;
    }

    public long volatileKeys() {
        return volatileKeys;
    }

    public long slotSize(int slot) {
        Slot m = slots[slot];
        return m == null ? 0 : m.size();
    }

    public void clear() {
        if (view) {
            throw new IllegalStateException("a snapshot view is read-only");
        }
        java.util.Arrays.fill(slots, null);
        expiries.clear();
        size = 0;
        volatileKeys = 0;
    }

    /** Every stored entry (expired ones too) in deterministic order: for snapshots. */
    public void forEachEntry(BiConsumer<Bytes, RedisObject> action) {
        for (Slot m : slots) {
            if (m != null) {
                for (Bytes k : m.sortedKeys()) {
                    action.accept(k, m.get(k));
                }
            }
        }
    }

    /** Takes over another keyspace's content (snapshot restore). */
    void replaceWith(Keyspace other) {
        if (view) {
            throw new IllegalStateException("a snapshot view is read-only");
        }
        System.arraycopy(other.slots, 0, slots, 0, slots.length);
        clock.restartLoaded();
        size = other.size;
        volatileKeys = other.volatileKeys;
        expiries.clear();
        expiries.addAll(other.expiries);
    }

    /** Every live key in deterministic order (slot, then key order). */
    public void forEachLive(long now, Consumer<Bytes> action) {
        forEachEntry((k, v) -> {
            if (!v.isExpired(now)) {
                action.accept(k);
            }
        });
    }

    /**
     * One SCAN step. The cursor is {@code slot << 32 | position}, where position is the
     * unsigned scan order of the next key to visit; it is 0 when the iteration is complete.
     * Keys with equal scan order are returned in one batch, so a key present for the whole
     * iteration is returned at least once whatever is added or removed meanwhile.
     */
    public long scan(long cursor, long count, long now, Consumer<Bytes> action) {
        if (cursor < 0 || (cursor >>> 32) >= HashSlot.SLOTS) {
            return 0;
        }
        int slot = (int) (cursor >>> 32);
        long pos = cursor & 0xFFFFFFFFL;
        long visited = 0;
        while (slot < HashSlot.SLOTS) {
            Slot m = slots[slot];
            if (m != null && m.size() > 0) {
                long[] order = m.order();
                long lastOrder = -1;
                for (int i = m.firstAtOrAfter(pos); i < order.length; i++) {
                    long scanOrder = order[i] >>> 32;
                    if (visited >= count && scanOrder != lastOrder) {
                        return ((long) slot << 32) | scanOrder;
                    }
                    lastOrder = scanOrder;
                    visited++;
                    if (!m.valueAt(order[i]).isExpired(now)) {
                        action.accept(m.keyAt(order[i]));
                    }
                }
            }
            slot++;
            pos = 0;
            if (visited >= count) {
                return slot >= HashSlot.SLOTS ? 0 : (long) slot << 32;
            }
        }
        return 0;
    }

    /** A live key chosen with {@code rnd}, or null if there is none. */
    public Bytes randomKey(SplittableRandom rnd, long now) {
        if (size == 0) {
            return null;
        }
        for (int attempt = 0; attempt < 100; attempt++) {
            Bytes k = nth(rnd.nextLong(size));
            if (!peek(k, Long.MIN_VALUE).isExpired(now)) {
                return k;
            }
        }
        // Mostly expired: fall back to the first live key in order, still deterministic.
        List<Bytes> one = new ArrayList<>(1);
        scan(0, Long.MAX_VALUE, now, k -> {
            if (one.isEmpty()) {
                one.add(k);
            }
        });
        return one.isEmpty() ? null : one.get(0);
    }

    private Bytes nth(long n) {
        for (Slot m : slots) {
            if (m == null) {
                continue;
            }
            if (n < m.size()) {
                return m.keyAt(m.order()[(int) n]);
            }
            n -= m.size();
        }
        throw new IllegalStateException("size out of sync");
    }

    /**
     * Deletes up to {@code max} keys expired at {@code now}, earliest expiry first (then key
     * order), read from the expiry index: no keyspace scan. Returns 0 when no expired key
     * remains, else 1 (call again). {@code fromSlot} is accepted for EXPIRE-SWEEP's
     * compatibility and ignored: the index makes a position unnecessary. Deterministic, so the
     * server can log it as an ordinary entry.
     */
    public int sweepExpired(long now, int fromSlot, int max, Consumer<Bytes> deleted) {
        for (ExpiryIndex.Due d : expiries.due(now, max)) {
            Bytes k = d.key();
            RedisObject o = peek(k, Long.MIN_VALUE);
            if (o == null || o.expireAt != d.at()) {
                expiries.remove(k, d.at()); // out of step (a bug): never delete a key on a stale entry
                continue;
            }
            remove(k);
            notify(NotifyFlags.EXPIRED, "expired", k);
            deleted.accept(k);
        }
        return expiries.anyDue(now) ? 1 : 0;
    }

    /** Whether a key's expiry has passed at {@code now} (the leader then logs a sweep). */
    public boolean anyExpired(long now) {
        return expiries.anyDue(now);
    }

    /** Keys with an expiry according to the index (equals {@link #volatileKeys()}; for tests). */
    long indexedExpiries() {
        return expiries.size();
    }

    /**
     * A digest of every key, value and expiry, independent of insertion history: 40 hex chars,
     * all zeros for an empty keyspace (as Redis's DEBUG DIGEST). Expired-but-unswept keys count,
     * since they are still state every replica holds.
     */
    public String digest() {
        byte[] acc = new byte[20];
        boolean any = false;
        for (Slot m : slots) {
            if (m == null) {
                continue;
            }
            any |= m.size() > 0;
            m.forEach((k, v) -> { // XOR: order does not matter
                MessageDigest md = Digests.sha1();
                Digests.update(md, k.array());
                Digests.updateLong(md, v.type().ordinal());
                Digests.updateLong(md, v.expireAt);
                md.update(v.contentDigest());
                Digests.xorInto(acc, md.digest());
            });
        }
        return any ? Digests.hex(acc) : "0".repeat(40);
    }
}
