package org.styletransfer.ij;

import ij.IJ;
import ij.ImageJ;
import ij.Menus;

import java.awt.Menu;
import java.awt.MenuBar;
import java.awt.MenuItem;

/**
 * Runs inside a real ImageJ process (see {@link ImageJMenuIT}) and prints how ImageJ installed the
 * command: {@code CLASS}, {@code JAR} (the jar that declared it), {@code LOADED_FROM} (where its class
 * came from) and {@code MENU} (the menu path that leads to it). The commands to probe are the
 * arguments; without any, Fast Style Transfer.
 */
public final class MenuProbe {
    static final String COMMAND = "Fast Style Transfer...";

    private MenuProbe() {
    }

    public static void main(String[] args) throws Exception {
        new ImageJ(ImageJ.NO_SHOW); // builds the menus from plugins/, as at start-up
        for (String command : args.length > 0 ? args : new String[] {COMMAND}) probe(command);
        System.exit(0);
    }

    private static void probe(String command) throws ClassNotFoundException {
        String className = (String) Menus.getCommands().get(command);
        System.out.println("CLASS " + className);
        System.out.println("JAR " + Menus.getJarFileForMenuEntry(command));
        if (className != null) {
            String name = className.replaceAll("\\(.*", "");
            Class<?> c = IJ.getClassLoader().loadClass(name);
            System.out.println("LOADED_FROM " + c.getProtectionDomain().getCodeSource().getLocation());
        }
        System.out.println("MENU " + menuPath(Menus.getMenuBar(), command));
    }

    private static String menuPath(MenuBar bar, String command) {
        for (int i = 0; i < bar.getMenuCount(); i++) {
            String path = find(bar.getMenu(i), bar.getMenu(i).getLabel(), command);
            if (path != null) return path;
        }
        return null;
    }

    private static String find(Menu menu, String prefix, String command) {
        for (int i = 0; i < menu.getItemCount(); i++) {
            MenuItem item = menu.getItem(i);
            String path = prefix + ">" + item.getLabel();
            if (item instanceof Menu sub) {
                String found = find(sub, path, command);
                if (found != null) return found;
            } else if (command.equals(item.getLabel())) {
                return path;
            }
        }
        return null;
    }
}
