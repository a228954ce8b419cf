package org.styletransfer.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class LbfgsBenchTest {

    /** The line names the size and settings and gives a positive time with a full memory. */
    @Test
    void theLineGivesTheTimeLbfgsAddsToAnIteration() {
        String line = LbfgsBench.run(16, 5, 2, 1, 10);
        Matcher m = Pattern.compile("BENCH case=lbfgs_16 ms_per_iteration=(\\S+) memory=5 octaves=2 threads=1 "
            + "evaluations_per_iteration=(\\S+)").matcher(line);
        assertTrue(m.matches(), line);
        assertTrue(Double.parseDouble(m.group(1)) > 0, line);
        assertTrue(Double.parseDouble(m.group(2)) >= 1, line);
    }
}
