package io.redraft.raft;

/**
 * Hears about AppendEntries that asked this node to overwrite a committed entry, which it refused
 * (a committed entry is never truncated). Never called in a correct cluster.
 */
@FunctionalInterface
public interface RefusalListener {
    /**
     * @param from      the node that sent the request
     * @param term      the request's term
     * @param index     the first committed index the request would have overwritten
     * @param committed this node's commit index
     */
    void onRefusedTruncation(int from, long term, long index, long committed);
}
