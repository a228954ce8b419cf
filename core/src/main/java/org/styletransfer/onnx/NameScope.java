package org.styletransfer.onnx;

import java.util.HashSet;
import java.util.Set;

/**
 * Hands out value and node names that do not clash with any name already in a model; rewrites
 * must never capture an existing value by accident.
 */
public final class NameScope {

    private final Set<String> taken = new HashSet<>();

    /** A scope holding every name used in {@code model}. */
    public static NameScope of(OnnxModel model) {
        NameScope scope = new NameScope();
        model.inputs().forEach(info -> scope.taken.add(info.name()));
        model.outputs().forEach(info -> scope.taken.add(info.name()));
        model.valueInfos().forEach(info -> scope.taken.add(info.name()));
        scope.taken.addAll(model.initializerNames());
        for (OnnxNode node : model.nodes()) {
            scope.taken.add(node.name());
            scope.taken.addAll(node.inputs());
            scope.taken.addAll(node.outputs());
        }
        return scope;
    }

    /** Marks {@code name} as used. */
    public void reserve(String name) {
        taken.add(name);
    }

    /** {@code base} if free, otherwise {@code base_2}, {@code base_3}, ...; the name is reserved. */
    public String fresh(String base) {
        String name = base;
        for (int i = 2; !taken.add(name); i++) {
            name = base + "_" + i;
        }
        return name;
    }
}
