package io.redraft.resp;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing of the inline-command splitter (sdssplitargs), which also splits config
 * file lines: any line gives arguments or null (unbalanced quotes), never an exception, in memory
 * proportional to the line; and the arguments, each written back as a "\xHH"-escaped quoted word,
 * split to the same arguments. Corpus: {@code InlineSplitterFuzzInputs}.
 */
class InlineSplitterFuzz {
    @FuzzTest
    void split(byte[] line) throws Exception {
        Allocation.bounded(line.length, 64 * 1024, 64, () -> InlineSplitter.split(line, line.length));
        byte[][] args = InlineSplitter.split(line, line.length);
        if (args == null) {
            return;
        }
        ByteArrayOutputStream quoted = new ByteArrayOutputStream();
        for (byte[] a : args) {
            quoted.write('"');
            for (byte b : a) {
                quoted.writeBytes(String.format("\\x%02x", b & 0xff).getBytes(StandardCharsets.US_ASCII));
            }
            quoted.writeBytes("\" ".getBytes(StandardCharsets.US_ASCII));
        }
        byte[] again = quoted.toByteArray();
        if (!Arrays.deepEquals(InlineSplitter.split(again, again.length), args)) {
            throw new AssertionError("quoting the arguments back does not give them again");
        }
    }
}
