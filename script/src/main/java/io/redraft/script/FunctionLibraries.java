package io.redraft.script;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The FUNCTION libraries: replicated state like the script cache (FUNCTION LOAD is a log entry),
 * and, unlike it, part of Redis's RDB (its function records), which Redraft's snapshots carry too
 * (docs/scripting.md).
 */
final class FunctionLibraries {
    record Library(String name, byte[] code, List<ScriptEngine.Function> functions) {
    }

    private final Map<String, Library> libraries = new LinkedHashMap<>();
    private final Map<String, Library> byFunction = new LinkedHashMap<>();

    Library library(String name) {
        return libraries.get(name);
    }

    /** The library holding function {@code name}, or null. */
    Library owner(String function) {
        return byFunction.get(function);
    }

    ScriptEngine.Function function(String name) {
        Library lib = byFunction.get(name);
        if (lib == null) {
            return null;
        }
        for (ScriptEngine.Function f : lib.functions()) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        return null;
    }

    void put(Library lib) {
        remove(lib.name());
        libraries.put(lib.name(), lib);
        lib.functions().forEach(f -> byFunction.put(f.name(), lib));
    }

    boolean remove(String name) {
        Library old = libraries.remove(name);
        if (old == null) {
            return false;
        }
        old.functions().forEach(f -> byFunction.remove(f.name()));
        return true;
    }

    void clear() {
        libraries.clear();
        byFunction.clear();
    }

    Collection<Library> all() {
        return new ArrayList<>(libraries.values());
    }

    int functionCount() {
        return byFunction.size();
    }
}
