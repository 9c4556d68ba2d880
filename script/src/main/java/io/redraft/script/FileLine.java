package io.redraft.script;

import org.luaj.vm2.LuaError;

import java.lang.reflect.Field;

/**
 * Where a LuaError was raised ("@user_script:3"), which LuaJ records in a protected field: the
 * innermost Lua function on the way out, i.e. the script line that called a failing redis.call,
 * as Redis reports it.
 */
final class FileLine {
    private static final Field FIELD;

    static {
        try {
            FIELD = LuaError.class.getDeclaredField("fileline");
            FIELD.setAccessible(true);
        } catch (NoSuchFieldException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private FileLine() {
    }

    static String of(LuaError e) {
        try {
            return (String) FIELD.get(e);
        } catch (IllegalAccessException ex) {
            return null;
        }
    }
}
