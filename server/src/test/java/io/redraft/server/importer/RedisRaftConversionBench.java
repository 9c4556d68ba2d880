package io.redraft.server.importer;

import static io.redraft.server.importer.RedisRaftFiles.command;

import io.redraft.storage.StorageConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * How long a conversion takes: {@code -Dredraft.import.bench=true}. 200k string keys in the
 * snapshot and 50k SET entries in the log tail (docs/redisraft-import.md, "Figures").
 */
@EnabledIfSystemProperty(named = "redraft.import.bench", matches = "true")
class RedisRaftConversionBench {
    @TempDir
    Path dir;

    @Test
    void convert() throws Exception {
        String dbid = "0123456789abcdef0123456789abcdef";
        Map<String, String> keys = new HashMap<>();
        for (int i = 0; i < 200_000; i++) keys.put("key:" + i, "value-" + i + "-xxxxxxxxxxxxxxxxxxxx");
        Files.write(dir.resolve("dump.rdb"), RedisRaftFiles.rdb(dbid, 2, 10, List.of(new RedisRaftFiles.Node(1, true, "127.0.0.1", 5001)),
                List.of(1), keys, Map.of()));
        RedisRaftFiles.Log log = new RedisRaftFiles.Log(dbid, 1, 2, 10);
        for (int i = 0; i < 50_000; i++) log.entry(2, 0, command("SET", "tail:" + i, "v" + i));
        Files.write(dir.resolve("redisraft.db"), log.bytes());
        Files.write(dir.resolve("redisraft.db.meta"), RedisRaftFiles.meta(dbid, 1, 2, 1));
        long rdbBytes = Files.size(dir.resolve("dump.rdb"));
        long logBytes = Files.size(dir.resolve("redisraft.db"));
        for (int round = 0; round < 3; round++) {
            Path d = dir.resolve("r" + round);
            Files.createDirectories(d);
            for (String f : List.of("dump.rdb", "redisraft.db", "redisraft.db.meta")) Files.copy(dir.resolve(f), d.resolve(f));
            long t0 = System.nanoTime();
            RedisRaftConversion.convertIfPresent(StorageConfig.defaults(d), (index, term, cmds, tx) -> new byte[64], 0);
            System.out.printf("round %d: converted %d-byte RDB (200k keys) + %d-byte log (50k entries) in %d ms%n",
                    round, rdbBytes, logBytes, (System.nanoTime() - t0) / 1_000_000);
        }
    }
}
