package org.styletransfer.scijava;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.styletransfer.command.CommandSpec;
import org.styletransfer.command.ModelsCommand;
import org.styletransfer.command.ModelsSpec;
import org.styletransfer.engine.CancelledException;
import org.styletransfer.models.ModelStore;


/**
 * The Models command for SciJava scripts and headless Fiji, e.g.
 * {@code commandService.run(ModelsScijavaCommand.class, true, "action", "Download", "model", "mosaic")}.
 * Its inputs come from {@link ModelsSpec#spec()}, like those of the ImageJ dialog and macros; the
 * output {@code report} is the outcome message, followed by one line per model for List. No menu
 * path: the ImageJ 1.x entry is the one users see.
 */
@Plugin(type = Command.class, headless = true, label = "Style Transfer Models",
    description = "List, download, import and remove style transfer models.")
public class ModelsScijavaCommand extends SpecDynamicCommand {

    /** What the action did. */
    @Parameter(type = ItemIO.OUTPUT, label = "Report")
    private String report;

    @Override
    protected CommandSpec spec() {
        return ModelsSpec.spec();
    }

    @Override
    public void run() {
        try {
            ModelsCommand.Outcome outcome = ModelsCommand.run(values(), ModelStore.standard(), progress());
            StringBuilder sb = new StringBuilder(outcome.message());
            for (ModelStore.Status s : outcome.listing()) {
                sb.append('\n').append(s.entry().id()).append('\t').append(s.entry().kind()).append('\t').append(s.state())
                    .append('\t').append(s.installed().map(Object::toString).orElse(""));
            }
            report = sb.toString();
        } catch (CancelledException e) {
            cancel(e.getMessage());
        }
    }
}
