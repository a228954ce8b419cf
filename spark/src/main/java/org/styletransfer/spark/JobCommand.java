package org.styletransfer.spark;

import ij.ImagePlus;
import org.styletransfer.command.CommandSpec;
import org.styletransfer.command.FastStyleCommand;
import org.styletransfer.command.FastStyleSpec;
import org.styletransfer.command.NeuralStyleCommand;
import org.styletransfer.command.NeuralStyleSpec;
import org.styletransfer.command.ParamValues;
import org.styletransfer.command.PlaneScope;
import org.styletransfer.command.StyleResult;
import org.styletransfer.engine.Progress;
import org.styletransfer.gatys.NeuralStyleListener;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A plugin command the Spark job can run: its name on the job's command line ({@code --command}),
 * its {@link CommandSpec} (whose parameters become the job's options, as for {@code stylize}) and
 * how it stylises one image. A new command (the universal style transfer, say) plugs in with one
 * {@link #ALL} entry: its spec and its {@code run} method; nothing else in the job knows commands.
 *
 * @param name   the value of {@code --command}
 * @param spec   the command's one definition of its options
 * @param runner   stylises a whole image (all its planes) with checked values
 * @param temporal whether checked values make each frame depend on the previous ones, so that a
 *                 chunk needs warm-up frames to start like the unchunked run
 */
public record JobCommand(String name, Supplier<CommandSpec> spec, Runner runner, Predicate<ParamValues> temporal) {
    /** Runs the command on an image, as the menu command and the command line do. */
    @FunctionalInterface
    public interface Runner {
        /** Stylises every plane of {@code image}; {@code values} were checked by the spec's params. */
        StyleResult run(ImagePlus image, ParamValues values);
    }

    /** The commands by name, in the order {@code --help} lists them. */
    public static final Map<String, JobCommand> ALL = commands(
        new JobCommand("fast", FastStyleSpec::spec, (image, values) -> FastStyleCommand.run(image, values, Progress.NONE),
            values -> values.number(FastStyleSpec.TEMPORAL_COHERENCE) > 0),
        new JobCommand("neural", NeuralStyleSpec::spec,
            (image, values) -> NeuralStyleCommand.run(image, values, Progress.NONE, NeuralStyleListener.NONE),
            values -> values.number(NeuralStyleSpec.TEMPORAL_WEIGHT) > 0));

    private static Map<String, JobCommand> commands(JobCommand... commands) {
        Map<String, JobCommand> map = new LinkedHashMap<>();
        for (JobCommand c : commands) map.put(c.name(), c);
        return map;
    }

    /**
     * The command called {@code name}.
     *
     * @throws IllegalArgumentException naming the commands there are
     */
    public static JobCommand named(String name) {
        JobCommand c = ALL.get(name);
        if (c == null) {
            throw new IllegalArgumentException("Unknown command '" + name + "': use --command " + String.join(", ", ALL.keySet()) + ".");
        }
        return c;
    }

    /**
     * Whether {@code values} stylise every plane of an input: the {@code planes} option of the
     * plugin's commands, and every plane for a command without one.
     */
    public static boolean allPlanes(ParamValues values) {
        boolean has = values.params().stream().anyMatch(p -> p.key().equals(FastStyleSpec.PLANES));
        return !has || values.choice(FastStyleSpec.PLANES, PlaneScope.class).all();
    }

    /** The option values {@code given} by key, checked by the spec's params, the others at their defaults. */
    public ParamValues values(Map<String, ?> given) {
        return ParamValues.of(spec.get().params(), given);
    }
}
