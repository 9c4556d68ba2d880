package io.redraft.server.node;

import java.util.ArrayList;
import java.util.List;

/** One {@code # Name} block of INFO: fields in the order Redis prints them. */
public final class InfoSection {
    final String title;
    final List<String> lines = new ArrayList<>();

    public InfoSection(String title) {
        this.title = title;
    }

    public InfoSection field(String name, Object value) {
        lines.add(name + ":" + value);
        return this;
    }

    public String title() {
        return title;
    }

    void appendTo(StringBuilder sb) {
        sb.append("# ").append(title).append("\r\n");
        for (String l : lines) sb.append(l).append("\r\n");
    }
}
