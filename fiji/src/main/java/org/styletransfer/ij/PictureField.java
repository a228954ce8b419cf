package org.styletransfer.ij;

import ij.ImagePlus;
import ij.WindowManager;
import ij.io.FileInfo;
import ij.process.ImageProcessor;
import org.styletransfer.io.ImageFiles;

import java.awt.Canvas;
import java.awt.Choice;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.FlowLayout;
import java.awt.Graphics;
import java.awt.Image;
import java.awt.Panel;
import java.awt.TextField;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * What a dialog adds below a picture option (a {@code Param.PathKind.IMAGE} text field): a list of
 * the open images to pick from, and a small thumbnail of the picture the field names. Neither is
 * a dialog field, so the Recorder records only the option itself.
 */
final class PictureField {
    static final String PICK = "Open image...";
    /** Edge of the thumbnail, in pixels: enough to recognise a painting, small enough for a laptop screen. */
    static final int THUMBNAIL = 72;

    private PictureField() {
    }

    /** A panel with the open-image list (when there are any) and, if asked, a thumbnail, both tied to {@code field}. */
    static Panel panel(TextField field, List<String> openTitles, boolean thumbnail) {
        Panel panel = new Panel(new FlowLayout(FlowLayout.LEFT, 4, 0));
        if (!openTitles.isEmpty()) panel.add(openImages(field, openTitles));
        if (thumbnail) {
            Thumbnail view = new Thumbnail();
            view.show(field.getText());
            field.addTextListener(e -> view.show(field.getText()));
            panel.add(view);
        }
        return panel;
    }

    private static Choice openImages(TextField field, List<String> titles) {
        Choice choice = new Choice();
        choice.add(PICK);
        titles.forEach(choice::add);
        choice.addItemListener(e -> {
            if (choice.getSelectedIndex() > 0) field.setText(choice.getSelectedItem());
            choice.select(0);
        });
        return choice;
    }

    /**
     * The file an option's text stands for when it is the title of an open image that was read from
     * a file: that path replays in a fresh ImageJ, where the window does not exist. Otherwise the text.
     */
    static String recordable(String text) {
        ImagePlus imp = WindowManager.getImage(text.trim());
        if (imp == null) return text;
        FileInfo info = imp.getOriginalFileInfo();
        if (info == null || info.fileName == null || info.directory == null || info.directory.isEmpty()) return text;
        Path file = Paths.get(info.directory, info.fileName);
        return Files.isRegularFile(file) ? file.toAbsolutePath().normalize().toString() : text;
    }

    /**
     * A list of pictures with weights ({@code title or file:weight, ...}, as {@code WeightedList}
     * reads it: the weight after an entry's last colon) with each entry that is the title of an
     * open image read from a file written as that file (see {@link #recordable}); everything else
     * as typed, so that a value that is not allowed still gets its message when it is read. A file
     * whose path would read as another list (a comma in it; a colon in an entry without weight)
     * keeps its title.
     */
    static String recordableList(String text) {
        String[] parts = text.split(",", -1);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            int colon = part.lastIndexOf(':');
            String name = (colon < 0 ? part : part.substring(0, colon)).trim();
            if (name.isEmpty()) continue;
            String file = recordable(name);
            if (file.equals(name) || file.contains(",") || (colon < 0 && file.contains(":"))) continue;
            int at = part.indexOf(name);
            parts[i] = part.substring(0, at) + file + part.substring(at + name.length());
        }
        return String.join(",", parts);
    }

    /** The picture an option's text names: an open image's window or a readable file; null otherwise. */
    static ImagePlus picture(String text) {
        String name = text.trim();
        if (name.isEmpty()) return null;
        ImagePlus open = WindowManager.getImage(name);
        if (open != null) return open;
        Path file = Paths.get(name);
        if (!Files.isRegularFile(file)) return null;
        try {
            return ImageFiles.openPicture(file, "the style");
        } catch (RuntimeException e) {
            return null; // not a picture (yet): the field may still be being typed
        }
    }

    /** A small view of the named picture, blank when the text names none. */
    static final class Thumbnail extends Canvas {
        private String shown;
        private Image image;

        Thumbnail() {
            setPreferredSize(new Dimension(THUMBNAIL, THUMBNAIL));
        }

        /** Shows the picture named by {@code text}; reads a file only when the text changed. */
        void show(String text) {
            if (text.equals(shown)) return;
            shown = text;
            ImagePlus imp = picture(text);
            image = imp == null ? null : scaled(imp);
            repaint();
        }

        /** The thumbnail currently shown, or null. */
        Image image() {
            return image;
        }

        private static Image scaled(ImagePlus imp) {
            double scale = (double) THUMBNAIL / Math.max(imp.getWidth(), imp.getHeight());
            ImageProcessor ip = imp.getProcessor().duplicate();
            ip.setInterpolationMethod(ImageProcessor.BILINEAR);
            int w = Math.max(1, (int) Math.round(imp.getWidth() * scale));
            int h = Math.max(1, (int) Math.round(imp.getHeight() * scale));
            return ip.resize(w, h, true).createImage();
        }

        @Override
        public void paint(Graphics g) {
            g.setColor(Color.LIGHT_GRAY);
            g.drawRect(0, 0, THUMBNAIL - 1, THUMBNAIL - 1);
            if (image != null) {
                g.drawImage(image, (THUMBNAIL - image.getWidth(null)) / 2, (THUMBNAIL - image.getHeight(null)) / 2, null);
            } else {
                g.setColor(Color.GRAY);
                g.drawString("no picture", 6, THUMBNAIL / 2);
            }
        }
    }
}
