package io.redraft.store.diff;

import io.redraft.resp.RawClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Divergences found by running Redis's own tests: sets of integers answer in intset order
 * (ascending) while they are intsets, and count/rank arguments at LLONG_MIN answer as Redis.
 */
class DivergenceDiffTest {
    private static final String MIN = "-9223372036854775808";

    @RegisterExtension
    static final ReferenceRedis redis = new ReferenceRedis();

    private static final String[] INTSET_SCRIPT = {
            "SADD st 1 2 3 4",
            "SADD st 3 5",
            "SREM st 1",
            "SMEMBERS st",
            "SADD st -7 100 -100 9223372036854775807 -9223372036854775808 0",
            "SMEMBERS st",
            "SINTER st",
            "SADD st2 100 5 4 -7 42",
            "SINTER st st2",
            "SINTER st2 st",
            "SUNION st2 st",
            "SUNION st2 nokey",
            "SDIFF st st2",
            "SDIFF st2 st",
            "SINTERSTORE dst st2 st",
            "SMEMBERS dst",
            "SUNIONSTORE dst st2 st",
            "SMEMBERS dst",
            "SDIFFSTORE dst st st2",
            "SMEMBERS dst",
            "SMOVE st2 st 42",
            "SMEMBERS st",
            "SMEMBERS st2",
            "SORT st BY nosort",
    };

    @Test
    void intsetsAnswerInAscendingOrder() throws Exception {
        try (Harness h = new Harness(redis.port(), 1); RawClient raw2 = new RawClient(redis.port());
             RawClient raw3 = new RawClient(redis.port())) {
            h.random = false;
            h.exactOrder = true;
            Reply.call(raw3, "HELLO", "3");
            for (int proto : new int[]{2, 3}) {
                h.run(GeoDiffTest.argv("FLUSHALL"), proto);
                for (String line : INTSET_SCRIPT) {
                    h.run(GeoDiffTest.argv(line), proto);
                }
                // SSCAN of an intset answers everything at once in intset order: compared raw,
                // since the harness compares scans as sets.
                for (String line : new String[]{"SSCAN st 0", "SSCAN st 0 MATCH *1*", "SSCAN st2 0 COUNT 1"}) {
                    List<byte[]> argv = GeoDiffTest.argv(line);
                    String theirs = Reply.call(proto == 2 ? raw2 : raw3, argv).render();
                    String ours = h.ours(argv, proto).render();
                    if (!theirs.equals(ours)) {
                        h.mismatches.add("RESP" + proto + " " + line + "\n   redis: " + theirs + "\n   store: " + ours);
                    }
                }
            }
            assertThat(h.mismatches).isEmpty();
        }
    }

    @Test
    void countAndRankArgumentsAtLongMin() throws Exception {
        String[] setup = {
                "RPUSH l a b c a b a",
                "ZADD z 1 a 2 b 3 c",
                "HSET h a 1 b 2",
                "SADD s a b c",
                "SET str hello",
        };
        String[] probes = {
                "LPOS l a COUNT " + MIN,
                "LPOS l a MAXLEN " + MIN,
                "LPOS l a RANK -9223372036854775807",
                "LRANGE l " + MIN + " " + MIN,
                "LRANGE l " + MIN + " -1",
                "LINDEX l " + MIN,
                "LSET l " + MIN + " x",
                "LPOP l " + MIN,
                "RPOP l " + MIN,
                "LMPOP 1 l LEFT COUNT " + MIN,
                "ZRANDMEMBER z " + MIN,
                "ZRANDMEMBER z " + MIN + " WITHSCORES",
                "ZRANDMEMBER nokey " + MIN,
                "HRANDFIELD h " + MIN,
                "HRANDFIELD h " + MIN + " WITHVALUES",
                "SRANDMEMBER s " + MIN,
                "SPOP s " + MIN,
                "ZRANGE z " + MIN + " " + MIN,
                "ZRANGE z " + MIN + " -1",
                "ZRANGE z -inf +inf BYSCORE LIMIT " + MIN + " " + MIN,
                "ZRANGE z -inf +inf BYSCORE LIMIT 0 " + MIN,
                "ZRANGEBYSCORE z -inf +inf LIMIT " + MIN + " 1",
                "ZRANGEBYLEX z - + LIMIT 0 " + MIN,
                "ZREVRANGEBYSCORE z +inf -inf LIMIT 1 " + MIN,
                "ZRANGESTORE dz z " + MIN + " -1",
                "ZREMRANGEBYRANK z " + MIN + " " + MIN,
                "ZPOPMIN z " + MIN,
                "ZPOPMAX z " + MIN,
                "ZMPOP 1 z MIN COUNT " + MIN,
                "SINTERCARD 1 s LIMIT " + MIN,
                "ZINTERCARD 1 z LIMIT " + MIN,
                "GETRANGE str " + MIN + " " + MIN,
                "SETRANGE str " + MIN + " x",
                "BITCOUNT str " + MIN + " " + MIN,
                "BITPOS str 1 " + MIN + " " + MIN,
                "SCAN 0 COUNT " + MIN,
                "SSCAN s 0 COUNT " + MIN,
                "GEORADIUS z 0 0 1 km COUNT " + MIN,
                "SORT l LIMIT " + MIN + " " + MIN + " ALPHA",
                "XADD x 1-1 f v",
                "XADD x 2-1 f v",
                "XRANGE x - + COUNT " + MIN,
                "XREVRANGE x + - COUNT " + MIN,
                "XREAD COUNT " + MIN + " STREAMS x 0",
                "XADD x MAXLEN " + MIN + " 3-1 f v",
                "XADD x MAXLEN ~ 10 LIMIT " + MIN + " 3-1 f v",
                "XADD x MINID 0 LIMIT " + MIN + " 3-1 f v",
                "XTRIM x MAXLEN " + MIN,
                "XTRIM x MAXLEN ~ 1 LIMIT " + MIN,
                "XGROUP CREATE x g 0",
                "XGROUP SETID x g 0 ENTRIESREAD " + MIN,
                "XREADGROUP GROUP g c COUNT " + MIN + " STREAMS x >",
                "XPENDING x g - + " + MIN,
                "XPENDING x g IDLE " + MIN + " - + 0", // times differ between the sides: no entries
                "XAUTOCLAIM x g c 0 0 COUNT " + MIN,
                "XAUTOCLAIM x g c " + MIN + " 0",
                "XCLAIM x g c " + MIN + " 1-1",
                "XCLAIM x g c 0 1-1 RETRYCOUNT " + MIN,
                "XCLAIM x g c 0 1-1 IDLE " + MIN,
                "XADD x2 1-1 f v",
                "XINFO STREAM x2 FULL COUNT " + MIN,
                "GEOADD gx 13.361389 38.115556 a",
                "GEOSEARCH gx FROMLONLAT 13 38 BYRADIUS 100 km COUNT " + MIN,
                "GEORADIUSBYMEMBER gx a 100 km COUNT " + MIN,
                "SET n 5",
                "INCRBY n " + MIN,
                "DECRBY n " + MIN,
                "DECRBY n -9223372036854775807",
                "SET n 5 EX " + MIN,
                "SET n 5 PX " + MIN,
                "GETEX n EX " + MIN,
                "EXPIRE n " + MIN,
                "PEXPIRE n " + MIN,
                "EXPIREAT n " + MIN,
                "OBJECT FREQ n",
                "BITFIELD str GET u8 " + MIN,
                "SETBIT str " + MIN + " 1",
                "GETBIT str " + MIN,
                "LINDEX l -9223372036854775807",
                "ZRANGESTORE dz z 0 -1 BYSCORE LIMIT " + MIN + " 1",
                "LREM l " + MIN + " a",
                "LRANGE l 0 -1",
                "LTRIM l " + MIN + " " + MIN,
                "LRANGE l 0 -1",
        };
        try (Harness h = new Harness(redis.port(), 1)) {
            h.random = false;
            for (int proto : new int[]{2, 3}) {
                h.run(GeoDiffTest.argv("FLUSHALL"), proto);
                for (String line : setup) {
                    h.run(GeoDiffTest.argv(line), proto);
                }
                for (String line : probes) {
                    h.run(GeoDiffTest.argv(line), proto);
                }
            }
            assertThat(h.mismatches).isEmpty();
        }
    }

    /**
     * LPOS RANK LLONG_MIN: redis-server 7.0.15 negates the rank (undefined in C, LLONG_MIN on
     * x86) and answers the first match from the tail; Redis's own test suite expects the range
     * error later versions give, as every other rank and count argument at LLONG_MIN does.
     */
    @Test
    void lposRankAtLongMinIsOutOfRange() throws Exception {
        try (Harness h = new Harness(redis.port(), 1)) {
            h.ours(GeoDiffTest.argv("RPUSH l a b c a"), 2);
            List<String> replies = new ArrayList<>();
            for (int proto : new int[]{2, 3}) {
                replies.add(h.ours(GeoDiffTest.argv("LPOS l a RANK " + MIN), proto).render());
                replies.add(h.ours(GeoDiffTest.argv("LPOS l a RANK " + MIN + " COUNT 0"), proto).render());
            }
            assertThat(replies).containsOnly(
                    "-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n");
            assertThat(h.ours(GeoDiffTest.argv("LPOS l a RANK -9223372036854775807"), 2).render()).isEqualTo("$-1\r\n");
        }
    }
}
