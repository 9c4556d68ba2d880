package io.redraft.testkit.faults;

import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * One family of faults the nemesis draws from ({@code --nemesis partition}, {@code island}, ...):
 * its variants, how to start one and how to undo it. The nemesis loop (rest, start, hold, heal,
 * wait for a leader) is {@link ProcessNemesis}'s.
 */
interface Fault {
    /** The variants, as they appear in the report's fault counts (e.g. "partition-leader"). */
    List<String> variants();

    /**
     * Starts {@code variant}; returns what it did, for the event log, or empty if it does not apply
     * right now (no leader to isolate). Problems that are findings go to {@code failures}.
     */
    Optional<String> start(String variant, Random rnd, List<String> failures);

    /** Undoes the variant started last. */
    void heal(List<String> failures);

    /** Undoes everything, whatever state the run left (end of run, or after an error). */
    void healAll();
}
