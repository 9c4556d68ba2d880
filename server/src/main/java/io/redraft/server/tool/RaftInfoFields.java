package io.redraft.server.tool;

import java.util.HashMap;
import java.util.Map;

/** A node's {@code INFO raft} as name/value pairs. */
record RaftInfoFields(Map<String, String> fields) {
    static RaftInfoFields read(RespConnection c) throws AdminException {
        Map<String, String> m = new HashMap<>();
        for (String line : c.text("INFO", "raft").split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) m.put(line.substring(0, colon), line.substring(colon + 1));
        }
        return new RaftInfoFields(m);
    }

    String get(String name) {
        return fields.getOrDefault(name, "");
    }

    long number(String name) {
        try {
            return Long.parseLong(get(name));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
