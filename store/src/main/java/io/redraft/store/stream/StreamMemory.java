package io.redraft.store.stream;

import java.util.ArrayList;
import java.util.List;

/**
 * The figures of a stream that MEMORY USAGE needs, as Redis's structures would hold them: the
 * listpack bytes of each node in ID order, the radix tree of nodes, and for each consumer group
 * its PEL and consumers. The estimate itself is made by the caller.
 */
public record StreamMemory(long[] nodeBytes, long raxNodes, List<Group> groups) {
    /** One consumer group: its PEL's size and rax nodes, and its consumers. */
    public record Group(long pelSize, long pelRaxNodes, List<Member> consumers) {
    }

    /** One consumer: its name's length and its own PEL's size and rax nodes. */
    public record Member(long nameLength, long pelSize, long pelRaxNodes) {
    }

    public static StreamMemory of(StreamValue s) {
        long[] bytes = new long[s.nodes.size()];
        int i = 0;
        for (StreamNode n : s.nodes.values()) {
            bytes[i++] = n.bytes();
        }
        List<Group> groups = new ArrayList<>(s.groups.size());
        for (ConsumerGroup g : s.groups.values()) {
            List<Member> members = new ArrayList<>(g.consumers.size());
            for (Consumer c : g.consumers.values()) {
                members.add(new Member(c.name.length, c.pel.size(), raxNodes(c.pel.keySet())));
            }
            groups.add(new Group(g.pel.size(), raxNodes(g.pel.keySet()), members));
        }
        return new StreamMemory(bytes, s.raxNodes(), groups);
    }

    private static long raxNodes(java.util.Collection<StreamId> ids) {
        List<byte[]> keys = new ArrayList<>(ids.size());
        for (StreamId id : ids) {
            keys.add(id.raxKey());
        }
        return RaxShape.nodes(keys);
    }
}
