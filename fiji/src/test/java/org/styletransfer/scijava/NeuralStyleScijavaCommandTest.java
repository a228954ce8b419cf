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
import org.styletransfer.command.InterpolationSpec;
import org.styletransfer.command.NeuralStyleSpec;
import org.styletransfer.command.Param;
import org.styletransfer.testutil.SharedData;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The optimisation commands as SciJava commands, in a real SciJava context. */
class NeuralStyleScijavaCommandTest {
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

    private static CommandInfo info(Class<? extends SpecScijavaCommand> type) {
        CommandInfo info = commands.getCommand(type);
        assertNotNull(info, type + " is not in the plugin index");
        return info;
    }

    private static List<String> userInputs(Module module) {
        List<String> names = new ArrayList<>();
        for (ModuleItem<?> item : module.getInfo().inputs()) {
            if (!Service.class.isAssignableFrom(item.getType()) && item.getType() != Context.class) names.add(item.getName());
        }
        return names;
    }

    @Test
    void inputsAreTheImageAndTheSpecParameters() throws Exception {
        for (var c : List.of(NeuralStyleScijavaCommand.class, InterpolationScijavaCommand.class)) {
            CommandInfo info = info(c);
            assertTrue(info.canRunHeadless(), c.getName());
            List<String> expected = new ArrayList<>(List.of("image"));
            List<Param> params = c == NeuralStyleScijavaCommand.class ? NeuralStyleSpec.spec().params()
                : InterpolationSpec.spec().params();
            params.forEach(p -> expected.add(p.key()));
            assertEquals(expected, userInputs(modules.createModule(info)));
        }
    }

    @Test
    void missingStyleFailsWithTheCommandMessage() {
        ImagePlus source = new ImagePlus("small", new ColorProcessor(32, 32));
        ExecutionException e = assertThrows(ExecutionException.class, () ->
            modules.run(info(NeuralStyleScijavaCommand.class), true, "image", source,
                "style", "/no/such/style.jpg").get());
        StringBuilder causes = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) causes.append(t.getMessage()).append('\n');
        assertTrue(causes.toString().contains("'/no/such/style.jpg' is neither the title of an open image"), causes.toString());
    }

    @Test
    void stylisesWithAStyleFile() throws Exception {
        String style = SharedData.styleImage("starry_night.jpg").toAbsolutePath().toString();
        ImagePlus source = new ImagePlus("small", org.styletransfer.ij.TestImageGenerator.shapesRgb().getProcessor().resize(64, 40));
        Module module = modules.run(info(NeuralStyleScijavaCommand.class), true, "image", source, "style", style,
            "iterations", 3, "max_size", 48, "provider", "CPU").get();
        ImagePlus result = (ImagePlus) module.getOutput("result");
        assertNotNull(result);
        assertEquals(64, result.getWidth());
        assertEquals(40, result.getHeight());
        assertEquals("small-starry_night", result.getTitle());
    }
}
