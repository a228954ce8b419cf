package org.styletransfer.spark;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts inputs into tasks: one per input, and for chunked inputs one per {@code chunk} planes, each
 * starting {@code warmup} planes early (see {@link WorkItem}). Many small tasks keep every executor
 * busy on one long video; the warm-up is paid once per chunk.
 */
public final class WorkPlan {
    private WorkPlan() {
    }

    /** The tasks of {@code inputs}, in input and plane order. */
    public static List<WorkItem> tasks(List<InputFile> inputs, int chunk, int warmup) {
        List<WorkItem> tasks = new ArrayList<>();
        for (InputFile in : inputs) {
            int step = in.chunked() ? chunk : in.planes();
            for (int first = 0; first < in.planes(); first += step) {
                tasks.add(new WorkItem(in, Math.max(0, first - warmup), first, Math.min(in.planes(), first + step)));
            }
        }
        return tasks;
    }
}
