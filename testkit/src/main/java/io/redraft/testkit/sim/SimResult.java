package io.redraft.testkit.sim;

/**
 * Outcome of one simulated run.
 *
 * @param seed      the seed that reproduces it
 * @param failure   null if every check passed, else what failed and where
 * @param summary   one line of figures: nodes, virtual time, events, ops, faults
 */
public record SimResult(long seed, String failure, String summary) {
    public boolean ok() {
        return failure == null;
    }

    /** The command that replays exactly this run. */
    public String replayCommand() {
        return "mvn -q -B -pl testkit -am test -Dtest=SimulationTest -Dsim.seed=" + seed
                + " -Dsurefire.failIfNoSpecifiedTests=false";
    }

    @Override
    public String toString() {
        return ok() ? "seed " + seed + " ok: " + summary
                : "seed " + seed + " FAILED: " + failure + "\n  " + summary + "\n  replay: " + replayCommand();
    }
}
