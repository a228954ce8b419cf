package org.styletransfer.command;

import org.styletransfer.engine.CancelledException;
import org.styletransfer.engine.StyleTransferException;
import org.styletransfer.planes.PlanePipeline.Stop;

/**
 * How the style commands end a run that stopped before its last plane: a result that keeps the
 * planes finished, with a note in its title and summary, or, when nothing was finished, an
 * exception, so that an unfinished run is never shown as a result.
 */
final class PartialRun {
    private PartialRun() {
    }

    /**
     * The note for the title and summary of a run that ended with {@code stop} after {@code done}
     * of {@code total} planes; "" for a complete run.
     *
     * @param source the source's title, for the message when it was closed
     * @throws CancelledException     when the user cancelled before the first plane was done
     * @throws StyleTransferException when the source was closed before its first plane was done
     */
    static String note(Stop stop, int done, int total, String source) {
        if (stop == Stop.NONE) return "";
        if (done == 0) throw nothingDone(stop, source);
        return stop == Stop.CANCELLED ? StyleResult.cancelledNote(done, total)
            : StyleResult.closedNote(source, done, total);
    }

    private static StyleTransferException nothingDone(Stop stop, String source) {
        if (stop == Stop.CANCELLED) return new CancelledException();
        return new StyleTransferException("'" + source + "' was closed before its first plane was styled: open it"
            + " again and run the command on it.");
    }
}
