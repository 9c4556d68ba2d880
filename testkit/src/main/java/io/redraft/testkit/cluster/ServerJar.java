package io.redraft.testkit.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the shaded server jar the real-process tests run. The build passes it as {@code redraft.jar}
 * (testkit's surefire config); otherwise it is looked up from the working directory, which is either
 * the repository root or a module directory.
 */
public final class ServerJar {
    public static final String PROPERTY = "redraft.jar";
    static final String RELATIVE = "server/target/redraft-server.jar";

    private ServerJar() {}

    public static Path locate() {
        return locate(System.getProperty(PROPERTY), Path.of(System.getProperty("user.dir")));
    }

    static Path locate(String configured, Path workingDir) {
        List<Path> tried = new ArrayList<>();
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured).toAbsolutePath().normalize();
            if (Files.isRegularFile(p)) return p;
            tried.add(p);
        } else {
            Path cwd = workingDir.toAbsolutePath();
            for (Path base : new Path[] {cwd, cwd.getParent()}) {
                if (base == null) continue;
                Path p = base.resolve(RELATIVE).normalize();
                if (Files.isRegularFile(p)) return p;
                tried.add(p);
            }
        }
        throw new IllegalStateException("the Redraft server jar is missing (looked at " + tried
                + "); package the server first, e.g. `mvn -B -pl testkit -am verify`, or "
                + "`mvn -B -pl server -am package -DskipTests`, or point -D" + PROPERTY + "= at a jar");
    }
}
