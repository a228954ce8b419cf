package org.styletransfer.ij;

import org.junit.jupiter.api.Test;
import org.styletransfer.command.FastStyleSpec;
import org.styletransfer.command.ParamValues;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
