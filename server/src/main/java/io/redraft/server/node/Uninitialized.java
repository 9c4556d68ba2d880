package io.redraft.server.node;

import io.redraft.resp.ReplySink;
import java.util.List;

/** A node that belongs to no cluster yet: every data command gets {@code -NOCLUSTER No Raft Cluster}. */
public final class Uninitialized implements ClusterRole {
    private final NodeContext ctx;

    public Uninitialized(NodeContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public List<InfoSection> infoSections() {
        RaftInfoFields f = new RaftInfoFields();
        f.nodeId = ctx.config.raftId();
        f.snapshotFilename = ctx.config.dbfilename();
        return f.render();
    }

    @Override
    public void intercepted(ClientSession s, byte[][] argv, ReplySink out) {
        out.error("NOCLUSTER No Raft Cluster");
    }

    @Override
    public boolean raftCommand(ClientSession s, String name, byte[][] argv, ReplySink out) {
        return false;
    }
}
