package org.styletransfer.command;

import java.util.List;

/**
 * Everything the front ends need to present a command: its menu title, a one-line description and
 * its parameters. ImageJ dialog, macro, SciJava command and command line are all built from this.
 */
public record CommandSpec(String title, String description, List<Param> params) {

    /** Fresh values, all at their defaults. */
    public ParamValues defaults() {
        return new ParamValues(params);
    }
}
