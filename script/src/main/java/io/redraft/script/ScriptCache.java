package io.redraft.script;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The scripts known by SHA-1 (SCRIPT LOAD, and every EVAL, as Redis 7 caches them too). It is
 * replicated state: SCRIPT LOAD and EVAL are log entries applied on every node, so EVALSHA
 * finds the script on whichever node leads next. Compiled forms are a local cache of it.
 */
final class ScriptCache {
    record Script(byte[] body, ScriptEngine.Compiled compiled, Shebang shebang) {
    }

    private final Map<String, Script> bySha = new LinkedHashMap<>();

    Script get(String sha) {
        return bySha.get(sha);
    }

    void put(String sha, Script s) {
        bySha.put(sha, s);
    }

    boolean contains(String sha) {
        return bySha.containsKey(sha);
    }

    void clear() {
        bySha.clear();
    }

    int size() {
        return bySha.size();
    }

    /** SHA-1 to body, in load order: what a snapshot carries (AUX redraft-scripts, docs/scripting.md). */
    Map<String, byte[]> bodies() {
        Map<String, byte[]> out = new LinkedHashMap<>();
        bySha.forEach((sha, s) -> out.put(sha, s.body()));
        return Collections.unmodifiableMap(out);
    }
}
