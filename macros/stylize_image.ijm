// Stylises one image with Fast Style Transfer and saves the result as TIFF.
//
// Headless:
//   xvfb-run -a java -jar ij.jar -batch macros/stylize_image.ijm "input=/data/cat.png output=/data/cat-candy.tif model=candy"
// With no argument it stylises test-images/shapes_rgb.png into the temp folder; a single argument
// without "=" is taken as the input image. Paths with spaces go in brackets: input=[/my data/cat.png].

args = getArgument();
repo = projectFolder();
if (args != "" && indexOf(args, "=") < 0) args = "input=[" + args + "]";
input = option(args, "input", repo + "/test-images/shapes_rgb.png");
output = option(args, "output", getDirectory("temp") + File.getNameWithoutExtension(input) + "-stylised.tif");
model = option(args, "model", "candy");

if (!File.exists(input)) exit("Fast Style Transfer example: no image at " + input);

setBatchMode(true);
open(input);
run("Fast Style Transfer...", "model=" + model + " model_file=[] blend_with=[] strength=1 planes=[All planes] provider=Auto tile_size=0 tile_overlap=64");
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
