package io.redraft.raft;

import java.util.ArrayDeque;
import java.util.List;

/**
 * The Ready loop, written once: what a server does with each {@link Ready} of its core, in the
 * order {@link Ready} prescribes. The server's runtime and the simulator's nodes both run it,
 * each through its own {@link Ports} (real files and sockets, or a simulated disk and network),
 * so that every simulated run exercises the ordering production runs. No I/O here.
 *
 * <p>Per Ready: snapshot chunks are stored; hard state and entries are handed to storage, and the
 * messages that must wait for them go out once they are durable (when this Ready has nothing to
 * persist, once every earlier Ready's state is: at once if none is still being written); the other
 * messages go out; a received snapshot is installed; committed entries are
 * applied; confirmed reads are released, failed ones failed; a requested snapshot is started; a
 * role change is reported; the Ready is handed back; then the owner's after-advance work runs.
 */
public final class ReadyLoop {
    /** What the loop needs from its owner. Called on the owner's (single) thread. */
    public interface Ports {
        /** The core to drive, or null when there is none (not started, removed, crashed). */
        RaftNode core();

        /** Whether no further Ready may be handled (the node can no longer persist). */
        boolean halted();

        /**
         * Whether a persistence failure is known but not yet handled: nothing more may be
         * persisted, so nothing of a new Ready may be sent, applied or answered.
         */
        boolean persistenceFailing();

        void receiveChunk(SnapshotChunk chunk);

        /**
         * Starts making {@code rd}'s hard state and entries durable; {@code whenDurable} must run
         * on the owner's thread once they are (and every earlier Ready's are). False if they
         * cannot be handed over: the loop stops.
         */
        boolean persist(Ready rd, Runnable whenDurable);

        /** A snapshot is now taken: storage may drop the entries it covers. */
        void compact(SnapshotMeta snapshot);

        void send(List<RaftMessage> messages);

        /** A fully received snapshot: load it, then call {@link RaftNode#snapshotInstalled}. */
        void installSnapshot(SnapshotMeta snapshot);

        /** Applies committed entries, in order. */
        void apply(List<Entry> committed);

        void readConfirmed(ReadState read);

        void readFailed(long requestId);

        /** Serves confirmed reads whose index is now applied. */
        void serveAppliedReads();

        /** Takes a snapshot exactly at {@code request.lastIndex()}, then calls {@link RaftNode#snapshotTaken}. */
        void takeSnapshot(SnapshotMeta request);

        /** The role or leader changed ({@code soft} non-null), or a leadership transfer timed out. */
        void leadershipChanged(SoftState soft, int transferTimedOut);

        /** The Ready was handed back to the core: work that must wait for that (unblocking clients). */
        void advanced();

        /** Runs the loop again as the owner runs it (a persist completed). */
        void resume();
    }

    /** Messages of a Ready with nothing to persist, waiting for persist number {@code after} to be durable. */
    private record Held(long after, List<RaftMessage> messages) {}

    private final Ports ports;
    /** The core the counters below are about: a new core (a restart, a new cluster) starts them over. */
    private RaftNode tracked;
    /** Persists handed to storage, and the last one reported durable; storage completes them in order. */
    private long submitted;
    private long durable;
    private final ArrayDeque<Held> held = new ArrayDeque<>();

    public ReadyLoop(Ports ports) {
        this.ports = ports;
    }

    /**
     * Handles Readies until the core has none; false if it stopped early because persistence
     * failed (or could not be started).
     */
    public boolean run() {
        for (RaftNode core = ports.core(); core != null && !ports.halted() && core.hasReady(); core = ports.core()) {
            if (ports.persistenceFailing()) return false;
            if (core != tracked) {
                tracked = core;
                submitted = durable = 0;
                held.clear();
            }
            Ready rd = core.ready();
            for (SnapshotChunk c : rd.snapshotChunks()) ports.receiveChunk(c);
            if (!rd.entries().isEmpty() || rd.hardState() != null) {
                Entry last = rd.lastEntry();
                List<RaftMessage> after = rd.messagesAfterPersist();
                long seq = ++submitted;
                RaftNode of = core;
                if (!ports.persist(rd, () -> persisted(of, seq, last, after))) return false;
            } else if (durable == submitted) {
                ports.send(rd.messagesAfterPersist());
            } else if (!rd.messagesAfterPersist().isEmpty()) {
                // They vouch for state an earlier Ready is still writing (an acknowledgement of
                // entries received twice before their first write is done): not before it is durable.
                held.add(new Held(submitted, rd.messagesAfterPersist()));
            }
            if (rd.compaction() != null) ports.compact(rd.compaction());
            ports.send(rd.messages());
            if (rd.snapshotToInstall() != null) ports.installSnapshot(rd.snapshotToInstall());
            if (!rd.committedEntries().isEmpty()) ports.apply(rd.committedEntries());
            for (ReadState r : rd.readStates()) ports.readConfirmed(r);
            for (Long id : rd.failedReads()) ports.readFailed(id);
            ports.serveAppliedReads();
            if (rd.snapshotRequest() != null) ports.takeSnapshot(rd.snapshotRequest());
            if (rd.softState() != null || rd.transferTimedOut() != 0) ports.leadershipChanged(rd.softState(), rd.transferTimedOut());
            core.advance(rd);
            ports.advanced();
        }
        return true;
    }

    private void persisted(RaftNode of, long seq, Entry last, List<RaftMessage> after) {
        RaftNode core = ports.core();
        if (core == null) return;
        if (last != null) core.persisted(last.index(), last.term());
        ports.send(after);
        if (of == tracked) {
            durable = seq;
            while (!held.isEmpty() && held.peek().after() <= seq) ports.send(held.poll().messages());
        }
        ports.resume();
    }
}
