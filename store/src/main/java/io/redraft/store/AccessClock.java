package io.redraft.store;

/**
 * Redis's LRU clock for OBJECT IDLETIME: seconds, 24 bits, wrapping every 194 days, stamped in
 * the low bits of a value's header word. {@link Store#execute} sets it from each command's
 * {@code now}, so a write stamps the same time on every replica; reads stamp only the node that
 * serves them, which is what OBJECT IDLETIME reports there (the node's own view, as each Redis
 * replica has its own).
 */
public final class AccessClock {
    /** The clock of the command being run. */
    private int now = RedisObject.LRU_UNSET;
    /** The clock when values without a stamp (loaded from a snapshot) arrived: their idle time counts from it. */
    private int loaded = RedisObject.LRU_UNSET;

    public void set(long nowMillis) {
        now = (int) ((nowMillis / 1000) & RedisObject.LRU_CLOCK_MAX);
        if (loaded == RedisObject.LRU_UNSET) {
            loaded = now;
        }
    }

    /** Unstamped values arrived now: count their idle time from the next command. */
    void restartLoaded() {
        loaded = RedisObject.LRU_UNSET;
    }

    void stamp(RedisObject o) {
        o.setLru(now);
    }

    /** Seconds since the value was last accessed (Redis's estimateObjectIdleTime / 1000). */
    public long idleSeconds(RedisObject o) {
        int lru = o.lru() == RedisObject.LRU_UNSET ? loaded : o.lru();
        if (lru == RedisObject.LRU_UNSET || now == RedisObject.LRU_UNSET) {
            return 0;
        }
        return now >= lru ? now - lru : now + (RedisObject.LRU_CLOCK_MAX - lru);
    }

    /**
     * RESTORE ... IDLETIME: the access time {@code idle} seconds back on the wrapping 24-bit
     * clock. An idle time larger than the clock's value wraps modulo 2^24, which is what
     * redis-server 7.0.15 answers afterwards (IdleTimeDiffTest), rather than the "half a cycle
     * back" its objectSetLRUOrLFU comment describes.
     */
    public void setIdleSeconds(RedisObject o, long idle) {
        o.setLru((int) ((now - idle) & RedisObject.LRU_CLOCK_MAX));
    }
}
