package io.redraft.server.cluster;

import io.redraft.server.log.LogSetup;
import org.slf4j.Logger;

/**
 * Nothing more can be made durable (a full disk, a failing device): acknowledging anything now
 * would be a lie, and the files must stay as they are. As Redis does when it cannot write its
 * AOF, the node stays up and answers every command with a MISCONF error; it also stops taking
 * part in Raft (no ticks, no votes, no answers to peers), so the others carry on without it.
 * Every client still waiting learns that its request's outcome is unknown. Recovery is a
 * restart once space is back: the log is replayed from the files, a torn tail cut. The same stop
 * serves any write of the node's files (a received snapshot, metadata), since the files may no
 * longer say what the node acknowledged.
 */
final class StorageStop {
    private static final Logger LOG = LogSetup.raft("runtime");

    private StorageStop() {
    }

    static void stop(RaftRuntime rt, Throwable failure, String what) {
        String reason = StorageFailure.isDiskFull(failure) ? "No space left on device" : failure.toString();
        if (!rt.status().storageFailed("MISCONF Errors writing to the Raft log: " + reason)) return;
        LOG.warn("Writing {} failed ({}): this node accepts no more commands and takes no part in the cluster."
                + " Free space in {} and restart it: it recovers from its files.", what, reason, rt.config().dir());
        rt.proposals().failAll(rt.ports().completions());
        rt.clients().reads().failAll(rt.ports().completions());
        rt.serveWaits().failAll(rt.status().storageError());
        rt.links().closeAll();
        rt.ports().runCompletions();
    }
}
