package io.redraft.server.shard;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code raft.slot-config}: the slots a new cluster's own group starts with. The seed documents
 * {@code N}, {@code A:B} and comma lists of both ({@code 0:100,200,300:400}); empty means none.
 */
public final class SlotConfig {
    private SlotConfig() {
    }

    /** The ranges, or null when the text is not a valid slot configuration. */
    public static List<SlotRange> parse(String text) {
        List<SlotRange> ranges = new ArrayList<>();
        if (text.isEmpty()) return ranges;
        for (String part : text.split(",", -1)) {
            String[] ends = part.split(":", -1);
            if (ends.length > 2) return null;
            Integer lo = slot(ends[0]);
            Integer hi = ends.length == 2 ? slot(ends[1]) : lo;
            if (lo == null || hi == null || lo > hi) return null;
            for (SlotRange r : ranges) {
                if (lo <= r.end() && hi >= r.start()) return null;
            }
            ranges.add(SlotRange.stable(lo, hi));
        }
        return ranges;
    }

    private static Integer slot(String s) {
        var n = ShardGroupArgs.number(s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        if (n.isEmpty() || n.getAsLong() < 0 || n.getAsLong() > 16383) return null;
        return (int) n.getAsLong();
    }
}
