package org.styletransfer.scijava;

import ij.ImagePlus;
import ij.process.ColorProcessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;
import org.scijava.service.Service;
import org.styletransfer.command.FastStyleSpec;
import org.styletransfer.command.Param;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@link FastStyleScijavaCommand} in a real SciJava context, as a script or Fiji would run it. */
class FastStyleScijavaCommandTest {
    private static Context context;
    private static CommandService commands;
    private static ModuleService modules;

    @BeforeAll
    static void startContext() {
        context = new Context(CommandService.class, ModuleService.class);
        commands = context.service(CommandService.class);
        modules = context.service(ModuleService.class);
    }

    @AfterAll
    static void stopContext() {
        context.dispose();
    }

    private static CommandInfo info() {
        CommandInfo info = commands.getCommand(FastStyleScijavaCommand.class);
        assertNotNull(info, "the command is not in the plugin index");
        return info;
    }

    /** The inputs a user sets: everything but the services SciJava injects. */
    private static List<ModuleItem<?>> userInputs(Module module) {
        List<ModuleItem<?>> inputs = new ArrayList<>();
        for (ModuleItem<?> item : module.getInfo().inputs()) {
            if (!Service.class.isAssignableFrom(item.getType()) && item.getType() != Context.class) inputs.add(item);
        }
        return inputs;
    }

    @Test
    void annotationIndexListsTheCommand() throws IOException {
        // Written by scijava-common's annotation processor at compile time; Fiji finds plugins only through it.
        StringBuilder all = new StringBuilder();
        for (URL url : Collections.list(getClass().getClassLoader().getResources("META-INF/json/org.scijava.plugin.Plugin"))) {
            try (InputStream in = url.openStream()) {
                all.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertTrue(all.toString().contains("\"class\":\"" + FastStyleScijavaCommand.class.getName() + "\""), all.toString());
    }

    @Test
    void isHeadlessAndHasNoMenuEntry() {
        CommandInfo info = info();
        assertTrue(info.canRunHeadless());
        assertTrue(info.getMenuPath() == null || info.getMenuPath().isEmpty(), "menu path " + info.getMenuPath());
    }

    @Test
    void inputsAreTheImageAndTheSpecParameters() throws Exception {
        Module module = modules.createModule(info());
        List<ModuleItem<?>> inputs = userInputs(module);
        List<String> expected = new ArrayList<>(List.of("image"));
        FastStyleSpec.spec().params().forEach(p -> expected.add(p.key()));
        assertEquals(expected, inputs.stream().map(ModuleItem::getName).toList());
        assertEquals(ImagePlus.class, module.getInfo().getOutput("result").getType());
        for (Param p : FastStyleSpec.spec().params()) checkItem(module.getInfo().getInput(p.key()), p);
    }

    private static void checkItem(ModuleItem<?> item, Param p) {
        assertEquals(p.defaultValue(), item.getDefaultValue(), p.key());
        assertEquals(p.help(), item.getDescription(), p.key());
        assertFalse(item.isRequired(), p.key());
        switch (p.kind()) {
            case CHOICE -> assertEquals(p.choices().get(), item.getChoices(), p.key());
            case NUMBER -> {
                assertEquals(Double.class, item.getType());
                assertEquals(p.min(), item.getMinimumValue());
                assertEquals(p.max(), item.getMaximumValue());
            }
            case INTEGER -> {
                assertEquals(Integer.class, item.getType());
                assertEquals((int) p.max(), item.getMaximumValue());
            }
            default -> assertEquals(p.kind() == Param.Kind.BOOLEAN ? Boolean.class : String.class, item.getType());
        }
    }

    @Test
    void invalidValueFailsWithTheParamMessage() {
        ImagePlus source = new ImagePlus("tiny", new ColorProcessor(8, 8));
        ExecutionException e = assertThrows(ExecutionException.class, () ->
            modules.run(info(), true, "image", source, "strength", 2.0).get());
        assertTrue(causes(e).contains("strength must be between 0 and 1, not 2."), causes(e));
    }

    private static String causes(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) sb.append(t.getMessage()).append('\n');
        return sb.toString();
    }

    @Test
    void stylisesLikeTheOtherFrontEnds() throws Exception {
        assumeSharedModels();
        ImagePlus source = new ImagePlus("small", org.styletransfer.ij.TestImageGenerator.shapesRgb().getProcessor().resize(96, 64));
        int[] before = ((int[]) source.getProcessor().getPixels()).clone();

        Module module = modules.run(info(), true,
            "image", source, "model", "candy", "strength", 1.0, "provider", "CPU").get();

        ImagePlus result = (ImagePlus) module.getOutput("result");
        assertNotNull(result);
        assertNotSame(source, result);
        assertEquals(96, result.getWidth());
        assertEquals(64, result.getHeight());
        assertEquals(ImagePlus.COLOR_RGB, result.getType());
        assertArrayEquals(before, (int[]) source.getProcessor().getPixels(), "the source was modified");
        assertFalse(java.util.Arrays.equals(before, (int[]) result.getProcessor().getPixels()), "nothing was stylised");
    }

    private static void assumeSharedModels() {
        boolean present = Files.isDirectory(Paths.get("..", "shared", "models"));
        if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) fail("../shared/models is missing (CI=true)");
        assumeTrue(present, "../shared/models (the style networks) is missing; skipping");
    }
}
