// Stylises every image and every AVI video in a folder: one output per input, in the output folder
// (created if needed). Images become <input name>-<model>.tif; videos become <input name>-<model>.avi
// (JPEG frames, the input's frame rate). Files that are neither are skipped.
//
// Videos are read one frame at a time (virtual stack) and their stylised frames go through a
// temporary folder on disk, so that memory does not grow with the length of the video.
//
// Headless:
//   xvfb-run -a java -jar ij.jar -batch macros/batch_folder.ijm "input=/data/in output=/data/out model=candy"
// Interactively (Plugins > Macros > Run...), without an argument, it asks for both folders.

args = getArgument();
input = option(args, "input", "");
output = option(args, "output", "");
model = option(args, "model", "candy");
if (input == "") input = getDirectory("Choose the folder with the images and videos");
if (output == "") output = getDirectory("Choose the folder for the results");
if (!endsWith(input, "/")) input = input + "/";
if (!endsWith(output, "/")) output = output + "/";
File.makeDirectory(output);

setBatchMode(true);
files = getFileList(input);
images = 0;
videos = 0;
for (i = 0; i < files.length; i++) {
	name = File.getNameWithoutExtension(files[i]);
	if (isVideo(files[i])) {
		stylizeVideo(input + files[i], output + name + "-" + model + ".avi");
		videos++;
	} else if (isImage(files[i])) {
		open(input + files[i]);
		run("Fast Style Transfer...", styleOptions(""));
		saveAs("Tiff", output + name + "-" + model + ".tif");
		close("*");
		images++;
	}
}
print("Stylised " + images + " images and " + videos + " videos from " + input + " into " + output);

// Opens the video virtually, stylises it frame by frame into a temporary folder, writes the AVI and
// removes the temporary frames.
function stylizeVideo(path, result) {
	run("AVI...", "open=[" + path + "] use");
	frames = getDirectory("temp") + "style-transfer-frames-" + getTime() + "/";
	run("Fast Style Transfer...", styleOptions(frames));
	run("AVI... ", "compression=JPEG save=[" + result + "]");
	close("*");
	list = getFileList(frames);
	for (j = 0; j < list.length; j++) ok = File.delete(frames + list[j]);
	ok = File.delete(frames);
}

function styleOptions(folder) {
	return "model=" + model + " model_file=[] blend_with=[] strength=1 planes=[All planes] provider=Auto"
		+ " tile_size=0 tile_overlap=64 output_folder=[" + folder + "]";
}

function isImage(name) {
	return matches(toLowerCase(name), ".*[.](tif|tiff|png|jpg|jpeg|gif|bmp)");
}

function isVideo(name) {
	return matches(toLowerCase(name), ".*[.]avi");
}

function option(args, key, fallback) {
	return call("ij.Macro.getValue", args, key, fallback);
}
