package org.styletransfer.ij;

import ij.IJ;
import ij.measure.ResultsTable;
import ij.plugin.PlugIn;
import org.styletransfer.command.ModelsCommand;
import org.styletransfer.command.ModelsSpec;
import org.styletransfer.command.ParamValues;
import org.styletransfer.engine.CancelledException;
import org.styletransfer.engine.StyleTransferException;
import org.styletransfer.models.ModelEntry;
import org.styletransfer.models.ModelStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Plugins &gt; Style Transfer &gt; Models... (see {@code plugins.config}): the ImageJ 1.x menu
 * command and macro function {@code run("Models...", "action=Download model=mosaic")}. It only
 * collects the options and shows the outcome; {@link ModelsCommand} does the work. Unlike the style
 * commands it needs no image.
 */
public class ModelsPlugin implements PlugIn {
    /** The dialog and error title. */
    static final String TITLE = "Style Transfer " + ModelsSpec.spec().title();
    /** The title of the table that List fills. */
    static final String TABLE = "Style Transfer Models";

    /** Shows the dialog (or reads the macro's options) and runs the action. {@code arg} is not used. */
    @Override
    public void run(String arg) {
        ImageJSetup.apply();
        new SpecDialog(ModelsSpec.spec()).show().ifPresent(ModelsPlugin::execute);
    }

    private static void execute(ParamValues values) {
        ImageJProgress progress = new ImageJProgress(TITLE);
        try {
            ModelsCommand.Outcome outcome = ModelsCommand.run(values, ModelStore.standard(), progress);
            if (!outcome.listing().isEmpty()) show(outcome.listing());
            IJ.showStatus(outcome.message());
            IJ.log(outcome.message());
        } catch (CancelledException e) {
            IJ.showStatus(TITLE + ": download cancelled; run it again to resume.");
        } catch (StyleTransferException e) {
            // The message says what went wrong and what to do; a stack trace would only distract.
            UserMessages.error(TITLE, e.getMessage());
        } finally {
            progress.finish();
        }
    }

    /**
     * One row per model in a table that macros can read ({@code Table.getString("state", i, "Style
     * Transfer Models")}). Without ImageJ's window ({@code -batch}) the rows also go to the Log,
     * which a batch run prints, as nobody sees the table there.
     */
    static void show(List<ModelStore.Status> listing) {
        ResultsTable rt = table(listing);
        rt.show(TABLE);
        if (IJ.getInstance() != null) return;
        for (int i = 0; i < rt.size(); i++) {
            IJ.log(String.format("%-24s %-5s %-18s %s", rt.getStringValue("id", i), rt.getStringValue("kind", i),
                rt.getStringValue("state", i), rt.getStringValue("location", i)));
        }
    }

    /** The listing as a table: id, kind, state, location (file or download address), size, licence, name. */
    static ResultsTable table(List<ModelStore.Status> listing) {
        ResultsTable rt = new ResultsTable();
        for (ModelStore.Status s : listing) {
            ModelEntry e = s.entry();
            rt.incrementCounter();
            rt.addValue("id", e.id());
            rt.addValue("kind", e.kind());
            rt.addValue("state", s.state() + (s.removable() ? " (yours)" : ""));
            rt.addValue("location", s.installed().map(Object::toString)
                .orElse(s.downloadFrom().map(Object::toString).orElse("put " + e.file() + " into a model folder")));
            long size = s.installed().map(ModelsPlugin::sizeOf).orElse(e.download().map(d -> d.size()).orElse(e.size()));
            rt.addValue("size_MB", size > 0 ? size / 1e6 : Double.NaN);
            rt.addValue("license", e.download().filter(d -> s.installed().isEmpty()).map(d -> d.license()).orElse(e.license()));
            rt.addValue("name", e.name());
        }
        return rt;
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }
}
