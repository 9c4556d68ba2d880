package io.redraft.script;

import java.util.function.LongSupplier;

/**
 * The script running on a store, as other threads see it: whether it is past
 * {@code busy-reply-threshold} (other clients then get Redis's {@code -BUSY}), and SCRIPT KILL /
 * FUNCTION KILL from a connection's event loop while the store's thread runs it.
 *
 * <p>The threshold is counted in VM instructions ({@link #INSTRUCTIONS_PER_MS} per millisecond of
 * the setting), like the budget, so every replica turns busy at the same instruction of a script.
 *
 * <p>Which scripts a kill stops: only those that cannot write (EVAL_RO, EVALSHA_RO, FCALL_RO, a
 * {@code no-writes} shebang or function flag). They leave no trace in the dataset wherever they
 * stop, so stopping one on one node needs no agreement. A script that may write runs on every
 * replica from the log; each copy would be stopped at a different instruction, and the copies
 * that got further might have written, so the kill answers {@code -UNKILLABLE} (Redis's own text
 * once it has written) and the script runs to its end or its instruction budget, the same on
 * every replica (docs/scripting.md, "Runaway scripts").
 */
public final class ScriptActivity {
    /**
     * Instructions per millisecond of {@code busy-reply-threshold}: roughly what LuaJ runs on one
     * loaded core. A count, not a clock, so the point is the same on every replica.
     */
    public static final long INSTRUCTIONS_PER_MS = 10_000;

    static final String BUSY_EVAL = "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.";
    static final String BUSY_FUNCTION = "BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.";
    static final String NOTBUSY = "NOTBUSY No scripts in execution right now.";
    static final String UNKILLABLE_WROTE = "UNKILLABLE Sorry the script already executed write commands against the dataset. "
            + "You can either wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.";
    static final String UNKILLABLE_LOGGED = "UNKILLABLE The script may write and runs on every replica, which could not all "
            + "stop it at the same point. Wait for its end (or its instruction budget), or run such scripts read-only "
            + "(EVAL_RO, FCALL_RO, no-writes) to make them killable.";

    /** One script past its threshold: what a kill needs to know, and the flag it raises. */
    static final class Busy {
        final boolean function;
        final boolean readOnly;
        final ScriptHost host;
        volatile boolean killRequested;

        Busy(boolean function, boolean readOnly, ScriptHost host) {
            this.function = function;
            this.readOnly = readOnly;
            this.host = host;
        }
    }

    private volatile Busy busy;
    private volatile LongSupplier thresholdMillis = () -> 5000;
    private volatile Runnable onBusy = () -> { };

    /** Where {@code busy-reply-threshold} (milliseconds, 0 = never busy) is read at each script's start. */
    public void threshold(LongSupplier millis) {
        this.thresholdMillis = millis;
    }

    /**
     * Runs on the store's thread when a script turns busy, before other threads see it busy: the
     * server notes which connections have replies it holds, whose next requests must wait for them.
     */
    public void onBusy(Runnable r) {
        this.onBusy = r;
    }

    /** The instruction at which a script starting now turns busy; Long.MAX_VALUE for never. */
    long busyAt() {
        long ms = thresholdMillis.getAsLong();
        return ms <= 0 || ms > Long.MAX_VALUE / INSTRUCTIONS_PER_MS ? Long.MAX_VALUE : ms * INSTRUCTIONS_PER_MS;
    }

    /** Store's thread: the running script passed its threshold. */
    Busy becameBusy(boolean function, boolean readOnly, ScriptHost host) {
        onBusy.run();
        Busy b = new Busy(function, readOnly, host);
        busy = b;
        return b;
    }

    /** Store's thread: the script ended. */
    void ended() {
        busy = null;
    }

    /** Any thread: whether a script is past its threshold now. */
    public boolean busy() {
        return busy != null;
    }

    /** Any thread: the -BUSY text (without the leading '-') for a command refused now, or null when not busy. */
    public String busyError() {
        Busy b = busy;
        return b == null ? null : b.function ? BUSY_FUNCTION : BUSY_EVAL;
    }

    /**
     * Any thread: SCRIPT KILL ({@code function} false) or FUNCTION KILL. Returns the reply line
     * without its prefix character: {@code OK}, or an error (NOTBUSY, UNKILLABLE, BUSY for the
     * wrong kind); {@link #isError} tells which.
     */
    public String kill(boolean function) {
        Busy b = busy;
        if (b == null) return NOTBUSY;
        if (b.function != function) return b.function ? BUSY_FUNCTION : BUSY_EVAL;
        if (!b.readOnly) return b.host != null && b.host.wrote() ? UNKILLABLE_WROTE : UNKILLABLE_LOGGED;
        b.killRequested = true;
        return "OK";
    }

    public static boolean isError(String killReply) {
        return !killReply.equals("OK");
    }
}
