package io.redraft.store.diff;

import io.redraft.resp.ByteArrayOutput;
import io.redraft.resp.RawClient;
import io.redraft.resp.RespWriter;
import io.redraft.store.Bytes;
import io.redraft.store.ExecContext;
import io.redraft.store.Store;
import io.redraft.store.notify.KeyspaceEvent;
import io.redraft.store.notify.KeyspaceListener;
import io.redraft.store.notify.NotifyFlags;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keyspace notifications against redis-server: a subscriber on {@code __key*__:*} records what
 * redis-server publishes for a script covering every write command group, and the store, run
 * with a listener, must give the same (channel, message) sequence after each command, filtered
 * by the same {@code notify-keyspace-events} flags. Expiry is compared twice: lazily (a write
 * meets a key past its PEXPIRE of a few ms; redis-server's active expiry is off meanwhile), and
 * by redis-server's active cycle against the store's EXPIRE-SWEEP (as a set: the order of an
 * active cycle is redis-server's hash table's).
 */
class NotifyDiffTest {
    @RegisterExtension
    static final ReferenceRedis redis = new ReferenceRedis();

    private static final String SYNC = "notify-diff-sync";

    @ParameterizedTest
    @ValueSource(strings = {"KEA", "KEAnm", "Kl", "Eg$", "Exe", "KEzn", "Em", "Ksh", "KEx"})
    void eventsFollowRedis(String flags) throws Exception {
        try (RawClient cmd = new RawClient(redis.port(), 10_000); RawClient sub = new RawClient(redis.port(), 10_000)) {
            Session s = new Session(cmd, sub, flags);
            s.start();
            for (String[] line : script()) {
                s.step(line);
            }
            assertThat(s.mismatches).isEmpty();
            assertThat(s.published).as("redis-server published something under " + flags).isPositive();
        }
    }

    /**
     * The differential tests' random command groups under "KEAnm": the events of every command
     * must match (replies are DifferentialTest's business). A popped set member is redis-server's
     * own random pick, so the popped key is deleted on both sides to stay in step.
     */
    @ParameterizedTest
    @ValueSource(strings = {"strings", "keys", "hashes", "lists", "sets", "zsets", "bitmaps", "hll", "dump", "fuzz"})
    void randomCommandsPublishAsRedis(String group) throws Exception {
        java.util.function.Function<Gen, List<byte[]>> gen = switch (group) {
            case "strings" -> Groups::strings;
            case "keys" -> Groups::keys;
            case "hashes" -> CollectionGroups::hashes;
            case "lists" -> CollectionGroups::lists;
            case "sets" -> CollectionGroups::sets;
            case "zsets" -> CollectionGroups::zsets;
            case "bitmaps" -> Groups::bitmaps;
            case "hll" -> HllGroup::hll;
            case "dump" -> DumpGroup::dump;
            default -> Groups::fuzz;
        };
        int commands = Integer.getInteger("redraft.notify.commands", 1500);
        java.util.SplittableRandom r = new java.util.SplittableRandom(18L + group.hashCode());
        Gen g = new Gen(r, "n" + group.charAt(0));
        try (RawClient cmd = new RawClient(redis.port(), 10_000); RawClient sub = new RawClient(redis.port(), 10_000)) {
            Session s = new Session(cmd, sub, "KEAnm");
            s.compareReplies = false;
            s.lenientExpired = true;
            s.start();
            for (int i = 0; i < commands && s.mismatches.size() < 10; i++) {
                String[] argv = gen.apply(g).stream().map(NotifyDiffTest::latin1).toArray(String[]::new);
                s.compare(argv, false);
                if (argv[0].equalsIgnoreCase("spop") && argv.length > 1) {
                    s.compare(new String[]{"DEL", argv[1]}, false);
                }
            }
            assertThat(s.mismatches).isEmpty();
            assertThat(s.published).isPositive();
        }
    }

    /** CONFIG SET then CONFIG GET of random flag strings: NotifyFlags's parse, print and error. */
    @org.junit.jupiter.api.Test
    void flagStringsFollowRedis() throws Exception {
        String alphabet = "Ag$lshzxeKEtmdnQ";
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(18);
        try (RawClient cmd = new RawClient(redis.port(), 10_000)) {
            for (int i = 0; i < 300; i++) {
                StringBuilder sb = new StringBuilder();
                int len = rnd.nextInt(8);
                for (int j = 0; j < len; j++) {
                    sb.append(alphabet.charAt(rnd.nextInt(i % 2 == 0 ? alphabet.length() - 1 : alphabet.length())));
                }
                String classes = sb.toString();
                String set = cmd.call("CONFIG", "SET", "notify-keyspace-events", classes);
                int flags = NotifyFlags.parse(classes);
                if (flags < 0) {
                    assertThat(set).as(classes).isEqualTo("-ERR CONFIG SET failed (possibly related to argument "
                            + "'notify-keyspace-events') - " + NotifyFlags.INVALID + "\r\n");
                    continue;
                }
                assertThat(set).as(classes).isEqualTo("+OK\r\n");
                String get = cmd.call("CONFIG", "GET", "notify-keyspace-events");
                String printed = NotifyFlags.format(flags);
                assertThat(get).as(classes).isEqualTo("*2\r\n$22\r\nnotify-keyspace-events\r\n$"
                        + printed.length() + "\r\n" + printed + "\r\n");
            }
        }
    }

    /** One flag set's run: the two sides and what they published. */
    private static final class Session {
        final RawClient cmd;
        final RawClient sub;
        final String flags;
        final int mask;
        final Store store = new Store();
        final List<KeyspaceEvent> events = new ArrayList<>();
        final KeyspaceListener listener = new KeyspaceListener() {
            @Override
            public void event(int type, String event, Bytes key) {
                events.add(new KeyspaceEvent(type, event, key));
            }
        };
        final List<String> mismatches = new ArrayList<>();
        long published;
        int syncs;
        boolean compareReplies = true;
        /**
         * Whether "expired" may come at different commands: redis-server deletes an expired key
         * at a read, the store (whose reads never delete) at the next write or sweep. Each
         * such key must still be reported once by both, redis-server first.
         */
        boolean lenientExpired = false;
        final java.util.Set<String> expiredByRedisOnly = new java.util.HashSet<>();

        Session(RawClient cmd, RawClient sub, String flags) {
            this.cmd = cmd;
            this.sub = sub;
            this.flags = flags;
            this.mask = NotifyFlags.parse(flags);
        }

        void start() throws IOException {
            call("FLUSHALL");
            call("DEBUG", "SET-ACTIVE-EXPIRE", "0");
            assertThat(call("CONFIG", "SET", "notify-keyspace-events", flags).render()).isEqualTo("+OK\r\n");
            sub.send(RawClient.command("PSUBSCRIBE", "__key*__:*"));
            sub.readReplyBytes();
            sub.send(RawClient.command("SUBSCRIBE", SYNC));
            sub.readReplyBytes();
        }

        Reply call(String... args) throws IOException {
            return Reply.call(cmd, Arrays.stream(args).map(a -> a.getBytes(StandardCharsets.ISO_8859_1)).toList());
        }

        void step(String[] line) throws IOException, InterruptedException {
            switch (line[0]) {
                case "@wait" -> waitExpired(line[1]);
                case "@sweep" -> sweep();
                case "@restore" -> restore(Arrays.copyOfRange(line, 1, line.length));
                default -> compare(line, false);
            }
        }

        /** Runs one command on both sides; compares replies and what each side published. */
        void compare(String[] argv, boolean asSet) throws IOException {
            Reply theirs = call(argv);
            Reply ours = runStore(argv);
            if (argv[0].equals("SPOP")) { // a popped set comes in redis-server's hash table order
                theirs = theirs.sorted();
                ours = ours.sorted();
            }
            String what = flags + " " + String.join(" ", argv);
            if (compareReplies && !theirs.render().equals(ours.render())) {
                mismatches.add(what + ": reply " + theirs.render() + " vs " + ours.render());
            }
            List<String> redisMsgs = drain();
            List<String> storeMsgs = ourMessages();
            if (lenientExpired) {
                List<String> redisExpired = expiredKeys(redisMsgs);
                List<String> storeExpired = expiredKeys(storeMsgs);
                for (String k : storeExpired) {
                    if (!redisExpired.remove(k) && !expiredByRedisOnly.remove(k)) {
                        mismatches.add(what + ": the store reports " + k + " expired, redis-server never did");
                    }
                }
                expiredByRedisOnly.addAll(redisExpired);
            }
            if (asSet) {
                redisMsgs.sort(null);
                storeMsgs.sort(null);
            }
            if (!redisMsgs.equals(storeMsgs)) {
                mismatches.add(what + ":\n  redis " + redisMsgs + "\n  store " + storeMsgs);
            }
        }

        Reply runStore(String... args) {
            List<byte[]> argv = new ArrayList<>();
            for (String a : args) {
                argv.add(a.getBytes(StandardCharsets.ISO_8859_1));
            }
            ByteArrayOutput out = new ByteArrayOutput();
            // The wall clock only because redis-server's is; on a node the leader fixes it.
            store.execute(argv, new ExecContext(System.currentTimeMillis(), 7, 2, listener), new RespWriter(out, 2));
            try {
                return Reply.read(new ByteArrayInputStream(out.toByteArray()));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }

        /** Takes the "expired" messages out of {@code msgs}; returns their keys. */
        List<String> expiredKeys(List<String> msgs) {
            List<String> keys = new ArrayList<>();
            for (java.util.Iterator<String> it = msgs.iterator(); it.hasNext(); ) {
                String m = it.next();
                if (m.startsWith("__keyevent@0__:expired ")) {
                    keys.add(m.substring("__keyevent@0__:expired ".length()));
                    it.remove();
                } else if (m.startsWith("__keyspace@0__:") && m.endsWith(" expired")) {
                    it.remove();
                }
            }
            return keys;
        }

        /** The store's events as redis-server would publish them under this flag set. */
        List<String> ourMessages() {
            List<String> msgs = new ArrayList<>();
            for (KeyspaceEvent e : events) {
                if (!NotifyFlags.publishes(mask, e.type())) {
                    continue;
                }
                if ((mask & NotifyFlags.KEYSPACE) != 0) {
                    msgs.add(latin1(e.keyspaceChannel(0)) + " " + e.event());
                }
                if ((mask & NotifyFlags.KEYEVENT) != 0) {
                    msgs.add(latin1(e.keyeventChannel(0)) + " " + latin1(e.key().array()));
                }
            }
            events.clear();
            return msgs;
        }

        /** Everything the subscriber received up to a marker published now. */
        List<String> drain() throws IOException {
            String marker = Integer.toString(++syncs);
            call("PUBLISH", SYNC, marker);
            List<String> msgs = new ArrayList<>();
            while (true) {
                Reply r = Reply.read(new ByteArrayInputStream(sub.readReplyBytes()));
                List<Reply> ch = r.children();
                if (ch.get(0).line().equals("message")) {
                    assertThat(ch.get(2).line()).isEqualTo(marker);
                    return msgs;
                }
                msgs.add(ch.get(2).line() + " " + ch.get(3).line());
                published++;
            }
        }

        /** Waits until both clocks are past the key's expiry, touching nothing on redis-server. */
        void waitExpired(String key) throws InterruptedException {
            var o = store.keyspace().peek(Bytes.of(key), Long.MIN_VALUE);
            assertThat(o).as("key " + key).isNotNull();
            long at = o.expireAt();
            while (System.currentTimeMillis() <= at + 2) {
                Thread.sleep(1);
            }
        }

        /** redis-server's active expiry against EXPIRE-SWEEP: the same expired keys, as a set. */
        void sweep() throws IOException, InterruptedException {
            long now = System.currentTimeMillis();
            long[] live = {0};
            long latest = now;
            var ks = store.keyspace();
            List<Long> expiries = new ArrayList<>();
            ks.forEachEntry((k, v) -> {
                if (v.expireAt() != io.redraft.store.RedisObject.NO_EXPIRE) {
                    expiries.add(v.expireAt());
                }
            });
            for (long e : expiries) {
                if (e < now + 1000) { // the segment's few-ms expiries, not the script's long TTLs
                    latest = Math.max(latest, e);
                }
            }
            while (System.currentTimeMillis() <= latest + 2) {
                Thread.sleep(1);
            }
            ks.forEachLive(System.currentTimeMillis(), k -> live[0]++);
            call("DEBUG", "SET-ACTIVE-EXPIRE", "1");
            long deadline = System.currentTimeMillis() + 10_000;
            while (Long.parseLong(call("DBSIZE").line()) != live[0]) { // DBSIZE expires nothing itself
                assertThat(System.currentTimeMillis()).as("active expiry within 10 s").isLessThan(deadline);
                Thread.sleep(5);
            }
            call("DEBUG", "SET-ACTIVE-EXPIRE", "0");
            List<String> redisMsgs = drain();
            runStore("EXPIRE-SWEEP", "0", "1000");
            List<String> storeMsgs = ourMessages();
            redisMsgs.sort(null);
            storeMsgs.sort(null);
            if (!redisMsgs.equals(storeMsgs)) {
                mismatches.add(flags + " active expiry:\n  redis " + redisMsgs + "\n  store " + storeMsgs);
            }
        }

        /** RESTORE dst ttl &lt;redis-server's DUMP of src&gt; [options] on both sides. */
        void restore(String[] a) throws IOException {
            Reply dump = call("DUMP", a[1]);
            drain(); // DUMP of a present key publishes nothing
            String[] argv = new String[a.length + 1];
            argv[0] = "RESTORE";
            argv[1] = a[0];
            argv[2] = a[2];
            argv[3] = dump.line();
            System.arraycopy(a, 3, argv, 4, a.length - 3);
            compare(argv, false);
        }
    }

    private static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static String[] c(String... argv) {
        return argv;
    }

    /** Every command group, hits and misses, errors that publish nothing, and expiries. */
    static List<String[]> script() {
        List<String[]> s = new ArrayList<>();
        // strings
        s.add(c("GET", "s1"));
        s.add(c("SET", "s1", "v"));
        s.add(c("SET", "s1", "w", "EX", "100"));
        s.add(c("SET", "s1", "x", "KEEPTTL", "GET"));
        s.add(c("SET", "s1", "y", "NX"));
        s.add(c("SET", "s2", "y", "XX"));
        s.add(c("SETNX", "s2", "1"));
        s.add(c("SETNX", "s2", "2"));
        s.add(c("SETEX", "s3", "100", "v"));
        s.add(c("PSETEX", "s4", "100000", "v"));
        s.add(c("MSET", "s5", "1", "s6", "2"));
        s.add(c("MSETNX", "s7", "1", "s5", "2"));
        s.add(c("MSETNX", "s7", "1", "s8", "2"));
        s.add(c("GETSET", "s5", "9"));
        s.add(c("GETDEL", "s5"));
        s.add(c("GETDEL", "s5"));
        s.add(c("GETEX", "s6", "EX", "100"));
        s.add(c("GETEX", "s6", "PERSIST"));
        s.add(c("GETEX", "s6", "PERSIST"));
        s.add(c("GETEX", "s6"));
        s.add(c("GETEX", "nosuch"));
        s.add(c("GETEX", "s6", "PXAT", "1"));
        s.add(c("APPEND", "s9", "ab"));
        s.add(c("APPEND", "s9", "cd"));
        s.add(c("SETRANGE", "s9", "1", "zz"));
        s.add(c("SETRANGE", "s10", "0", ""));
        s.add(c("SETRANGE", "s9", "0", ""));
        s.add(c("SETRANGE", "s10", "2", "x"));
        s.add(c("INCR", "n1"));
        s.add(c("DECR", "n1"));
        s.add(c("INCRBY", "n1", "5"));
        s.add(c("DECRBY", "n1", "2"));
        s.add(c("INCRBYFLOAT", "n1", "1.5"));
        s.add(c("INCR", "s9"));
        s.add(c("STRLEN", "nosuch"));
        s.add(c("MGET", "s1", "nosuch", "s2"));
        s.add(c("GETRANGE", "nosuch", "0", "1"));
        // bitmaps
        s.add(c("SETBIT", "b1", "7", "1"));
        s.add(c("SETBIT", "b1", "7", "0"));
        s.add(c("GETBIT", "nosuch", "1"));
        s.add(c("BITCOUNT", "nosuch"));
        s.add(c("BITFIELD", "b2", "SET", "u8", "0", "255", "GET", "u8", "0"));
        s.add(c("BITFIELD", "b2", "GET", "u8", "0"));
        s.add(c("BITFIELD", "b2", "OVERFLOW", "FAIL", "INCRBY", "u8", "0", "10"));
        s.add(c("BITFIELD_RO", "nosuch", "GET", "u8", "0"));
        s.add(c("BITOP", "OR", "b3", "b1", "b2", "nosuch"));
        s.add(c("BITOP", "AND", "b3", "nosuch", "nosuch2"));
        s.add(c("BITOP", "AND", "b3", "nosuch"));
        s.add(c("BITPOS", "nosuch", "1"));
        // keys
        s.add(c("EXISTS", "s1", "nosuch", "s2"));
        s.add(c("TOUCH", "s1", "nosuch"));
        s.add(c("TYPE", "nosuch"));
        s.add(c("TYPE", "s1"));
        s.add(c("TTL", "nosuch"));
        s.add(c("PTTL", "s2"));
        s.add(c("EXPIRETIME", "nosuch"));
        s.add(c("OBJECT", "ENCODING", "nosuch"));
        s.add(c("DEL", "s2", "nosuch", "s3"));
        s.add(c("UNLINK", "s4"));
        s.add(c("RENAME", "s1", "r1"));
        s.add(c("RENAME", "r1", "r1"));
        s.add(c("SET", "r2", "x"));
        s.add(c("RENAME", "r1", "r2"));
        s.add(c("RENAME", "nosuch", "r3"));
        s.add(c("RENAMENX", "r2", "s9"));
        s.add(c("RENAMENX", "r2", "r3"));
        s.add(c("COPY", "r3", "r4"));
        s.add(c("COPY", "r3", "r4"));
        s.add(c("COPY", "r3", "r4", "REPLACE"));
        s.add(c("COPY", "nosuch", "r5"));
        s.add(c("EXPIRE", "r4", "100"));
        s.add(c("PEXPIRE", "r4", "100000", "NX"));
        s.add(c("EXPIREAT", "r4", "99999999999", "GT"));
        s.add(c("PERSIST", "r4"));
        s.add(c("PERSIST", "r4"));
        s.add(c("EXPIRE", "nosuch", "10"));
        s.add(c("PEXPIREAT", "r4", "1"));
        s.add(c("EXPIRE", "r3", "0"));
        s.add(c("EXPIRE", "s9", "-1"));
        // lists
        s.add(c("LPUSH", "l1", "a", "b"));
        s.add(c("RPUSH", "l1", "c"));
        s.add(c("LPUSHX", "nosuch", "a"));
        s.add(c("RPUSHX", "l1", "d"));
        s.add(c("LPUSH", "n1", "a"));
        s.add(c("LLEN", "nosuch"));
        s.add(c("LRANGE", "nosuch", "0", "-1"));
        s.add(c("LINDEX", "nosuch", "0"));
        s.add(c("LPOS", "nosuch", "a"));
        s.add(c("LPOP", "l1"));
        s.add(c("RPOP", "l1", "1"));
        s.add(c("LPOP", "nosuch"));
        s.add(c("LPOP", "l1", "0"));
        s.add(c("LSET", "l1", "0", "z"));
        s.add(c("LINSERT", "l1", "BEFORE", "z", "y"));
        s.add(c("LINSERT", "l1", "AFTER", "nothere", "y"));
        s.add(c("LINSERT", "nosuch", "AFTER", "z", "y"));
        s.add(c("RPUSH", "l1", "y", "y", "q"));
        s.add(c("LREM", "l1", "0", "y"));
        s.add(c("LREM", "l1", "0", "nothere"));
        s.add(c("LTRIM", "l1", "0", "0"));
        s.add(c("LTRIM", "l1", "5", "10"));
        s.add(c("LTRIM", "nosuch", "0", "1"));
        s.add(c("RPUSH", "l2", "a", "b", "c"));
        s.add(c("LMOVE", "l2", "l3", "LEFT", "RIGHT"));
        s.add(c("RPOPLPUSH", "l2", "l3"));
        s.add(c("LMOVE", "l2", "l2", "LEFT", "LEFT"));
        s.add(c("LMOVE", "l2", "l3", "RIGHT", "LEFT"));
        s.add(c("LMOVE", "nosuch", "l3", "RIGHT", "LEFT"));
        s.add(c("LMPOP", "2", "nosuch", "l3", "LEFT", "COUNT", "5"));
        s.add(c("LMPOP", "1", "nosuch", "RIGHT"));
        s.add(c("RPUSH", "l4", "x"));
        s.add(c("RPOP", "l4", "3"));
        // hashes
        s.add(c("HSET", "h1", "a", "1", "b", "2"));
        s.add(c("HSET", "h1", "a", "1"));
        s.add(c("HMSET", "h1", "c", "3"));
        s.add(c("HSETNX", "h1", "a", "9"));
        s.add(c("HSETNX", "h1", "d", "9"));
        s.add(c("HSETNX", "h2", "d", "9"));
        s.add(c("HGET", "nosuch", "a"));
        s.add(c("HGETALL", "nosuch"));
        s.add(c("HEXISTS", "nosuch", "a"));
        s.add(c("HINCRBY", "h1", "a", "2"));
        s.add(c("HINCRBY", "h3", "a", "2"));
        s.add(c("HINCRBYFLOAT", "h1", "a", "0.5"));
        s.add(c("HINCRBY", "h1", "a", "1"));
        s.add(c("HDEL", "h1", "a", "nothere"));
        s.add(c("HDEL", "h1", "nothere"));
        s.add(c("HDEL", "h2", "d"));
        s.add(c("HDEL", "nosuch", "d"));
        // sets
        s.add(c("SADD", "t1", "a", "b", "c"));
        s.add(c("SADD", "t1", "a"));
        s.add(c("SADD", "t2", "b", "c", "d"));
        s.add(c("SREM", "t1", "a", "z"));
        s.add(c("SREM", "t1", "z"));
        s.add(c("SMEMBERS", "nosuch"));
        s.add(c("SISMEMBER", "nosuch", "a"));
        s.add(c("SCARD", "nosuch"));
        s.add(c("SINTER", "t1", "nosuch"));
        s.add(c("SINTERCARD", "2", "t1", "nosuch"));
        s.add(c("SINTERSTORE", "t3", "t1", "t2"));
        s.add(c("SINTERSTORE", "t3", "t1", "nosuch"));
        s.add(c("SUNIONSTORE", "t4", "t1", "t2", "nosuch"));
        s.add(c("SDIFFSTORE", "t5", "t1", "t2"));
        s.add(c("SDIFFSTORE", "t4", "nosuch", "t1"));
        s.add(c("SMOVE", "t1", "t6", "b"));
        s.add(c("SMOVE", "t2", "t6", "b"));
        s.add(c("SMOVE", "t6", "t6", "b"));
        s.add(c("SMOVE", "t2", "t6", "z"));
        s.add(c("SMOVE", "nosuch", "t6", "z"));
        s.add(c("SADD", "t7", "only"));
        s.add(c("SPOP", "t7"));
        s.add(c("SADD", "t7", "x", "y"));
        s.add(c("SPOP", "t7", "5"));
        s.add(c("SPOP", "nosuch"));
        s.add(c("SPOP", "t6", "0"));
        // sorted sets
        s.add(c("ZADD", "z1", "1", "a", "2", "b", "3", "c"));
        s.add(c("ZADD", "z1", "1", "a"));
        s.add(c("ZADD", "z1", "NX", "5", "a"));
        s.add(c("ZADD", "z1", "XX", "CH", "5", "a"));
        s.add(c("ZADD", "nosuch", "XX", "5", "a"));
        s.add(c("ZINCRBY", "z1", "1", "b"));
        s.add(c("ZADD", "z1", "INCR", "GT", "-1", "b"));
        s.add(c("ZSCORE", "nosuch", "a"));
        s.add(c("ZRANGE", "nosuch", "0", "-1"));
        s.add(c("ZCARD", "nosuch"));
        s.add(c("ZREM", "z1", "a", "nothere"));
        s.add(c("ZREM", "z1", "nothere"));
        s.add(c("ZADD", "z2", "1", "x", "2", "y", "3", "z", "4", "w"));
        s.add(c("ZPOPMIN", "z2"));
        s.add(c("ZPOPMAX", "z2", "1"));
        s.add(c("ZPOPMIN", "nosuch"));
        s.add(c("ZMPOP", "2", "nosuch", "z2", "MIN", "COUNT", "10"));
        s.add(c("ZADD", "z3", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e"));
        s.add(c("ZREMRANGEBYSCORE", "z3", "1", "1"));
        s.add(c("ZREMRANGEBYRANK", "z3", "0", "0"));
        s.add(c("ZREMRANGEBYLEX", "z3", "[c", "[c"));
        s.add(c("ZREMRANGEBYSCORE", "z3", "100", "200"));
        s.add(c("ZADD", "z4", "0", "a", "0", "b"));
        s.add(c("ZREMRANGEBYLEX", "z4", "-", "+"));
        s.add(c("ZUNIONSTORE", "z5", "2", "z1", "z3"));
        s.add(c("ZINTERSTORE", "z5", "2", "z1", "z3"));
        s.add(c("ZINTERSTORE", "z6", "2", "z1", "nosuch"));
        s.add(c("ZUNIONSTORE", "z6", "2", "z1", "nosuch"));
        s.add(c("ZDIFFSTORE", "z6", "2", "z1", "z3"));
        s.add(c("ZDIFFSTORE", "z6", "1", "nosuch"));
        s.add(c("ZUNION", "2", "z1", "nosuch"));
        s.add(c("ZRANGESTORE", "z7", "z1", "0", "-1"));
        s.add(c("ZRANGESTORE", "z7", "z1", "10", "20"));
        s.add(c("ZRANGESTORE", "z8", "nosuch", "0", "-1"));
        s.add(c("ZRANGESTORE", "z8", "z1", "0", "0"));
        s.add(c("ZRANGESTORE", "z8", "z1", "0", "1"));
        // HyperLogLog
        s.add(c("PFADD", "p1", "a", "b"));
        s.add(c("PFADD", "p1", "a"));
        s.add(c("PFADD", "p2"));
        s.add(c("PFCOUNT", "p1"));
        s.add(c("PFCOUNT", "nosuch"));
        s.add(c("PFCOUNT", "p1", "nosuch"));
        s.add(c("PFMERGE", "p3", "p1", "nosuch"));
        s.add(c("PFMERGE", "p3", "p2"));
        // geo
        s.add(c("GEOADD", "g1", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania"));
        s.add(c("GEOADD", "g1", "13.361389", "38.115556", "Palermo"));
        s.add(c("GEOADD", "g1", "XX", "13.361389", "38.115556", "Nowhere"));
        s.add(c("GEOPOS", "nosuch", "a"));
        s.add(c("GEORADIUS", "g1", "15", "37", "200", "km", "STORE", "g2"));
        s.add(c("GEORADIUS", "g1", "15", "37", "1", "km", "STORE", "g2"));
        s.add(c("GEORADIUSBYMEMBER", "g1", "Palermo", "300", "km", "STOREDIST", "g3"));
        s.add(c("GEOSEARCHSTORE", "g4", "g1", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km"));
        s.add(c("GEOSEARCHSTORE", "g4", "nosuch", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km"));
        s.add(c("GEOSEARCH", "nosuch", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km"));
        // sort
        s.add(c("RPUSH", "so", "3", "1", "2"));
        s.add(c("SORT", "so", "STORE", "so2"));
        s.add(c("SORT", "so", "STORE", "so2"));
        s.add(c("SORT", "nosuch", "STORE", "so2"));
        s.add(c("SORT", "nosuch", "STORE", "so3"));
        s.add(c("SORT", "nosuch"));
        s.add(c("SORT_RO", "so", "BY", "nosuch_*"));
        // dump and restore
        s.add(c("DUMP", "nosuch"));
        s.add(c("@restore", "rs1", "z1", "0"));
        s.add(c("@restore", "rs1", "z1", "0"));
        s.add(c("@restore", "rs1", "l3", "0", "REPLACE"));
        s.add(c("@restore", "rs2", "h1", "100000"));
        s.add(c("@restore", "rs2", "h1", "1", "ABSTTL", "REPLACE"));
        // edge cases
        s.add(c("SET", "x1", "v", "PXAT", "1"));
        s.add(c("SET", "x2", "v", "GET"));
        s.add(c("SET", "x2", "w", "NX", "GET"));
        s.add(c("BITFIELD", "x3", "OVERFLOW", "FAIL", "INCRBY", "u2", "0", "10"));
        s.add(c("HINCRBYFLOAT", "x4", "f", "1.5"));
        s.add(c("ZADD", "x5", "GT", "1", "a"));
        s.add(c("ZADD", "x5", "GT", "0", "a"));
        s.add(c("ZADD", "x5", "LT", "CH", "0", "a"));
        s.add(c("ZMPOP", "1", "x5", "MAX", "COUNT", "9"));
        s.add(c("RPUSH", "x6", "a", "b"));
        s.add(c("LMPOP", "1", "x6", "RIGHT", "COUNT", "9"));
        s.add(c("SADD", "x7", "a", "b"));
        s.add(c("SINTERSTORE", "x7", "x7"));
        s.add(c("SUNIONSTORE", "x7", "x7", "t2"));
        s.add(c("SMOVE", "x7", "x2", "a"));
        s.add(c("GEOADD", "x8", "CH", "1", "1", "a"));
        s.add(c("GEOADD", "x8", "CH", "1", "2", "a"));
        s.add(c("GEOADD", "x8", "NX", "1", "3", "a"));
        s.add(c("RENAME", "x8", "x8b"));
        s.add(c("PEXPIRE", "x8b", "100000"));
        s.add(c("RENAME", "x8b", "x8c"));
        s.add(c("COPY", "x8c", "x8d"));
        s.add(c("@restore", "x9", "x8c", "0", "IDLETIME", "5"));
        s.add(c("SETRANGE", "x2", "0", ""));
        s.add(c("APPEND", "x2", ""));
        s.add(c("LPOP", "nosuch", "2"));
        s.add(c("ZINCRBY", "x10", "1", "a"));
        s.add(c("INCRBYFLOAT", "x11", "1e3"));
        s.add(c("GETEX", "x11", "PX", "100000"));
        s.add(c("MSET", "x12", "a", "x12", "b"));
        // wrong types publish nothing
        s.add(c("LPUSH", "h1", "a"));
        s.add(c("SADD", "z1", "a"));
        s.add(c("INCR", "l3"));
        s.add(c("HSET", "t2", "a", "1"));
        s.add(c("ZADD", "t2", "1", "a"));
        // lazy expiry: a write meets a key past its expiry
        s.add(c("SET", "e1", "v", "PX", "5"));
        s.add(c("RPUSH", "e2", "a"));
        s.add(c("PEXPIRE", "e2", "5"));
        s.add(c("HSET", "e3", "f", "v"));
        s.add(c("PEXPIRE", "e3", "5"));
        s.add(c("ZADD", "e4", "1", "a"));
        s.add(c("PEXPIRE", "e4", "5"));
        s.add(c("SET", "e5", "v", "PX", "5"));
        s.add(c("@wait", "e1"));
        s.add(c("@wait", "e2"));
        s.add(c("@wait", "e3"));
        s.add(c("@wait", "e4"));
        s.add(c("@wait", "e5"));
        s.add(c("SET", "e1", "again"));
        s.add(c("LPUSH", "e2", "b"));
        s.add(c("HDEL", "e3", "f"));
        s.add(c("ZREM", "e4", "a"));
        s.add(c("DEL", "e5"));
        // active expiry against EXPIRE-SWEEP
        s.add(c("SET", "a1", "v", "PX", "5"));
        s.add(c("SADD", "a2", "v"));
        s.add(c("PEXPIRE", "a2", "8"));
        s.add(c("LPUSH", "a3", "v"));
        s.add(c("PEXPIRE", "a3", "6"));
        s.add(c("@sweep"));
        s.add(c("EXISTS", "a1", "a2", "a3"));
        // reads of missing keys: a key-miss each (OBJECT excepted), none for a present key
        for (String[] read : new String[][]{{"GET", "m"}, {"GETRANGE", "m", "0", "1"}, {"SUBSTR", "m", "0", "1"},
                {"STRLEN", "m"}, {"GETBIT", "m", "0"}, {"BITCOUNT", "m"}, {"BITPOS", "m", "0"},
                {"BITFIELD_RO", "m", "GET", "u4", "0"}, {"LCS", "m", "m2"}, {"MGET", "m", "m2"},
                {"HGET", "m", "f"}, {"HMGET", "m", "f"}, {"HLEN", "m"}, {"HKEYS", "m"}, {"HVALS", "m"},
                {"HGETALL", "m"}, {"HSTRLEN", "m", "f"}, {"HEXISTS", "m", "f"}, {"HRANDFIELD", "m"},
                {"HSCAN", "m", "0"}, {"LLEN", "m"}, {"LRANGE", "m", "0", "1"}, {"LINDEX", "m", "0"},
                {"LPOS", "m", "a"}, {"SCARD", "m"}, {"SMEMBERS", "m"}, {"SISMEMBER", "m", "a"},
                {"SMISMEMBER", "m", "a"}, {"SRANDMEMBER", "m"}, {"SSCAN", "m", "0"}, {"SUNION", "m", "m2"},
                {"SDIFF", "m", "m2"}, {"SINTER", "m", "m2"}, {"SINTERCARD", "2", "m", "m2"},
                {"ZCARD", "m"}, {"ZSCORE", "m", "a"}, {"ZMSCORE", "m", "a"}, {"ZRANK", "m", "a"},
                {"ZREVRANK", "m", "a"}, {"ZCOUNT", "m", "0", "1"}, {"ZLEXCOUNT", "m", "-", "+"},
                {"ZRANGE", "m", "0", "1"}, {"ZREVRANGE", "m", "0", "1"}, {"ZRANGEBYSCORE", "m", "0", "1"},
                {"ZREVRANGEBYSCORE", "m", "1", "0"}, {"ZRANGEBYLEX", "m", "-", "+"},
                {"ZREVRANGEBYLEX", "m", "+", "-"}, {"ZRANDMEMBER", "m"}, {"ZSCAN", "m", "0"},
                {"ZUNION", "2", "m", "m2"}, {"ZINTER", "2", "m", "m2"}, {"ZDIFF", "2", "m", "m2"},
                {"ZINTERCARD", "2", "m", "m2"}, {"GEOPOS", "m", "a"}, {"GEOHASH", "m", "a"},
                {"GEODIST", "m", "a", "b"}, {"GEORADIUS_RO", "m", "0", "0", "1", "km"},
                {"GEORADIUSBYMEMBER_RO", "m", "a", "1", "km"}, {"PFCOUNT", "m", "m2"}, {"DUMP", "m"},
                {"SORT_RO", "m"}, {"EXISTS", "m", "m"}, {"TOUCH", "m"}, {"TYPE", "m"}, {"TTL", "m"},
                {"PTTL", "m"}, {"EXPIRETIME", "m"}, {"PEXPIRETIME", "m"}, {"OBJECT", "ENCODING", "m"},
                {"OBJECT", "REFCOUNT", "m"}, {"OBJECT", "IDLETIME", "m"}, {"GET", "s9"}, {"LLEN", "l3"}}) {
            s.add(read);
        }
        // flushes publish nothing
        s.add(c("FLUSHDB"));
        s.add(c("SET", "f1", "v"));
        s.add(c("FLUSHALL"));
        s.add(c("GET", "f1"));
        return s;
    }
}
