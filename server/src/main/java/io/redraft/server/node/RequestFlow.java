package io.redraft.server.node;

/**
 * Where a connection's requests stand (node thread only): idle; writes handed to the log and not
 * yet applied; reads waiting for their ReadIndex round; or one request blocked until something
 * answers it (a proxied request, RAFT.NODE ADD, DEBUG SLEEP...). Writes and reads in flight never
 * mix: a request that cannot follow the ones in flight stalls the connection until they are all
 * answered, so replies keep the order of the requests.
 */
final class RequestFlow {
    enum Phase { IDLE, WRITES, READS, BLOCKED }

    private Phase phase = Phase.IDLE;
    /** Writes or reads in flight (WRITES, READS); 0 otherwise. */
    private int inFlight;
    /** WRITES or READS only: the next request waits until all in flight are answered. */
    private boolean stalled;
    /** The request being executed was handed on (write or read) and is answered later. */
    private boolean handedOn;

    Phase phase() {
        return phase;
    }

    int inFlight() {
        return inFlight;
    }

    /** Whether the next request may be executed now (else it queues behind the connection's waiting ones). */
    boolean accepting() {
        return phase == Phase.IDLE || (!stalled && phase != Phase.BLOCKED);
    }

    /** Whether the connection waits with nothing it may run meanwhile (Redis's "blocked" client). */
    boolean blocked() {
        return phase == Phase.BLOCKED || stalled;
    }

    boolean idle() {
        return phase == Phase.IDLE;
    }

    /** The current request is a write handed to the log. */
    void writeSent() {
        require(phase == Phase.IDLE || (phase == Phase.WRITES && !stalled), "writeSent");
        phase = Phase.WRITES;
        inFlight++;
        handedOn = true;
    }

    /** A write was applied (or failed) and answered; true when none is left in flight. */
    boolean writeApplied() {
        require(phase == Phase.WRITES, "writeApplied");
        return finishOne();
    }

    /** The current request is a read waiting for its ReadIndex round. */
    void readSent() {
        require(phase == Phase.IDLE || (phase == Phase.READS && !stalled), "readSent");
        phase = Phase.READS;
        inFlight++;
        handedOn = true;
    }

    /** A read was served (or failed) and answered; true when none is left in flight. */
    boolean readConfirmed() {
        require(phase == Phase.READS, "readConfirmed");
        return finishOne();
    }

    /** A request cannot follow the writes or reads in flight: it waits until they are all answered. */
    void stall() {
        require((phase == Phase.WRITES || phase == Phase.READS) && !stalled, "stall");
        stalled = true;
    }

    /**
     * The current request waits to be answered by someone else (see {@link #unblock}). Blocking
     * a blocked request hands its wait on (RAFT.CLUSTER JOIN: joined, now waiting for a leader).
     */
    void block() {
        require(phase == Phase.IDLE || phase == Phase.BLOCKED, "block");
        phase = Phase.BLOCKED;
    }

    /** The blocked request got its answer. */
    void unblock() {
        require(phase == Phase.BLOCKED, "unblock");
        phase = Phase.IDLE;
    }

    /** Whether the request just executed was handed on, answered later; clears the mark. */
    boolean takeHandedOn() {
        boolean h = handedOn;
        handedOn = false;
        return h;
    }

    private boolean finishOne() {
        if (--inFlight > 0) return false;
        phase = Phase.IDLE;
        stalled = false;
        return true;
    }

    private void require(boolean legal, String transition) {
        if (!legal) throw new IllegalStateException(transition + " in " + this);
    }

    @Override
    public String toString() {
        return phase + (inFlight > 0 ? "(" + inFlight + ")" : "") + (stalled ? " stalled" : "");
    }
}
