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
    static final class Exhausted extends LuaError {
        Exhausted() {
            super("Script exceeded its instruction budget");
        }
    }

    private LuajEngine.Run run;
    private long limit;
    private long executed;

    void start(LuajEngine.Run run, long limit) {
        this.run = run;
        this.limit = limit <= 0 ? Long.MAX_VALUE : limit;
        this.executed = 0;
    }

    void stop() {
        run = null;
    }

    long executed() {
        return executed;
    }

    @Override
    public void onInstruction(int pc, Varargs v, int top) {
        if (++executed > limit && run != null) {
            run.killed = true;
            throw new Exhausted();
        }
    }

    @Override
    public void onCall(LuaFunction f) {
    }

    @Override
    public void onCall(LuaClosure c, Varargs varargs, LuaValue[] stack) {
    }

    @Override
    public void onReturn() {
    }

    @Override
    public String traceback(int level) {
        return "";
    }
}
