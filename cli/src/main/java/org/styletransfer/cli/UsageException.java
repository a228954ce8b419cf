package org.styletransfer.cli;

/** A command line the program cannot act on; shown as one line, exit status 2. */
public class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
