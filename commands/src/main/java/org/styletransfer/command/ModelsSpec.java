package org.styletransfer.command;

import org.styletransfer.models.ModelCatalog;
import org.styletransfer.models.ModelEntry;
import org.styletransfer.models.ModelStore;

import java.util.List;

/** The parameters of Plugins &gt; Style Transfer &gt; Models..., defined once. */
public final class ModelsSpec {
    public static final String ACTION = "action";
    public static final String MODEL = "model";
    public static final String FILE = "file";
    public static final String MIRROR = "mirror";


    /** What the command does. */
    public enum Action {
        /** Every known model and where it is. */
        LIST("List"),
        /** Download the model. */
        DOWNLOAD("Download"),
        /** Copy a file into the model folder. */
        IMPORT("Import"),
        /** Remove the model. */
        REMOVE("Remove"),
        /** Set the download mirror. */
        SET_MIRROR("Set mirror");

        private final String label;

        Action(String label) {
            this.label = label;
        }

        /** The name shown in dialogs and recorded in macros; recorded macros rely on it, so it never changes. */
        public String label() {
            return label;
        }
    }

    private ModelsSpec() {
    }

    /**
     * The command's title and parameters. The mirror's default is the current setting, so that a
     * dialog shows it and a macro that leaves it out does not change it.
     */
    public static CommandSpec spec() {
        return new CommandSpec("Models",
            "List, download, import and remove the style networks and VGG-19 weights of your model folder "
                + ModelStore.standard().folder() + ".",
            List.of(
                Param.choice(ACTION, Action.class, Action::label, Action.LIST,
                    "List: every known model and where it is; Download / Remove: the model below;"
                        + " Import: the file below; Set mirror: the mirror below.").labelled("Action"),
                Param.choice(MODEL, ModelsSpec::modelIds, ModelCatalog.get().defaultFastId(),
                    "The catalogue model to download or remove.").labelled("Model"),
                Param.text(FILE, "",
                    "Import: an .onnx style network or VGG-19 weights (.pth, .pt, .onnx) to copy into your model folder.")
                    .labelled("File to import").browse(Param.PathKind.FILE),
                Param.text(MIRROR, ModelStore.standard().mirror(),
                    "Set mirror: base address that downloads come from instead of the publishers'"
                        + " (e.g. http://mirror.lab/models/); empty for none.").labelled("Download mirror")));
    }

    private static List<String> modelIds() {
        return ModelCatalog.get().allEntries().stream().map(ModelEntry::id).toList();
    }
}
