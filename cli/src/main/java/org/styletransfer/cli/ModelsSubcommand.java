package org.styletransfer.cli;

import org.styletransfer.models.ModelCatalog;
import org.styletransfer.models.ModelEntry;
import org.styletransfer.models.ModelLocator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code models}: the catalogue, and for each model whether and where it is installed. */
@Command(name = "models", description = "List the model catalogue and where each model is installed.")
final class ModelsSubcommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    private final PrintStream out;

    ModelsSubcommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        out.println("Model folders searched, in order: " + ModelLocator.roots());
        out.println("Your model folder: " + ModelLocator.userModelFolder());
        out.printf("%-24s %-7s %-9s %s%n", "id", "kind", "installed", "file");
        for (ModelEntry e : ModelCatalog.get().entries()) {
            out.println(line(e, ModelLocator.find(e.file())));
        }
        return Main.OK;
    }

    /** One row: id, kind, yes/no, and the file found or where to put it. */
    static String line(ModelEntry e, Optional<Path> found) {
        // The project's decoders travel inside the core jar, so they need no model folder.
        String missing = e.kind().equals(ModelEntry.DECODER) ? "(bundled in the core jar)"
            : "(put " + e.file() + " into " + ModelLocator.userModelFolder() + ")";
        String where = found.map(Path::toString).orElse(missing);
        return String.format("%-24s %-7s %-9s %s", e.id(), e.kind(), found.isPresent() ? "yes" : "no", where);
    }
}
