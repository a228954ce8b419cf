package org.styletransfer.scijava;

import org.scijava.app.StatusService;
import org.scijava.command.DynamicCommand;
import org.scijava.command.DynamicCommandInfo;
import org.scijava.module.DefaultMutableModuleItem;
import org.scijava.plugin.Parameter;
import org.styletransfer.ij.ImageJSetup;
import org.styletransfer.command.CommandSpec;
import org.styletransfer.command.Param;
import org.styletransfer.command.ParamValues;
import org.styletransfer.engine.CancelledException;
import org.styletransfer.engine.Progress;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A SciJava command whose options are the parameters of a {@link CommandSpec}, added as inputs at
 * run time, so that the ImageJ dialog, macros and scripts share one definition. Subclasses name
 * the spec and read the checked values with {@link #values()}.
 */
public abstract class SpecDynamicCommand extends DynamicCommand {

    @Parameter(required = false)
    private StatusService status;

    private boolean specInputsAdded;

    /** The options, as the other front ends see them. */
    protected abstract CommandSpec spec();

    @Override
    public DynamicCommandInfo getInfo() {
        DynamicCommandInfo info = super.getInfo();
        // The metadata is created lazily (after context injection), so this is the first moment
        // the spec's options can join it; the flag comes first because addInput calls getInfo again.
        if (!specInputsAdded) {
            specInputsAdded = true;
            for (Param p : spec().params()) addInput(SpecItems.item(info, p));
            for (Param p : spec().params()) setInput(p.key(), p.defaultValue());
        }
        return info;
    }

    /**
     * The spec's inputs as checked values; unset ones (null) take their defaults. Every run starts
     * here, so this is also where the core learns about the ImageJ it runs in.
     */
    protected ParamValues values() {
        ImageJSetup.apply();
        List<Param> params = spec().params();
        Map<String, Object> given = new LinkedHashMap<>();
        for (Param p : params) given.put(p.key(), getInput(p.key()));
        return ParamValues.of(params, given);
    }

    /** Progress to SciJava's status bar when there is one; cancels when the module was cancelled. */
    protected Progress progress() {
        return new CommandProgress();
    }

    private final class CommandProgress implements Progress {
        @Override
        public void update(long done, long total, String text) {
            if (status != null) status.showStatus((int) Math.min(done, Integer.MAX_VALUE),
                (int) Math.min(total, Integer.MAX_VALUE), text);
        }

        @Override
        public boolean isCancelled() {
            return isCanceled();
        }
    }

    /** Converts spec parameters to SciJava module items. */
    static final class SpecItems {
        private SpecItems() {
        }

        /** A not-required, not-persisted input item with the parameter's type, default, range and choices. */
        static DefaultMutableModuleItem<?> item(DynamicCommandInfo info, Param p) {
            return switch (p.kind()) {
                case CHOICE -> withChoices(typed(info, p, String.class), p.choices().get());
                case STRING -> typed(info, p, String.class);
                case NUMBER -> ranged(typed(info, p, Double.class), p.min(), p.max());
                case INTEGER -> ranged(typed(info, p, Integer.class), (int) p.min(), (int) p.max());
                case BOOLEAN -> typed(info, p, Boolean.class);
            };
        }

        private static <T> DefaultMutableModuleItem<T> typed(DynamicCommandInfo info, Param p, Class<T> type) {
            DefaultMutableModuleItem<T> item = new DefaultMutableModuleItem<>(info, p.key(), type);
            item.setLabel(p.label());
            item.setDescription(p.help());
            item.setDefaultValue(type.cast(p.defaultValue()));
            // Unset means "default" (ParamValues fills it in), so nothing is required; and not
            // remembering values keeps scripts reproducible whatever was used interactively before.
            item.setRequired(false);
            item.setPersisted(false);
            return item;
        }

        private static DefaultMutableModuleItem<String> withChoices(DefaultMutableModuleItem<String> item,
                                                                    List<String> choices) {
            item.setChoices(choices);
            return item;
        }

        private static <T extends Number> DefaultMutableModuleItem<T> ranged(DefaultMutableModuleItem<T> item,
                                                                             T min, T max) {
            item.setMinimumValue(min);
            item.setMaximumValue(max);
            return item;
        }
    }
}
