package org.styletransfer.command;

import org.junit.jupiter.api.Test;
import org.styletransfer.engine.StyleTransferException;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WeightedListTest {
    private static final WeightedList BLEND = WeightedList.of("blend_with", "mosaic:0.3, udnie:0.2");

    @Test
    void weightIsAfterTheLastColonSoThatPathsMayHaveColons() {
        assertEquals(List.of(new WeightedList.Entry("the_scream.jpg", 0.3), new WeightedList.Entry("C:\\art\\udnie.jpg", 0.2)),
            BLEND.parse(" the_scream.jpg:0.3, C:\\art\\udnie.jpg : 0.2 "));
        assertTrue(BLEND.parse(" ").isEmpty());
        assertTrue(BLEND.parse(null).isEmpty());
        assertEquals(1, BLEND.parse("mosaic:0.3, ").size(), "blank entries are skipped");
    }

    @Test
    void messagesNameTheOptionAndGiveAnExample() {
        for (String[] bad : new String[][] {
            {"udnie", "blend_with entry 'udnie' needs a weight"},
            {"udnie:lots", "blend_with weight 'lots' is not a number"},
            {"udnie:2", "blend_with weights must be between 0 and 1, not 2"},
            {"udnie:-0.1", "blend_with weights must be between 0 and 1, not -0.1"},
            {":0.3", "blend_with entry ':0.3' needs a name"}}) {
            String m = assertThrows(StyleTransferException.class, () -> BLEND.parse(bad[0])).getMessage();
            assertTrue(m.startsWith(bad[1]), m);
            assertTrue(m.endsWith("; write e.g. 'mosaic:0.3, udnie:0.2'."), m);
        }
    }

    @Test
    void theFirstGetsWhatTheListLeaves() {
        assertEquals(0.5, BLEND.rest(BLEND.parse("mosaic:0.3, udnie:0.2")), 1e-12);
        assertEquals(1, BLEND.rest(List.of()));
        String m = assertThrows(StyleTransferException.class,
            () -> BLEND.rest(BLEND.parse("mosaic:0.7, udnie:0.6"))).getMessage();
        assertTrue(m.contains("blend_with weights add up to 1.3"), m);
    }

    @Test
    void bareNamesMayWeighByDefault() {
        WeightedList bench = WeightedList.of("--blend", "starry_night:0.5,the_scream:0.3").bareNamesWeigh(1);
        assertEquals(List.of(new WeightedList.Entry("a", 0.5), new WeightedList.Entry("b", 1), new WeightedList.Entry("c", 3)),
            bench.parse("a:0.5, b, c:3"));
        assertThrows(StyleTransferException.class, () -> bench.parse("a:-1"));
        assertThrows(StyleTransferException.class, () -> bench.parse("a:Infinity"));
    }
}
