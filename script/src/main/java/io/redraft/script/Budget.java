package io.redraft.script;

import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.DebugLib;

/**
 * Counts the VM instructions a script executes and stops it past its budget. LuaJ calls its
 * debug library on every instruction; this one keeps no call stack (scripts get no debug
 * library), so it only counts. An instruction count is the same on every replica, which a
 * wall-clock limit is not.
 */
final class Budget extends DebugLib {
    /** Raised on every instruction once the budget is spent, so pcall cannot swallow it for long. */
    static class Exhausted extends LuaError {
        Exhausted() {
            super("Script exceeded its instruction budget");
        }

        Exhausted(String message) {
            super(message);
        }
    }

    /** SCRIPT KILL / FUNCTION KILL stopped the script; pcall cannot catch it either. */
    static final class Killed extends Exhausted {
        Killed() {
            super("Script killed by user with SCRIPT KILL...");
        }
    }

    private final ScriptActivity activity;
    private long busyAt = Long.MAX_VALUE;
    private boolean function;
    private ScriptActivity.Busy busy;

    Budget(ScriptActivity activity) {
        this.activity = activity;
    }

    private LuajEngine.Run run;
    private long limit;
    private long executed;
    /** The Lua functions running, innermost last, and the instruction each is at. */
    private LuaClosure[] frames = new LuaClosure[16];
    private int[] pcs = new int[16];
    private int depth;
    /** The line the last function to return was at: where a tail call's error comes from. */
    private int lastLine = -1;
    private String lastSource;
    /** Lua functions entered so far in this run. */
    private long entered;

    void start(LuajEngine.Run run, long limit) {
        start(run, limit, Long.MAX_VALUE, false);
    }

    /** {@code busyAt}: the instruction at which the script turns busy for other clients; {@code function}: FCALL. */
    void start(LuajEngine.Run run, long limit, long busyAt, boolean function) {
        this.busyAt = busyAt;
        this.function = function;
        this.busy = null;
        this.run = run;
        this.limit = limit <= 0 ? Long.MAX_VALUE : limit;
        this.executed = 0;
        this.depth = 0;
        this.lastLine = -1;
    }

    /** The script line running now, or of the last function that returned; -1 if unknown. */
    int currentLine() {
        return depth > 0 ? line(frames[depth - 1], pcs[depth - 1]) : lastLine;
    }

    private static int line(LuaClosure c, int pc) {
        int[] info = c.p.lineinfo;
        return info != null && pc >= 0 && pc < info.length ? info[pc] : -1;
    }

    void stop() {
        run = null;
        if (busy != null) {
            busy = null;
            activity.ended();
        }
    }

    long entered() {
        return entered;
    }

    /** "@user_script:3" for the function that returned last, or null. */
    String lastPosition() {
        return lastSource == null || lastLine < 0 ? null : lastSource + ":" + lastLine;
    }

    long executed() {
        return executed;
    }

    @Override
    public void onInstruction(int pc, Varargs v, int top) {
        if (depth > 0) {
            pcs[depth - 1] = pc;
        }
        if (++executed > limit && run != null) {
            run.killed = true;
            throw new Exhausted();
        }
        if (executed == busyAt && run != null) {
            busy = activity.becameBusy(function, run.host != null && run.host.readOnly(), run.host);
        }
        if ((executed & 1023) == 0 && busy != null && busy.killRequested) {
            run.killed = true;
            run.byUser = true;
            throw new Killed();
        }
    }

    @Override
    public void onCall(LuaFunction f) {
    }

    @Override
    public void onCall(LuaClosure c, Varargs varargs, LuaValue[] stack) {
        if (depth == frames.length) {
            frames = java.util.Arrays.copyOf(frames, depth * 2);
            pcs = java.util.Arrays.copyOf(pcs, depth * 2);
        }
        frames[depth] = c;
        pcs[depth++] = 0;
        entered++;
    }

    @Override
    public void onReturn() {
        if (depth > 0) {
            depth--;
            lastLine = line(frames[depth], pcs[depth]);
            lastSource = frames[depth].p.source == null ? null : frames[depth].p.source.tojstring();
            frames[depth] = null;
        }
    }

    @Override
    public String traceback(int level) {
        return "";
    }
}
