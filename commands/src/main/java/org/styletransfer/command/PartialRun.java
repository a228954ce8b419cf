package org.styletransfer.command;

import org.styletransfer.engine.CancelledException;
import org.styletransfer.engine.StyleTransferException;
import org.styletransfer.planes.Extent;
import org.styletransfer.planes.PlanePipeline.Stop;
import org.styletransfer.planes.PlaneSet;

import java.util.ArrayList;
import java.util.List;

/**
 * How the style commands end a run that stopped before its last plane, or could not read some
 * planes: a result that keeps the planes finished (whole time points of a hyperstack, see
 * {@link PlaneSet#kept()}), with a note in its title and summary that says what is missing, or,
 * when no plane was stylised, an exception, so that an unfinished run is never shown as a result.
 */
final class PartialRun {
    private PartialRun() {
    }

    /**
     * The note for the title and summary of a run over {@code planes} that ended with {@code stop}:
     * e.g. "(cancelled after 3 of 40 frames)", "(cancelled: time points 1-3 of 4 kept; 4 missing)",
     * "(partial: planes 2-3 of 5 could not be read and are blank)"; "" for a complete run of
     * readable planes.
     *
     * @param stoppedAt for a run cancelled within its last kept plane, where, e.g. "at iteration 3
     *                  of plane 2 of 3"; else ""
     * @throws CancelledException     when the user cancelled before a plane was stylised
     * @throws StyleTransferException when the source was closed before a plane was stylised, or no
     *                                plane could be read
     */
    static String note(Stop stop, PlaneSet planes, String stoppedAt) {
        Extent kept = planes.kept();
        List<Integer> unread = planes.unreadable();
        if (kept.planes() == unread.size()) {
            throw stop == Stop.NONE ? noneReadable(planes.title(), unread) : nothingDone(stop, planes.title());
        }
        List<String> parts = new ArrayList<>();
        if (stop != Stop.NONE) parts.add(stopped(stop, kept, planes.title(), stoppedAt));
        if (!unread.isEmpty()) parts.add((stop == Stop.NONE ? "partial: " : "") + notRead(unread, planes.size()));
        return parts.isEmpty() ? "" : "(" + String.join("; ", parts) + ")";
    }

    /** Planes of the result that were stylised: those kept, less the blank ones that could not be read. */
    static int stylised(PlaneSet planes) {
        return planes.kept().planes() - planes.unreadable().size();
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

    private static String notRead(List<Integer> unread, int total) {
        boolean one = unread.size() == 1;
        return "plane" + (one ? " " : "s ") + Extent.ranges(unread) + " of " + total + " could not be read and "
            + (one ? "is" : "are") + " blank";
    }

    private static StyleTransferException nothingDone(Stop stop, String source) {
        if (stop == Stop.CANCELLED) return new CancelledException();
        return new StyleTransferException("'" + source + "' was closed before its first plane was styled: open it"
            + " again and run the command on it.");
    }

    private static StyleTransferException noneReadable(String source, List<Integer> unread) {
        return new StyleTransferException("No plane of '" + source + "' could be read (plane" + (unread.size() == 1
            ? " " : "s ") + Extent.ranges(unread) + "): their files are missing or damaged (see the Log). Restore"
            + " them, or open the image again.");
    }
}
