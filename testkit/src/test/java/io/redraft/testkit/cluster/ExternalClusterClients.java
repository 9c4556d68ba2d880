package io.redraft.testkit.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The non-Java cluster clients of ShardedClientsTest: {@code redis-cli -c} fed commands on stdin,
 * and redis-py's {@code RedisCluster} (Debian's python3-redis) running a small script.
 */
final class ExternalClusterClients {
    /** Debian's interpreter, where apt's python3-redis lives (a python3 earlier on PATH may lack it). */
    static final String PYTHON = "/usr/bin/python3";

    private ExternalClusterClients() {}

    /** Whether /usr/bin/python3 can import redis-py's cluster client. */
    static boolean redisPyAvailable() {
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import redis.cluster").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Sends every line of {@code commands} through one {@code redis-cli -c}; its replies, one per
     * line, without the "-> Redirected to slot ..." lines it prints when it follows a MOVED.
     */
    static List<String> redisCli(int port, List<String> commands) throws Exception {
        Path in = Files.createTempFile("redis-cli", ".in");
        try {
            Files.write(in, commands, StandardCharsets.UTF_8);
            String out = run(List.of("/usr/bin/redis-cli", "-c", "-h", "127.0.0.1", "-p", Integer.toString(port)), in);
            return out.isEmpty() ? List.of() : List.of(out.split("\n")).stream().filter(l -> !l.startsWith("-> Redirected to slot")).toList();
        } finally {
            Files.deleteIfExists(in);
        }
    }

    private static final String PY = """
            import sys
            from redis.cluster import RedisCluster, ClusterNode
            rc = RedisCluster(startup_nodes=[ClusterNode('127.0.0.1', int(sys.argv[1]))], decode_responses=True)
            mode = sys.argv[2]
            pairs = [line.rstrip('\\n').split(' ', 1) for line in sys.stdin if line.strip()]
            bad = 0
            for start in range(0, len(pairs), 500):
                batch = pairs[start:start + 500]
                pipe = rc.pipeline()
                for k, v in batch:
                    if mode == 'set':
                        pipe.set(k, v)
                    else:
                        pipe.get(k)
                for (k, v), r in zip(batch, pipe.execute()):
                    if (mode == 'set' and r is not True) or (mode == 'get' and r != v):
                        bad += 1
                        if bad <= 5:
                            print('mismatch', k, repr(v), repr(r))
            print('done', len(pairs), 'bad', bad)
            """;

    /**
     * redis-py sets ({@code mode} "set") or reads and compares ({@code "get"}) every key/value pair,
     * through pipelines that redis-py splits by node; returns its last line, {@code done N bad M}.
     */
    static String redisPy(int port, String mode, Map<String, String> pairs) throws Exception {
        Path script = Files.createTempFile("redis-py", ".py");
        Path in = Files.createTempFile("redis-py", ".in");
        try {
            Files.writeString(script, PY);
            List<String> lines = new ArrayList<>();
            pairs.forEach((k, v) -> lines.add(k + " " + v));
            Files.write(in, lines, StandardCharsets.UTF_8);
            String out = run(List.of(PYTHON, script.toString(), Integer.toString(port), mode), in);
            String[] all = out.split("\n");
            return all[all.length - 1] + (all.length > 1 ? " (" + String.join("; ", List.of(all).subList(0, all.length - 1)) + ")" : "");
        } finally {
            Files.deleteIfExists(script);
            Files.deleteIfExists(in);
        }
    }

    private static String run(List<String> cmd, Path stdin) throws Exception {
        Path out = Files.createTempFile("client", ".out");
        try {
            Process p = new ProcessBuilder(cmd).redirectInput(stdin.toFile()).redirectOutput(out.toFile())
                    .redirectErrorStream(true).start();
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(cmd + " did not finish in 300 s");
            }
            String text = Files.readString(out, StandardCharsets.UTF_8).stripTrailing();
            if (p.exitValue() != 0) throw new AssertionError(cmd + " exited with " + p.exitValue() + ": " + text);
            return text;
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
