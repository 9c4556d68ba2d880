package io.redraft.testkit.faults;

/** Entry point of {@code bin/redraft-faults}: exit 0 only if the history checks out and no node crashed. */
public final class FaultsMain {
    private FaultsMain() {}

    public static void main(String[] args) throws InterruptedException {
        FaultsOptions options;
        try {
            if (args.length == 1 && (args[0].equals("-h") || args[0].equals("--help"))) {
                System.out.print(FaultsOptions.USAGE);
                return;
            }
            options = FaultsOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("redraft-faults: " + e.getMessage());
            System.err.print(FaultsOptions.USAGE);
            System.exit(2);
            return;
        }
        for (String n : options.notImplemented()) {
            System.out.println("nemesis " + n + ": not implemented, skipped");
        }
        String layout = options.shards() > 0 ? options.shards() + " shard groups of " + options.nodes() + " nodes" : options.nodes() + " nodes";
        System.out.println("redraft-faults: " + layout + ", " + options.timeLimitSeconds() + " s, nemesis "
                + options.nemeses() + ", " + options.clients() + " clients, workload " + options.workload() + ", seed " + options.seed());
        FaultsReport report = new FaultsRun(options).run();
        System.out.println(report.text());
        if (options.out() != null) System.out.println("history, node logs and report in " + options.out());
        System.exit(report.ok() ? 0 : 1);
    }
}
