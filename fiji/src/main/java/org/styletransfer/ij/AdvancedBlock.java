package org.styletransfer.ij;

import java.awt.BorderLayout;
import java.awt.Component;
import java.awt.Dimension;
import java.awt.GridBagConstraints;
import java.awt.GridBagLayout;
import java.awt.Insets;
import java.awt.Panel;
import java.awt.ScrollPane;

/**
 * The advanced options of a dialog: rows of label and field taken from the dialog's own layout into
 * a block that scrolls, hidden until the user asks for it. The fields stay the dialog's fields
 * ({@code GenericDialog} reads and records them wherever they sit), so they record and replay like
 * the others.
 */
final class AdvancedBlock {
    /** Room for the vertical scroll bar and the pane's border. */
    private static final int SCROLL_BAR = 24;
    /**
     * Below this (about three rows) the block is no use; the dialog then moves up instead. Kept
     * small so that a tall folded dialog (Fast Style with its figure options) still fits 768 px.
     */
    private static final int MIN_HEIGHT = 96;

    private final Panel rows = new Panel(new GridBagLayout());
    private final ScrollPane scroll = new ScrollPane(ScrollPane.SCROLLBARS_AS_NEEDED);
    private final Panel holder = new Panel(new BorderLayout());
    private int row;

    AdvancedBlock() {
        scroll.add(rows);
        holder.add(scroll, BorderLayout.CENTER);
        holder.setVisible(false);
    }

    boolean isEmpty() {
        return row == 0;
    }

    /** A heading across both columns. */
    void heading(Component label) {
        GridBagConstraints c = constraints(0);
        c.gridwidth = 2;
        c.insets = new Insets(8, 0, 2, 0);
        rows.add(label, c);
        row++;
    }

    /**
     * One option: its label in the first column and its field (and what comes with it, e.g. a
     * thumbnail) in the second; a checkbox, which carries its own label, in the second only.
     */
    void row(boolean checkbox, java.util.List<Component> components) {
        int i = 0;
        if (!checkbox && components.size() > 1) {
            GridBagConstraints c = constraints(0);
            c.anchor = GridBagConstraints.EAST;
            rows.add(components.get(i++), c);
        }
        for (; i < components.size(); i++) {
            rows.add(components.get(i), constraints(1));
            row++;
        }
    }

    private GridBagConstraints constraints(int column) {
        GridBagConstraints c = new GridBagConstraints();
        c.gridx = column;
        c.gridy = row;
        c.anchor = GridBagConstraints.WEST;
        c.insets = new Insets(2, 4, 2, 4);
        return c;
    }

    /** The panel to add to the dialog. */
    Panel holder() {
        return holder;
    }

    /** Shows the block at most {@code room} pixels high (its options scroll when they need more), or hides it. */
    void show(boolean visible, int room) {
        if (visible) {
            Dimension wanted = rows.getPreferredSize();
            int height = Math.min(wanted.height + 4, Math.max(MIN_HEIGHT, room));
            scroll.setPreferredSize(new Dimension(wanted.width + SCROLL_BAR, height));
        }
        holder.setVisible(visible);
    }
}
