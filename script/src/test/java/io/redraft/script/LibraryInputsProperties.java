package io.redraft.script;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile inputs to the Java-written libraries end as Lua errors with Redis's texts or as values,
 * never as a Java exception leaking through (which LuaJ would report as "vm error: java...").
 */
class LibraryInputsProperties {
    private final LocalStore s = new LocalStore();

    private void noJavaErrors(String reply) {
        assertThat(reply).doesNotContain("java.").doesNotContain("internal error").doesNotContain("vm error");
    }

    @Property(tries = 300)
    void cmsgpackUnpack(@ForAll @StringLength(max = 24) @CharRange(from = 0, to = 255) String data) {
        noJavaErrors(s.eval("return {cmsgpack.unpack(ARGV[1])}", 0, data));
        noJavaErrors(s.eval("return {cmsgpack.unpack_one(ARGV[1], 1)}", 0, data));
    }

    @Property(tries = 300)
    void cjsonDecode(@ForAll @StringLength(max = 24) @CharRange(from = 0, to = 127) String data) {
        noJavaErrors(s.eval("return cjson.encode(cjson.decode(ARGV[1]))", 0, data));
    }

    @Property(tries = 300)
    void structUnpack(@ForAll @StringLength(max = 8) @CharRange(from = 32, to = 126) String format,
                      @ForAll @StringLength(max = 16) @CharRange(from = 0, to = 255) String data) {
        noJavaErrors(s.eval("return {struct.unpack(ARGV[1], ARGV[2])}", 0, format, data));
        noJavaErrors(s.eval("return struct.pack(ARGV[1], 1, 2, 3, 'abc')", 0, format));
        noJavaErrors(s.eval("return struct.size(ARGV[1])", 0, format));
    }

    @Property(tries = 300)
    void stringFormat(@ForAll @StringLength(max = 10) @CharRange(from = 32, to = 126) String format) {
        noJavaErrors(s.eval("return string.format('%99999999999d', 1)"));
        noJavaErrors(s.eval("return string.format(ARGV[1], 1.5, 'x', 3, 4)", 0, format));
    }

    @Property(tries = 100)
    void functionRestore(@ForAll @StringLength(max = 40) @CharRange(from = 0, to = 255) String payload) {
        noJavaErrors(s.run("FUNCTION", "RESTORE", payload));
    }
}
