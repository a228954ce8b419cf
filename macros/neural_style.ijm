// Neural Style Transfer (optimisation with VGG-19) of one image in the style of a painting, small
// and short so that it finishes in seconds on a CPU; saves the result as TIFF.
//
// Headless:
//   xvfb-run -a java -jar ij.jar -batch macros/neural_style.ijm "input=/data/cat.png style=/data/starry_night.jpg output=/data/cat-starry.tif"
// Defaults: the Tübingen photo of ../shared/images/content (test-images/shapes_rgb.png when that is
// missing), The Starry Night of ../shared/images/style, output in the temp folder. Other keys:
// size (work size, default 128), iterations (default 20), seed (default 0), init_model (a fast
// style model to start from, e.g. init_model=wave with style=.../great_wave.jpg: fewer iterations
// are needed; default none), init (without init_model: content, the default, or colours, the
// image in the style's colours, or any other init of the command). A single argument
// without "=" is taken as the input image. Paths with spaces go in brackets: input=[/my data/cat.png].

args = getArgument();
repo = projectFolder();
if (args != "" && indexOf(args, "=") < 0) args = "input=[" + args + "]";
shared = File.getParent(repo) + "/shared/images";
defaultInput = shared + "/content/tubingen.jpg";
if (!File.exists(defaultInput)) defaultInput = repo + "/test-images/shapes_rgb.png";
input = option(args, "input", defaultInput);
style = option(args, "style", shared + "/style/starry_night.jpg");
output = option(args, "output", getDirectory("temp") + File.getNameWithoutExtension(input) + "-neural.tif");
size = option(args, "size", "128");
iterations = option(args, "iterations", "20");
seed = option(args, "seed", "0");
initModel = option(args, "init_model", "");
init = "init=" + option(args, "init", "content");
if (initModel != "") init = "init=model init_model=[" + initModel + "]";

if (!File.exists(input)) exit("Neural style example: no image at " + input);
if (!File.exists(style)) exit("Neural style example: no style picture at " + style);

setBatchMode(true);
open(input);
run("Neural Style Transfer...", "style=[" + style + "] more_styles=[] planes=[Current plane] iterations=" + iterations
	+ " optimizer=L-BFGS " + init + " seed=" + seed + " max_size=" + size + " provider=Auto");
saveAs("Tiff", output);
print("Saved " + output);

// key=value from the argument (ImageJ's own parser, so [bracketed values] work), or the default.
function option(args, key, fallback) {
	return call("ij.Macro.getValue", args, key, fallback);
}

// The project folder: the parent of this macro's folder. ImageJ gives the macro's path as it was
// passed on the command line, so a relative one is resolved against the working directory.
function projectFolder() {
	path = getInfo("macro.filepath");
	if (!startsWith(path, "/") && !matches(path, "^[A-Za-z]:.*"))
		path = getInfo("user.dir") + File.separator + path;
	return File.getParent(File.getParent(path));
}
