package org.styletransfer.scijava;

import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.DynamicCommand;
import org.scijava.command.DynamicCommandInfo;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.styletransfer.command.ModelsCommand;
import org.styletransfer.command.ModelsSpec;
import org.styletransfer.command.Param;
import org.styletransfer.command.ParamValues;
import org.styletransfer.engine.CancelledException;
import org.styletransfer.engine.Progress;
import org.styletransfer.models.ModelStore;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Models command for SciJava scripts and headless Fiji, e.g.
 * {@code commandService.run(ModelsScijavaCommand.class, true, "action", "Download", "model", "mosaic")}.
 * Its inputs come from {@link ModelsSpec#spec()}, like those of the ImageJ dialog and macros; the
 * output {@code report} is the outcome message, followed by one line per model for List. No menu
 * path: the ImageJ 1.x entry is the one users see.
 */
@Plugin(type = Command.class, headless = true, label = "Style Transfer Models",
    description = "List, download, import and remove style transfer models.")
public class ModelsScijavaCommand extends DynamicCommand {

    /** What the action did. */
    @Parameter(type = ItemIO.OUTPUT, label = "Report")
    private String report;

    @Parameter(required = false)
    private StatusService status;

    private boolean specInputsAdded;

    @Override
    public DynamicCommandInfo getInfo() {
        DynamicCommandInfo info = super.getInfo();
        // As in FastStyleScijavaCommand: the first moment the spec's options can join the metadata.
        if (!specInputsAdded) {
            specInputsAdded = true;
            for (Param p : ModelsSpec.spec().params()) addInput(FastStyleScijavaCommand.SpecItems.item(info, p));
            for (Param p : ModelsSpec.spec().params()) setInput(p.key(), p.defaultValue());
        }
        return info;
    }

    @Override
    public void run() {
        try {
            ModelsCommand.Outcome outcome = ModelsCommand.run(values(), ModelStore.standard(), new CommandProgress());
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

    private ParamValues values() {
        List<Param> params = ModelsSpec.spec().params();
        Map<String, Object> given = new LinkedHashMap<>();
        for (Param p : params) given.put(p.key(), getInput(p.key()));
        return ParamValues.of(params, given);
    }

    /** Download progress to SciJava's status bar; cancels when the module was cancelled. */
    private final class CommandProgress implements Progress {
        @Override
        public void update(long done, long total, String text) {
            // The status bar takes ints; kilobytes keep a model of several GB in range.
            if (status != null) status.showStatus((int) (done >> 10), (int) Math.max(0, total >> 10), text);
        }

        @Override
        public boolean isCancelled() {
            return isCanceled();
        }
    }
}
