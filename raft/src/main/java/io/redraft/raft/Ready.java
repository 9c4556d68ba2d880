package io.redraft.raft;

import java.util.List;

/**
 * Work the caller must carry out, in this order (see docs/raft.md):
 * <ol>
 *   <li>write {@link #snapshotChunks} at their offsets; persist {@link #hardState} and
 *       {@link #entries} (which may overwrite the log from {@code entries.get(0).index()});
 *       install {@link #snapshotToInstall} and {@link #compaction} as described on each;</li>
 *   <li>send {@link #messages} at once (they need not wait for persistence);</li>
 *   <li>once step 1 is durable, send {@link #messagesAfterPersist} and report
 *       {@link RaftNode#persisted(long, long)} with the last entry's index and term;</li>
 *   <li>apply {@link #committedEntries} in order; serve {@link #readStates} once applied reaches
 *       their index; fail {@link #failedReads} ({@code -TIMEOUT no quorum for read});</li>
 *   <li>start {@link #snapshotRequest} if present;</li>
 *   <li>call {@link RaftNode#advance(Ready)}.</li>
 * </ol>
 *
 * @param softState            new role / leader, or null if unchanged
 * @param hardState            term, vote and commit to persist, or null if unchanged
 * @param entries              entries to append to stable storage
 * @param messages             messages to send now
 * @param messagesAfterPersist messages to send only after this Ready's state (and every earlier
 *                             Ready's) is durable: votes, acknowledgements, and everything a
 *                             leader sends before its term is known durable
 * @param committedEntries     entries to apply to the state machine, in order
 * @param readStates           confirmed linearizable reads
 * @param failedReads          ids of reads that can no longer be confirmed (leadership lost)
 * @param snapshotChunks       snapshot bytes received from the leader
 * @param snapshotToInstall    a fully received snapshot: load it, replace storage's log with it
 *                             (its config comes from the snapshot content), then call
 *                             {@link RaftNode#snapshotInstalled(SnapshotMeta)}; null if none.
 *                             Given only once earlier entries are durable, and never together
 *                             with committed entries (the snapshot covers them)
 * @param snapshotRequest      take a snapshot of the state machine exactly at
 *                             {@code snapshotRequest.lastIndex()} (the applied index once this
 *                             Ready's committed entries are applied), then call
 *                             {@link RaftNode#snapshotTaken(SnapshotMeta)}; null if none
 * @param compaction           a snapshot now taken: storage may drop entries up to its last index
 *                             and record it as the latest snapshot; null if none
 * @param transferTimedOut     target of a leadership transfer abandoned this round, 0 if none
 */
public record Ready(SoftState softState, HardState hardState, List<Entry> entries, List<RaftMessage> messages,
                    List<RaftMessage> messagesAfterPersist, List<Entry> committedEntries,
                    List<ReadState> readStates, List<Long> failedReads, List<SnapshotChunk> snapshotChunks,
                    SnapshotMeta snapshotToInstall, SnapshotMeta snapshotRequest, SnapshotMeta compaction,
                    int transferTimedOut) {
    public Ready {
        entries = List.copyOf(entries);
        messages = List.copyOf(messages);
        messagesAfterPersist = List.copyOf(messagesAfterPersist);
        committedEntries = List.copyOf(committedEntries);
        readStates = List.copyOf(readStates);
        failedReads = List.copyOf(failedReads);
        snapshotChunks = List.copyOf(snapshotChunks);
    }

    /** Whether there is nothing to do. */
    public boolean isEmpty() {
        return softState == null && hardState == null && entries.isEmpty() && messages.isEmpty()
                && messagesAfterPersist.isEmpty() && committedEntries.isEmpty() && readStates.isEmpty()
                && failedReads.isEmpty() && snapshotChunks.isEmpty() && snapshotToInstall == null
                && snapshotRequest == null && compaction == null && transferTimedOut == 0;
    }

    /** Index and term of the last entry to persist, or null when {@link #entries} is empty. */
    public Entry lastEntry() {
        return entries.isEmpty() ? null : entries.get(entries.size() - 1);
    }
}
