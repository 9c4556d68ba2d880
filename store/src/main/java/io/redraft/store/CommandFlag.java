package io.redraft.store;

/** Redis 7 command flags that matter to the server (read path vs log path, OOM, scripts). */
public enum CommandFlag {
    WRITE, READONLY, DENYOOM, FAST, ADMIN, NOSCRIPT, LOADING, STALE,
    /** Reply may differ between runs on equal data (Redis's nondeterministic_output). */
    RANDOM,
    /** Key positions depend on arguments (numkeys); use {@link CommandSpec#keyPositions}. */
    MOVABLEKEYS,
    /** Only the server may issue it (e.g. the expiry sweep); reject it from clients. */
    INTERNAL
}
