package io.redraft.server.tool;

import io.redraft.store.HashSlot;
import java.util.BitSet;

/** {@code a-b,c,...}: the slot lists of {@code reshard --slots} and RAFT.SCAN. */
final class SlotList {
    private SlotList() {}

    static BitSet parse(String text) throws AdminException {
        BitSet slots = new BitSet(HashSlot.SLOTS);
        for (String part : text.split(",", -1)) {
            String[] ends = part.split("-", -1);
            try {
                int lo = Integer.parseInt(ends[0].trim());
                int hi = ends.length == 2 ? Integer.parseInt(ends[1].trim()) : lo;
                if (ends.length > 2 || lo < 0 || hi >= HashSlot.SLOTS || lo > hi) throw new NumberFormatException();
                slots.set(lo, hi + 1);
            } catch (NumberFormatException e) {
                throw AdminException.usage("not a slot list (a-b,c,...): " + text);
            }
        }
        return slots;
    }
}
