package org.styletransfer.command;

import org.styletransfer.engine.Progress;
import org.styletransfer.engine.StyleTransferException;
import org.styletransfer.models.ModelEntry;
import org.styletransfer.models.ModelStore;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Optional;

import static org.styletransfer.command.ModelsSpec.*;

/**
 * Runs one action of the Models command with checked values; the ImageJ menu and macro, the
 * SciJava command and the command line all call this.
 */
public final class ModelsCommand {
    private ModelsCommand() {
    }

    /**
     * What an action did.
     *
     * @param message one or two sentences for the status line and the Log
     * @param listing the models and their state (for List; empty otherwise)
     */
    public record Outcome(String message, List<ModelStore.Status> listing) {
    }

    /**
     * Does the action of {@code values} on {@code store}.
     *
     * @throws StyleTransferException with a message for the user (unknown model, failed download...)
     * @throws org.styletransfer.engine.CancelledException when a download was cancelled (its part file stays)
     */
    public static Outcome run(ParamValues values, ModelStore store, Progress progress) {
        String model = values.string(MODEL);
        return switch (values.choice(ACTION, Action.class)) {
            case DOWNLOAD -> download(store, model, progress);
            case IMPORT -> importFile(store, values.string(FILE).trim());
            case REMOVE -> remove(store, model);
            case SET_MIRROR -> setMirror(store, values.string(MIRROR));
            case LIST -> list(store);
        };
    }

    private static Outcome list(ModelStore store) {
        List<ModelStore.Status> all = store.list();
        long installed = all.stream().filter(s -> s.installed().isPresent()).count();
        String mirror = store.mirror().isEmpty() ? "none" : store.mirror();
        return new Outcome(all.size() + " models, " + installed + " installed; your model folder: " + store.folder()
            + "; mirror: " + mirror + ".", all);
    }

    private static Outcome download(ModelStore store, String model, Progress progress) {
        Optional<Path> existing = store.installed(model);
        if (existing.isPresent()) return new Outcome(model + " is already installed at " + existing.get() + ".", List.of());
        Path file = store.download(model, progress);
        return new Outcome("Downloaded " + model + " to " + file + ".", List.of());
    }

    private static Outcome importFile(ModelStore store, String file) {
        if (file.isEmpty()) {
            throw new StyleTransferException("Import needs a file: file=[/path/to/network.onnx] (or a VGG-19 .pth).");
        }
        ModelEntry e = store.importFile(Paths.get(file));
        return new Outcome("Imported " + file + " as model '" + e.id() + "' (" + e.kind() + ") into " + store.folder() + ".",
            List.of());
    }

    private static Outcome remove(ModelStore store, String model) {
        List<Path> deleted = store.remove(model);
        return new Outcome("Removed " + model + (deleted.isEmpty() ? " from the catalogue" : ": deleted " + deleted) + ".",
            List.of());
    }

    private static Outcome setMirror(ModelStore store, String mirror) {
        String set = store.setMirror(mirror);
        return new Outcome(set.isEmpty() ? "Mirror cleared: downloads come from the publishers' addresses."
            : "Downloads now come from the mirror " + set + " (file names as published).", List.of());
    }
}
