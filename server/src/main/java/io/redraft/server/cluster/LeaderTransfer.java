package io.redraft.server.cluster;

import io.redraft.raft.SoftState;
import io.redraft.server.node.ClientSession;
import io.redraft.server.node.NodeThread;
import java.util.List;

/** A RAFT.TRANSFER_LEADER waiting for the election it started. Node thread only. */
final class LeaderTransfer {
    private record Transfer(ClientSession session, int target) {}

    private final NodeThread node;
    private Transfer transfer;

    LeaderTransfer(NodeThread node) {
        this.node = node;
    }

    boolean inProgress() {
        return transfer != null;
    }

    void started(ClientSession s, int target) {
        transfer = new Transfer(s, target);
    }

    /** The role or leader changed, or the transfer timed out: answer the waiting client if decided. */
    void progress(SoftState soft, int timedOut, int selfId, List<Runnable> completions) {
        if (transfer == null) return;
        String reply = null;
        if (timedOut != 0) {
            reply = "ERR transfer timed out";
        } else if (soft.leaderId() != 0 && soft.leaderId() != selfId) {
            reply = soft.leaderId() == transfer.target() ? null : "ERR different node elected leader";
            if (reply == null) {
                node.sink(transfer.session()).status("OK");
                ClientSession s = transfer.session();
                completions.add(() -> node.complete(s));
                transfer = null;
                return;
            }
        }
        if (reply != null) {
            node.sink(transfer.session()).error(reply);
            ClientSession s = transfer.session();
            completions.add(() -> node.complete(s));
            transfer = null;
        }
    }
}
