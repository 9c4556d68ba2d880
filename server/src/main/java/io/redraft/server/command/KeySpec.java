package io.redraft.server.command;

import io.redraft.resp.ReplySink;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One Redis 7 key specification: where the search for keys begins (an argument index, or after a
 * keyword) and how keys are found from there (a range, or a count given by a numkeys argument),
 * with the key's access flags (RW/RO/OW/RM, access/update/insert/delete, not_key, incomplete,
 * variable_flags) in the order Redis replies them.
 *
 * <p>Compact form in the resource files: {@code flags:begin:find}, flags comma-separated or
 * {@code -}; begin {@code i<index>}, {@code k<KEYWORD>,<startfrom>} or {@code ?}; find
 * {@code r<lastkey>,<keystep>,<limit>}, {@code n<keynumidx>,<firstkey>,<keystep>} or {@code ?}.
 */
public record KeySpec(List<String> flags, Begin begin, Find find) {
    /** Where the search starts. */
    public sealed interface Begin {}

    public record Index(int pos) implements Begin {}

    /** The key arguments follow {@code keyword}, searched from {@code startFrom} (negative: from the end, backwards). */
    public record Keyword(String keyword, int startFrom) implements Begin {}

    /** Keys whose place no spec can say (SORT's BY/GET/STORE); a command procedure finds them. */
    public record UnknownBegin() implements Begin {}

    /** How many keys, from the beginning found. */
    public sealed interface Find {}

    /** Keys up to {@code lastKey} (relative to the beginning; negative: from the end) every {@code step}; limit divides the rest. */
    public record Range(int lastKey, int step, int limit) implements Find {}

    /** The argument at {@code keyNumIdx} (relative) gives the count; keys start at {@code firstKey} (relative to it). */
    public record Keynum(int keyNumIdx, int firstKey, int step) implements Find {}

    public record UnknownFind() implements Find {}

    public KeySpec {
        flags = List.copyOf(flags);
    }

    public boolean has(String flag) {
        return flags.contains(flag);
    }

    static KeySpec parse(String s) {
        String[] p = s.split(":", 3);
        if (p.length != 3) throw new IllegalArgumentException("key spec " + s);
        List<String> flags = p[0].equals("-") ? List.of() : List.of(p[0].split(","));
        Begin b = switch (p[1].charAt(0)) {
            case 'i' -> new Index(Integer.parseInt(p[1].substring(1)));
            case 'k' -> {
                int comma = p[1].lastIndexOf(',');
                yield new Keyword(p[1].substring(1, comma), Integer.parseInt(p[1].substring(comma + 1)));
            }
            case '?' -> new UnknownBegin();
            default -> throw new IllegalArgumentException("key spec " + s);
        };
        Find f = switch (p[2].charAt(0)) {
            case 'r' -> {
                int[] n = ints(p[2]);
                yield new Range(n[0], n[1], n[2]);
            }
            case 'n' -> {
                int[] n = ints(p[2]);
                yield new Keynum(n[0], n[1], n[2]);
            }
            case '?' -> new UnknownFind();
            default -> throw new IllegalArgumentException("key spec " + s);
        };
        return new KeySpec(flags, b, f);
    }

    private static int[] ints(String s) {
        String[] parts = s.substring(1).split(",");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) out[i] = Integer.parseInt(parts[i]);
        return out;
    }

    /** The compact form (see the class comment). */
    String compact() {
        String b = switch (begin) {
            case Index i -> "i" + i.pos();
            case Keyword k -> "k" + k.keyword() + "," + k.startFrom();
            case UnknownBegin u -> "?";
        };
        String f = switch (find) {
            case Range r -> "r" + r.lastKey() + "," + r.step() + "," + r.limit();
            case Keynum n -> "n" + n.keyNumIdx() + "," + n.firstKey() + "," + n.step();
            case UnknownFind u -> "?";
        };
        return (flags.isEmpty() ? "-" : String.join(",", flags)) + ":" + b + ":" + f;
    }

    /** The spec's map in a COMMAND INFO reply (Redis's notes, which are prose, are not carried). */
    void write(ReplySink out) {
        out.mapHeader(3);
        bulk(out, "flags");
        out.setHeader(flags.size());
        for (String fl : flags) out.status(fl);
        bulk(out, "begin_search");
        out.mapHeader(2);
        bulk(out, "type");
        switch (begin) {
            case Index i -> {
                bulk(out, "index");
                bulk(out, "spec");
                out.mapHeader(1);
                bulk(out, "index");
                out.integer(i.pos());
            }
            case Keyword k -> {
                bulk(out, "keyword");
                bulk(out, "spec");
                out.mapHeader(2);
                bulk(out, "keyword");
                bulk(out, k.keyword());
                bulk(out, "startfrom");
                out.integer(k.startFrom());
            }
            case UnknownBegin u -> {
                bulk(out, "unknown");
                bulk(out, "spec");
                out.mapHeader(0);
            }
        }
        bulk(out, "find_keys");
        out.mapHeader(2);
        bulk(out, "type");
        switch (find) {
            case Range r -> {
                bulk(out, "range");
                bulk(out, "spec");
                out.mapHeader(3);
                bulk(out, "lastkey");
                out.integer(r.lastKey());
                bulk(out, "keystep");
                out.integer(r.step());
                bulk(out, "limit");
                out.integer(r.limit());
            }
            case Keynum n -> {
                bulk(out, "keynum");
                bulk(out, "spec");
                out.mapHeader(3);
                bulk(out, "keynumidx");
                out.integer(n.keyNumIdx());
                bulk(out, "firstkey");
                out.integer(n.firstKey());
                bulk(out, "keystep");
                out.integer(n.step());
            }
            case UnknownFind u -> {
                bulk(out, "unknown");
                bulk(out, "spec");
                out.mapHeader(0);
            }
        }
    }

    static void bulk(ReplySink out, String s) {
        out.bulk(s.getBytes(StandardCharsets.UTF_8));
    }
}
