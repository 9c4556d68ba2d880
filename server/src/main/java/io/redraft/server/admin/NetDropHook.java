package io.redraft.server.admin;

import static io.redraft.server.node.Replies.str;

import io.redraft.resp.ReplySink;
import io.redraft.server.config.ServerConfig;
import java.util.HashSet;
import java.util.Set;

/**
 * Test-only network fault, the fault harness's fallback where it cannot put nodes in network
 * namespaces: {@code RAFT.DEBUG NETDROP [id ...]} makes this node deaf to the listed node ids (a
 * Raft request of theirs is not handed to the core and its connection is closed, so that the
 * sender never pairs a later reply with a dropped request; their replies to our requests are
 * discarded); no ids heals. While the list is not empty RAFT.NODESHUTDOWN is dropped too (it names
 * no sender; in the tests only a leader cut off from this node sends it). Refused unless the node
 * was started with {@code raft.test-net-faults yes}, so a production node can never be cut off by
 * a client. Node thread only.
 */
public final class NetDropHook {
    static final String SETTING = "raft.test-net-faults";

    private Set<Integer> deafTo = Set.of();

    /** True if Raft traffic from node {@code from} is to be dropped. */
    public boolean drops(int from) {
        return deafTo.contains(from);
    }

    /** True while cut off from some node: RAFT.NODESHUTDOWN, which names no sender, is then dropped. */
    public boolean deafToAnyone() {
        return !deafTo.isEmpty();
    }

    public void command(ServerConfig config, byte[][] argv, ReplySink out) {
        if (!config.bool(SETTING)) {
            out.error("ERR RAFT.DEBUG NETDROP needs " + SETTING + " yes");
            return;
        }
        Set<Integer> ids = new HashSet<>();
        for (int i = 2; i < argv.length; i++) {
            try {
                ids.add(Integer.parseInt(str(argv[i])));
            } catch (NumberFormatException e) {
                out.error("ERR invalid node id");
                return;
            }
        }
        deafTo = Set.copyOf(ids);
        out.status("OK");
    }
}
