package io.redraft.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * What this binary is: the Maven project version and the git commit it was built from, written
 * at build time into {@code build-info.properties} (server/pom.xml). A build outside a git work
 * tree, or classes compiled without Maven, give the commit as zeros, RedisRaft's "unknown".
 *
 * @param version the Redraft version ({@code raft_version})
 * @param gitSha1 the 40 hex digits of the commit, zeros when unknown
 */
public record BuildInfo(String version, String gitSha1) {
    static final String UNKNOWN_SHA1 = "0".repeat(40);

    public static final BuildInfo CURRENT = load();

    /** The 8 hex digits RedisRaft shows as {@code raft_git_sha1}. */
    public String shortSha1() {
        return gitSha1.substring(0, 8);
    }

    static BuildInfo load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("build-info.properties")) {
            if (in != null) p.load(in);
        } catch (IOException e) {
            // as if absent: the build identity is informative only
        }
        return of(p.getProperty("version"), p.getProperty("git.sha1"));
    }

    static BuildInfo of(String version, String sha1) {
        String v = version == null || version.isBlank() || version.startsWith("${") ? "0.0.0" : version.trim();
        String s = sha1 == null || !sha1.trim().matches("[0-9a-f]{40}") ? UNKNOWN_SHA1 : sha1.trim();
        return new BuildInfo(v, s);
    }
}
