package io.redraft.store.diff;

import io.redraft.resp.RawClient;

import io.redraft.resp.ByteArrayOutput;
import io.redraft.resp.RespWriter;
import io.redraft.store.docs.CommandDocs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * COMMAND DOCS replies are redis-server's, in RESP2 and RESP3, byte for byte except the prose
 * fields we do not carry (summary, complexity, history, deprecation notes: Redis's own sentences).
 * Clients and redis-cli hints use the rest: since, group, arguments, subcommands, flags.
 */
class CommandDocsTest {
    @RegisterExtension
    static final ReferenceRedis redis = new ReferenceRedis();

    private static String ours(List<String> names, Predicate<String> sub, int protocol) throws Exception {
        ByteArrayOutput out = new ByteArrayOutput();
        CommandDocs.writeReply(names, sub, new RespWriter(out, protocol));
        return normalized(Reply.read(new ByteArrayInputStream(out.toByteArray())));
    }

    private static String redis(List<String> names, int protocol) throws Exception {
        try (RawClient c = new RawClient(redis.port())) {
            if (protocol == 3) {
                Reply.call(c, "HELLO", "3");
            }
            List<String> argv = new ArrayList<>(List.of("COMMAND", "DOCS"));
            argv.addAll(names);
            return normalized(withoutProse(Reply.call(c, argv.toArray(new String[0]))));
        }
    }

    private static final java.util.Set<String> PROSE = java.util.Set.of("summary", "complexity", "history",
            "replaced_by", "deprecated_since");

    /** Redis's reply without the prose fields, which are key/value pairs of a doc map. */
    private static Reply withoutProse(Reply r) {
        if (r.children() == null) {
            return r;
        }
        List<Reply> ch = new ArrayList<>();
        List<Reply> in = r.children();
        for (int i = 0; i < in.size(); i++) {
            if (i % 2 == 0 && i + 1 < in.size() && in.get(i).children() == null && PROSE.contains(in.get(i).line())) {
                i++;
                continue;
            }
            ch.add(withoutProse(in.get(i)));
        }
        if (ch.size() == in.size()) {
            return r.withChildren(ch);
        }
        // The header counts pairs in a RESP3 map, elements in an array.
        String count = Integer.toString(r.type() == '%' ? ch.size() / 2 : ch.size());
        return new Reply(r.type(), count, ch);
    }

    /** Redis lists subcommands in its dict's order, which changes with each process's hash seed: sort them. */
    private static String normalized(Reply r) {
        return sortSubcommands(r).render();
    }

    private static Reply sortSubcommands(Reply r) {
        if (r.children() == null) {
            return r;
        }
        List<Reply> ch = new ArrayList<>();
        for (Reply c : r.children()) {
            ch.add(sortSubcommands(c));
        }
        for (int i = 0; i + 1 < ch.size(); i++) {
            if ("subcommands".equals(ch.get(i).line()) && ch.get(i + 1).children() != null) {
                List<Reply> kv = ch.get(i + 1).children();
                List<List<Reply>> pairs = new ArrayList<>();
                for (int k = 0; k < kv.size(); k += 2) {
                    pairs.add(List.of(kv.get(k), kv.get(k + 1)));
                }
                pairs.sort(java.util.Comparator.comparing(p -> p.get(0).line()));
                ch.set(i + 1, ch.get(i + 1).withChildren(pairs.stream().flatMap(List::stream).toList()));
            }
        }
        return r.withChildren(ch);
    }

    @Test
    void commonCommandsMatchRedisInBothProtocols() throws Exception {
        List<String> names = List.of("get", "set", "zadd", "hset", "object", "scan", "zrange", "bitfield",
                "restore", "no-such-command", "client", "lmpop", "expire");
        for (int protocol : new int[]{2, 3}) {
            assertThat(ours(names, s -> true, protocol)).as("RESP%d", protocol).isEqualTo(redis(names, protocol));
        }
    }

    @Test
    void everyCommandOfTheTableMatches() throws Exception {
        try (RawClient c = new RawClient(redis.port())) {
            List<String> names = new ArrayList<>();
            for (Reply r : Reply.call(c, "COMMAND", "LIST").children()) {
                names.add(r.line());
            }
            assertThat(names).hasSizeGreaterThan(200);
            for (String n : names) {
                assertThat(CommandDocs.has(n)).as(n).isTrue();
            }
            assertThat(ours(names, s -> true, 3)).isEqualTo(redis(names, 3));
        }
    }

    @Test
    void subcommandsTheServerDoesNotRunAreLeftOut() throws Exception {
        String full = ours(List.of("object"), s -> true, 2);
        String cut = ours(List.of("object"), s -> s.equals("object|encoding"), 2);
        assertThat(full).contains("object|freq").contains("object|encoding");
        assertThat(cut).doesNotContain("object|freq").contains("object|encoding").contains("generic");
        assertThat(full).doesNotContain("summary").doesNotContain("complexity");
        assertThat(CommandDocs.has("object|freq")).isTrue();
        assertThat(CommandDocs.has("object|nope")).isFalse();
        assertThat(CommandDocs.has("raft.cluster")).isFalse();
    }
}
