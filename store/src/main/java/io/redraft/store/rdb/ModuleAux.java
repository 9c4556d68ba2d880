package io.redraft.store.rdb;

import java.util.List;

/**
 * One module AUX record (opcode 0xF7) as the file holds it: the module type id, its "when"
 * (before or after the keyspace), and the module's values in the order it saved them. Redraft
 * itself ignores module data; the RedisRaft importer reads RedisRaft's own metadata from here.
 *
 * @param moduleId 64-bit module type id: nine 6-bit characters of the type name, then a 10-bit
 *                 encoding version (Redis's {@code moduleTypeEncodeId})
 * @param when     the module's {@code REDISMODULE_AUX_BEFORE_RDB} (1) / {@code AFTER_RDB} (2)
 * @param values   {@code Long} (signed and unsigned integers, unsigned ones as their 64 bits),
 *                 {@code Float}, {@code Double} or {@code byte[]} (strings)
 * @param offset   file offset of the 0xF7 opcode, for error messages
 */
public record ModuleAux(long moduleId, long when, List<Object> values, long offset) {
    private static final String CHARSET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    public ModuleAux {
        values = List.copyOf(values);
    }

    /** The module type name, e.g. {@code redisraft}. */
    public String moduleName() {
        char[] c = new char[9];
        for (int j = 0; j < 9; j++) {
            c[j] = CHARSET.charAt((int) ((moduleId >>> (10 + 6 * (8 - j))) & 63));
        }
        return new String(c);
    }

    /** The module's encoding version of this data. */
    public int encodingVersion() {
        return (int) (moduleId & 1023);
    }

    /** The id Redis gives a module type {@code name} (9 characters) at encoding version {@code encver}. */
    public static long idOf(String name, int encver) {
        if (name.length() != 9) throw new IllegalArgumentException("module type names are 9 characters: " + name);
        long id = 0;
        for (int j = 0; j < 9; j++) {
            int p = CHARSET.indexOf(name.charAt(j));
            if (p < 0) throw new IllegalArgumentException("bad module type name " + name);
            id = (id << 6) | p;
        }
        return (id << 10) | (encver & 1023);
    }
}
