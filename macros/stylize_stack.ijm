// Stylises every plane (slices, frames and channels) of a stack and saves the result as a TIFF
// stack with the same dimensions, type and calibration.
//
// Headless:
//   xvfb-run -a java -jar ij.jar -batch macros/stylize_stack.ijm "input=/data/cells.tif output=/data/cells-mosaic.tif model=mosaic"
// With no argument it stylises test-images/blobs16.tif (16-bit, 3 slices) into the temp folder.

args = getArgument();
repo = projectFolder();
if (args != "" && indexOf(args, "=") < 0) args = "input=[" + args + "]";
input = option(args, "input", repo + "/test-images/blobs16.tif");
output = option(args, "output", getDirectory("temp") + File.getNameWithoutExtension(input) + "-stylised.tif");
model = option(args, "model", "candy");
strength = option(args, "strength", "1");

if (!File.exists(input)) exit("Fast Style Transfer example: no image at " + input);

setBatchMode(true);
open(input);
planes = nSlices;
run("Fast Style Transfer...", "model=" + model + " model_file=[] blend_with=[] strength=" + strength + " planes=[All planes] provider=Auto tile_size=0 tile_overlap=64");
saveAs("Tiff", output);
print("Saved " + planes + " planes to " + output);

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
