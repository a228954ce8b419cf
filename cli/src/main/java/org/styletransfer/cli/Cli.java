package org.styletransfer.cli;

import org.styletransfer.engine.StyleTransferException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * What every command line of the project shares (this one and the benchmarks'): a top-level
 * command with subcommands, option names matched the way the macro keys are written, and errors
 * reported as one line with the exit statuses of {@link Main}.
 */
public final class Cli {
    private Cli() {
    }

    /**
     * A top-level command that only dispatches to {@code subcommands} (picocli command objects or
     * {@link CommandLine}s), with {@code --help} and a {@code help} subcommand. Without a
     * subcommand it prints its usage on stderr and exits with {@link Main#USER_ERROR}.
     */
    public static CommandLine group(String name, String description, Object... subcommands) {
        CommandLine cl = new CommandLine(new Group());
        cl.setCommandName(name);
        cl.getCommandSpec().usageMessage().description(description);
        for (Object sub : subcommands) cl.addSubcommand(sub);
        return cl.addSubcommand(new CommandLine.HelpCommand());
    }

    /** The body of a {@link #group}: reached only when no subcommand was given. */
    @Command(synopsisSubcommandLabel = "COMMAND")
    private static final class Group implements Callable<Integer> {
        @Mixin
        HelpOption help;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().usage(spec.commandLine().getErr());
            return Main.USER_ERROR;
        }
    }

    /**
     * Parses {@code args} and runs the chosen subcommand; returns its exit status instead of
     * exiting, so that tests and scripts can call it in-process.
     *
     * <p>Option names are matched ignoring case, and {@code -} inside a name counts as {@code _}
     * ({@code --Tile-Size} is {@code --tile_size}): one spelling of each option, that of the macro
     * keys, while users may type either. A repeated option takes the last value given.</p>
     *
     * @param out receives results and help
     * @param err receives progress and error messages
     */
    public static int execute(CommandLine cl, String[] args, PrintStream out, PrintStream err) {
        configure(cl, out, err);
        try {
            return cl.execute(normalise(args));
        } catch (OutOfMemoryError e) {
            // picocli hands only Exceptions to the handler; an Error passes through.
            return failure(e, err);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /**
     * Parses {@code args} as {@link #execute} does, without running anything: the options that
     * reach a command, for tests of a command line.
     *
     * @throws ParameterException what {@link #execute} would report as a user error
     */
    public static ParseResult parse(CommandLine cl, String... args) {
        return configure(cl, System.out, System.err).parseArgs(normalise(args));
    }

    /** The parser settings and error reporting of {@link #execute}; after all subcommands are added. */
    static CommandLine configure(CommandLine cl, PrintStream out, PrintStream err) {
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setOptionsCaseInsensitive(true);
        cl.setSubcommandsCaseInsensitive(true);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setOverwrittenOptionsAllowed(true);
        cl.setParameterExceptionHandler((ex, given) -> userError(message(ex), err));
        return cl.setExecutionExceptionHandler((ex, command, parsed) -> failure(ex, err));
    }

    /** {@code --tile-size=256} becomes {@code --tile_size=256}; values and positional arguments stay. */
    static String[] normalise(String[] args) {
        List<String> out = new ArrayList<>(args.length);
        boolean options = true;
        for (String a : args) {
            if (a.equals("--")) options = false;
            boolean name = options && a.startsWith("--") && a.length() > 2;
            int eq = a.indexOf('=');
            String key = eq < 0 ? a : a.substring(0, eq);
            out.add(name ? "--" + key.substring(2).replace('-', '_') + a.substring(key.length()) : a);
        }
        return out.toArray(String[]::new);
    }

    /** The one line {@link #execute} reports for a command line it could not parse: what is wrong, and where help is. */
    public static String message(ParameterException ex) {
        CommandLine cl = ex.getCommandLine();
        // Our own checks of a value (ranges, choices) already name the option: as in the dialog.
        if (ex.getCause() instanceof ParamOptions.InvalidValue invalid) return invalid.getMessage();
        String help = (cl.getParent() == null ? "" : cl.getCommandName() + " ") + "--help shows the usage";
        if (!(ex instanceof UnmatchedArgumentException u) || u.getUnmatched().isEmpty()) {
            return ex.getMessage() + " (" + help + ")";
        }
        String word = u.getUnmatched().get(0);
        if (word.startsWith("-")) {
            String guess = u.getSuggestions().isEmpty() ? "" : "; did you mean " + String.join(" or ", u.getSuggestions()) + "?";
            return "Unknown option '" + word + "'" + guess + " (" + help + ")";
        }
        if (cl.getSubcommands().isEmpty()) return "Unexpected argument '" + word + "' (" + help + ").";
        List<String> names = cl.getSubcommands().values().stream().map(CommandLine::getCommandName).distinct().toList();
        return "Unknown command '" + word + "'; use " + String.join(", ", names.subList(0, names.size() - 1)) + " or "
            + names.get(names.size() - 1) + " (" + help + ").";
    }

    private static int userError(String message, PrintStream err) {
        err.println("Error: " + message);
        return Main.USER_ERROR;
    }

    /**
     * A subcommand's exception as an exit status: one line for a problem the user can fix, the
     * stack trace for anything unexpected.
     */
    private static int failure(Throwable e, PrintStream err) {
        if (e instanceof UsageException || e instanceof StyleTransferException || e instanceof IllegalArgumentException) {
            // User errors: one line is the whole message, a stack trace would only hide it.
            return userError(e.getMessage(), err);
        }
        err.println("Unexpected failure: " + e);
        e.printStackTrace(err);
        return Main.FAILED;
    }
}
