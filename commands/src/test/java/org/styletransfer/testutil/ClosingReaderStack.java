package org.styletransfer.testutil;

import ij.ImagePlus;
import ij.ImageStack;
import ij.VirtualStack;
import ij.process.ImageProcessor;

/**
 * A virtual stack whose reader closes with its image, as readers that keep a file or a decoder
 * open do: once the image is flushed (its window closed), its planes can no longer be read. It
 * serves the planes of an in-memory stack, optionally slowly.
 */
public final class ClosingReaderStack extends VirtualStack {
    private final ImageStack planes;
    private final long millisPerPlane;
    private ImagePlus owner;

    /** @param millisPerPlane how long reading a plane takes */
    public ClosingReaderStack(ImageStack planes, long millisPerPlane) {
        super(planes.getWidth(), planes.getHeight(), null, null);
        this.planes = planes;
        this.millisPerPlane = millisPerPlane;
        setBitDepth(planes.getBitDepth());
    }

    /** Opens the stack as a time series titled {@code title}; closing that image closes the reader. */
    public ImagePlus open(String title) {
        owner = new ImagePlus(title, this);
        owner.setDimensions(1, 1, planes.getSize());
        return owner;
    }

    @Override
    public int getSize() {
        return planes.getSize();
    }

    @Override
    public String getSliceLabel(int n) {
        return planes.getSliceLabel(n);
    }

    @Override
    public ImageProcessor getProcessor(int n) {
        if (owner != null && owner.getProcessor() == null) throw new IllegalStateException("reader closed");
        if (millisPerPlane > 0) pause();
        return planes.getProcessor(n).duplicate();
    }

    private void pause() {
        try {
            Thread.sleep(millisPerPlane);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
