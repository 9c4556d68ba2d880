package io.redraft.server.cluster;

/**
 * Where the node is in its life (uninitialized, joining, loading its dataset, up) and whether its
 * files can still be written: what decides the error a command gets before anything else. Node
 * thread only.
 */
public final class NodeStatus {
    private enum State { UNINITIALIZED, JOINING, LOADING, UP }

    static final String LOADING = "LOADING Raft module is loading data";

    private State state = State.UNINITIALIZED;
    /** Set once the node's files could not be written: the error every command gets from then on. */
    private String storageError;

    public boolean isUninitialized() {
        return state == State.UNINITIALIZED;
    }

    public boolean isJoining() {
        return state == State.JOINING;
    }

    /** Whether the node loads its dataset (its snapshot at start, a dump at INIT) before the core starts. */
    public boolean isLoadingDataset() {
        return state == State.LOADING;
    }

    public boolean isUp() {
        return state == State.UP;
    }

    /** RAFT.CLUSTER JOIN started; the node is up once it joined, uninitialized again if that failed. */
    public void joinStarted() {
        state = State.JOINING;
    }

    /** A dataset is being loaded before the core can start (a snapshot at start, a dump at INIT). */
    public void datasetLoading() {
        state = State.LOADING;
    }

    /** A join or an import failed, or the node left its cluster: no member of any cluster. */
    public void backToUninitialized() {
        state = State.UNINITIALIZED;
    }

    void up() {
        state = State.UP;
    }

    String storageError() {
        return storageError;
    }

    /** Records that the node's files can no longer be written; false if that was known already. */
    boolean storageFailed(String error) {
        if (storageError != null) return false;
        storageError = error;
        return true;
    }

    /** The error for Raft RPCs in this state, or null when they may reach the core. */
    String rpcError() {
        if (storageError != null) return storageError;
        return switch (state) {
            case UNINITIALIZED -> "NOCLUSTER No Raft Cluster";
            case JOINING -> "NOCLUSTER No Raft Cluster (joining now)";
            case LOADING -> LOADING;
            case UP -> null;
        };
    }
}
