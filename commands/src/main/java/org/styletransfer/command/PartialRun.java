package org.styletransfer.command;

import org.styletransfer.engine.CancelledException;
import org.styletransfer.engine.StyleTransferException;
import org.styletransfer.planes.Extent;
import org.styletransfer.planes.PlanePipeline.Stop;
import org.styletransfer.planes.PlaneSet;

/**
 * How the style commands end a run that stopped before its last plane: a result that keeps the
 * planes finished (whole time points of a hyperstack, see {@link PlaneSet#kept()}), with a note
 * in its title and summary that says what is missing, or, when no plane was finished, an
 * exception, so that an unfinished run is never shown as a result.
 */
final class PartialRun {
    private PartialRun() {
    }

    /**
     * The note for the title and summary of a run over {@code planes} that ended with {@code stop}:
     * e.g. "(cancelled after 3 of 40 frames)", "(cancelled: time points 1-3 of 4 kept; 4 missing)";
     * "" for a complete run.
     *
     * @param stoppedAt for a run cancelled within its last kept plane, where, e.g. "at iteration 3
     *                  of plane 2 of 3"; else ""
     * @throws CancelledException     when the user cancelled before a plane was stylised
     * @throws StyleTransferException when the source was closed before a plane was stylised
     */
    static String note(Stop stop, PlaneSet planes, String stoppedAt) {
        if (stop == Stop.NONE) return "";
        Extent kept = planes.kept();
        if (kept.planes() == 0) throw nothingDone(stop, planes.title());
        return "(" + stopped(stop, kept, planes.title(), stoppedAt) + ")";
    }

    /** Planes of the result: those kept. */
    static int stylised(PlaneSet planes) {
        return planes.kept().planes();
    }

    private static String stopped(Stop stop, Extent kept, String source, String stoppedAt) {
        if (kept.isOneAxis()) {
            if (stop == Stop.CANCELLED && !stoppedAt.isEmpty()) return "cancelled " + stoppedAt;
            String note = stop == Stop.CANCELLED ? StyleResult.cancelledNote(kept.kept(), kept.total(), kept.unit())
                : StyleResult.closedNote(source, kept.kept(), kept.total(), kept.unit());
            // Without its parentheses: it is one part of the note.
            return note.substring(1, note.length() - 1);
        }
        String how = stop == Stop.CANCELLED ? "cancelled" + (stoppedAt.isEmpty() ? "" : " " + stoppedAt)
            : "partial: '" + source + "' was closed";
        return how + (stop == Stop.CANCELLED && stoppedAt.isEmpty() ? ": " : "; ") + kept.keptAndMissing();
    }

    private static StyleTransferException nothingDone(Stop stop, String source) {
        if (stop == Stop.CANCELLED) return new CancelledException();
        return new StyleTransferException("'" + source + "' was closed before its first plane was styled: open it"
            + " again and run the command on it.");
    }
}
