package io.redraft.testkit.faults;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One family of faults ({@code --nemesis kill}, {@code clock}, ...). The {@link NemesisRunner}
 * injects one fault at a time, drawn from every enabled family: {@link #start}, hold a few
 * seconds, {@link #stop}, wait for a leader, rest.
 */
interface Nemesis {
    /** The faults of this family, as they appear in the report (e.g. {@code clock-skew}). */
    List<String> faults();

    /** Called once after the cluster is formed and before the clients start. */
    default void prepare() {}

    /**
     * Injects {@code fault}; returns what it did to whom (for the event log), or null if it does
     * not apply right now (e.g. no leader to kill), in which case nothing was done.
     */
    String start(String fault);

    /** Heals what {@link #start} did; one-shot faults (a membership change) have nothing to heal. */
    void stop(String fault);

    /** After the run: undoes every fault still in effect; false if some node could not be brought back. */
    boolean heal();

    /** Releases what {@link #prepare} set up, after the run's checks and before the cluster is closed. */
    default void close() {}

    /** Warnings in node logs that this family's faults explain (see {@link CrashChecker}). */
    default List<Pattern> expectedWarnings() {
        return List.of();
    }

    /**
     * What the last {@link #start} or {@link #stop} found wrong with the cluster under test (not
     * with the harness: those are exceptions), e.g. an isolated leader acknowledging a removal.
     * Each finding fails the run; the runner drains them after every start and stop.
     */
    default List<String> drainFindings() {
        return List.of();
    }

    /** How many nodes must vote at the end (membership faults change it); 0 = the initial size. */
    default int finalVoters() {
        return 0;
    }
}
