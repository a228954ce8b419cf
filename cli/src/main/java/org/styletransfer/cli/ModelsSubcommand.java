package org.styletransfer.cli;

import org.styletransfer.models.ModelCatalog;
import org.styletransfer.models.ModelEntry;
import org.styletransfer.models.ModelLocator;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;

/** {@code models}: the catalogue, and for each model whether and where it is installed. */
final class ModelsSubcommand {
    private ModelsSubcommand() {
    }

    static int run(CliArgs args, PrintStream out) {
        args.expectPositional(0, "models");
        if (!args.options().isEmpty()) throw new UsageException("models takes no options, not " + args.options().keySet() + ".");
        out.println("Model folders searched, in order: " + ModelLocator.roots());
        out.println("Your model folder: " + ModelLocator.userModelFolder());
        out.printf("%-24s %-6s %-9s %s%n", "id", "kind", "installed", "file");
        for (ModelEntry e : ModelCatalog.get().entries()) {
            out.println(line(e, ModelLocator.find(e.file())));
        }
        return Main.OK;
    }

    /** One row: id, kind, yes/no, and the file found or where to put it. */
    static String line(ModelEntry e, Optional<Path> found) {
        String where = found.map(Path::toString)
            .orElse("(put " + e.file() + " into " + ModelLocator.userModelFolder() + ")");
        return String.format("%-24s %-6s %-9s %s", e.id(), e.kind(), found.isPresent() ? "yes" : "no", where);
    }
}
