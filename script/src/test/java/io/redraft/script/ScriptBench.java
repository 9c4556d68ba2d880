package io.redraft.script;

/**
 * Cost of one EVALSHA through {@code Store.execute} (no network): the small GET + INCR script of
 * bench/scripting.sh, and a rate limiter with four redis.call. Not a test; run its main.
 */
final class ScriptBench {
    private ScriptBench() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
        LocalStore s = new LocalStore();
        String small = s.run("SCRIPT", "LOAD", "redis.call('GET', KEYS[1]) return redis.call('INCR', KEYS[1])").substring(5, 45);
        String limiter = s.run("SCRIPT", "LOAD", """
                local c = redis.call('GET', KEYS[1])
                if c and tonumber(c) >= tonumber(ARGV[1]) then return 0 end
                redis.call('INCR', KEYS[1]) redis.call('PEXPIRE', KEYS[1], ARGV[2])
                return redis.call('PTTL', KEYS[1])""").substring(5, 45);
        String cpu = s.run("SCRIPT", "LOAD", "local x = 0 for i = 1, 100000 do x = x + (i % 7) * 2 end return x").substring(5, 45);
        for (int round = 0; round < 3; round++) {
            time("GET+INCR", n, i -> s.run("EVALSHA", small, "1", "k" + (i & 15)));
            time("limiter ", n, i -> s.run("EVALSHA", limiter, "1", "rl" + (i & 15), "1000000", "60000"));
            time("cpu loop", n / 500, i -> s.run("EVALSHA", cpu, "0"));
        }
    }

    private static void time(String what, int n, java.util.function.IntConsumer op) {
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            op.accept(i);
        }
        System.out.printf("%s %.2f us/call%n", what, (System.nanoTime() - t0) / 1e3 / n);
    }
}
