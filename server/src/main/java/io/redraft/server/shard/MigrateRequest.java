package io.redraft.server.shard;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code MIGRATE host port "" db timeout [COPY] [REPLACE] [AUTH pw | AUTH2 user pw] KEYS key...}
 * as RedisRaft accepts it (reference §9.5): host, port, db and timeout are ignored because the
 * target is the group IMPORTING the keys' slot; the credentials are used for the connection to it.
 */
public record MigrateRequest(List<byte[]> keys, boolean copy, boolean replace, String user, String password) {
    private static final int MAX_CREDENTIAL = 255;

    /** Parses {@code argv} (the whole command); throws with RedisRaft's reply text. */
    public static MigrateRequest parse(byte[][] argv) throws ShardGroupError {
        if (argv.length < 8) throw ShardGroupError.wrongArity();
        if (argv[3].length != 0) {
            throw new ShardGroupError("ERR RedisRaft doesn't support old style single key migration");
        }
        boolean copy = false;
        boolean replace = false;
        String user = "default";
        String password = "";
        int i = 6;
        for (; i < argv.length; i++) {
            String opt = text(argv[i]).toLowerCase(Locale.ROOT);
            switch (opt) {
                case "copy" -> copy = true;
                case "replace" -> replace = true;
                case "auth" -> {
                    if (i + 1 >= argv.length) throw new ShardGroupError("ERR couldn't parse username/password");
                    password = credential(argv[++i], "password");
                }
                case "auth2" -> {
                    if (i + 2 >= argv.length) throw new ShardGroupError("ERR couldn't parse username/password");
                    user = credential(argv[++i], "username");
                    password = credential(argv[++i], "password");
                }
                case "keys" -> {
                    List<byte[]> keys = new ArrayList<>();
                    for (int k = i + 1; k < argv.length; k++) keys.add(argv[k]);
                    if (keys.isEmpty()) throw new ShardGroupError("ERR Didn't provide any keys to migrate");
                    return new MigrateRequest(keys, copy, replace, user, password);
                }
                default -> throw new ShardGroupError("ERR syntax error");
            }
        }
        throw new ShardGroupError("ERR Didn't provide any keys to migrate");
    }

    private static String credential(byte[] b, String what) throws ShardGroupError {
        if (b.length > MAX_CREDENTIAL) {
            throw new ShardGroupError("ERR " + what + " is too long: limited to 255 characters");
        }
        return text(b);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
