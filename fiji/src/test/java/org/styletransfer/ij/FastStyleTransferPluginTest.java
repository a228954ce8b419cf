package org.styletransfer.ij;

import ij.ImagePlus;
import ij.gui.Line;
import ij.gui.OvalRoi;
import ij.process.ColorProcessor;
import org.junit.jupiter.api.Test;
import org.styletransfer.command.CommandSpec;
import org.styletransfer.command.FastStyleSpec;
import org.styletransfer.command.ParamValues;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The plugin's own logic; the menu, dialog and macro behaviour are covered by the *IT tests. */
class FastStyleTransferPluginTest {
    private static ParamValues values() {
        return FastStyleSpec.spec().defaults().set(FastStyleSpec.MODEL, "mosaic");
    }

    @Test
    void summaryNamesTheCatalogueModel() {
        assertEquals("mosaic", FastStyleTransferPlugin.styleName(values()));
    }

    @Test
    void summaryNamesACustomModelByItsFileName() {
        assertEquals("my_net.onnx", FastStyleTransferPlugin.styleName(
            values().set(FastStyleSpec.MODEL_FILE, " /models/styles/my_net.onnx ")));
    }

    @Test
    void summaryListsBlendedModels() {
        assertEquals("mosaic + udnie:0.3", FastStyleTransferPlugin.styleName(
            values().set(FastStyleSpec.BLEND_WITH, "udnie:0.3")));
    }

    @Test
    void dialogSaysWhatHappensToAnAreaSelection() {
        CommandSpec spec = FastStyleSpec.spec();
        ImagePlus imp = new ImagePlus("cells.tif", new ColorProcessor(40, 30));
        assertSame(spec, FastStyleTransferPlugin.withSelectionNote(spec, imp), "no selection, no note");
        imp.setRoi(new Line(1, 1, 20, 20));
        assertSame(spec, FastStyleTransferPlugin.withSelectionNote(spec, imp), "a line is no area");
        imp.setRoi(new OvalRoi(5, 5, 20, 15));
        CommandSpec noted = FastStyleTransferPlugin.withSelectionNote(spec, imp);
        assertTrue(noted.description().startsWith(spec.description()), noted.description());
        assertTrue(noted.description().contains("'cells.tif' has a selection: only its inside is stylised"),
            noted.description());
        assertTrue(noted.description().contains("the selection is then ignored"), noted.description());
        assertEquals(spec.params(), noted.params());
    }
}
