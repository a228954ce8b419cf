// Style Interpolation Sequence: a stack of frames morphing one image from the style of one
// painting to another's, each frame continuing from the previous one. Small and short, so that it
// finishes in seconds on a CPU; saves the stack as TIFF.
//
// Headless:
//   xvfb-run -a java -jar ij.jar -batch macros/interpolate_styles.ijm "input=/data/cat.png a=/data/starry_night.jpg b=/data/the_scream.jpg steps=5 output=/data/cat-morph.tif"
// Defaults: test-images/shapes_rgb.png, The Starry Night to The Scream from ../shared/images/style,
// 3 steps, work size 96, 10 iterations per frame, output in the temp folder.

args = getArgument();
repo = projectFolder();
if (args != "" && indexOf(args, "=") < 0) args = "input=[" + args + "]";
styles = File.getParent(repo) + "/shared/images/style";
input = option(args, "input", repo + "/test-images/shapes_rgb.png");
a = option(args, "a", styles + "/starry_night.jpg");
b = option(args, "b", styles + "/the_scream.jpg");
steps = option(args, "steps", "3");
size = option(args, "size", "96");
iterations = option(args, "iterations", "10");
output = option(args, "output", getDirectory("temp") + File.getNameWithoutExtension(input) + "-interpolated.tif");

if (!File.exists(input)) exit("Style interpolation example: no image at " + input);

setBatchMode(true);
open(input);
run("Style Interpolation Sequence...", "style_a=[" + a + "] style_b=[" + b + "] steps=" + steps
	+ " iterations=" + iterations + " max_size=" + size + " provider=Auto");
frames = nSlices;
saveAs("Tiff", output);
print("Saved " + frames + " frames to " + output);

function option(args, key, fallback) {
	return call("ij.Macro.getValue", args, key, fallback);
}

// The project folder: the parent of this macro's folder (see stylize_image.ijm).
function projectFolder() {
	path = getInfo("macro.filepath");
	if (!startsWith(path, "/") && !matches(path, "^[A-Za-z]:.*"))
		path = getInfo("user.dir") + File.separator + path;
	return File.getParent(File.getParent(path));
}
