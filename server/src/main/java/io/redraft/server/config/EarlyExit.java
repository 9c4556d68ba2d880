package io.redraft.server.config;

import io.redraft.server.BuildInfo;
import java.util.Optional;

/**
 * What redis-server does instead of starting when its first argument is {@code -v},
 * {@code --version}, {@code -h} or {@code --help}: print something and exit.
 *
 * @param text   what to print (followed by a newline)
 * @param stderr print on stderr rather than stdout
 * @param status the exit status
 */
public record EarlyExit(String text, boolean stderr, int status) {

    /** Checks the first argument as redis-server's main() does, before any config is read. */
    public static Optional<EarlyExit> of(String[] args) {
        if (args.length == 0) return Optional.empty();
        return switch (args[0]) {
            case "-v", "--version" -> Optional.of(new EarlyExit(
                    "Redraft server v=" + ServerConfig.REDIS_VERSION + " sha=00000000:0 malloc=libc bits=64 build=0"
                            + " redraft=" + BuildInfo.CURRENT.version() + " redraft_sha=" + BuildInfo.CURRENT.shortSha1(),
                    false, 0));
            case "-h", "--help" -> Optional.of(new EarlyExit(USAGE, true, 1));
            case "--test-memory", "--check-system" -> Optional.of(new EarlyExit(
                    args[0] + " is not supported by Redraft", true, 1));
            default -> Optional.empty();
        };
    }

    private static final String USAGE = """
            Usage: redraft-server [/path/to/redis.conf] [options] [-]
                   redraft-server - (read config from stdin)
                   redraft-server -v or --version
                   redraft-server -h or --help

            Options are redis.conf directives written --name value, RedisRaft's as --raft.<name> value;
            they apply after the config file. See docs/configuration.md.

            Examples:
                   redraft-server --port 5001 --dbfilename raft1.rdb --raft.log-filename raftlog1.db
                   redraft-server /etc/redraft/5001.conf --loglevel verbose
                   echo 'raft.addr 10.0.0.3:5001' | redraft-server -""".stripTrailing();
}
