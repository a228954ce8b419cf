// Stylises every image in a folder: one TIFF per input, named <input name>-<model>.tif, in the
// output folder (created if needed). Files that are not images are skipped.
//
// Headless:
//   xvfb-run -a java -jar ij.jar -batch macros/batch_folder.ijm "input=/data/in output=/data/out model=candy"
// Interactively (Plugins > Macros > Run...), without an argument, it asks for both folders.

args = getArgument();
input = option(args, "input", "");
output = option(args, "output", "");
model = option(args, "model", "candy");
if (input == "") input = getDirectory("Choose the folder with the images");
if (output == "") output = getDirectory("Choose the folder for the results");
if (!endsWith(input, "/")) input = input + "/";
if (!endsWith(output, "/")) output = output + "/";
File.makeDirectory(output);

setBatchMode(true);
files = getFileList(input);
done = 0;
for (i = 0; i < files.length; i++) {
	if (!isImage(files[i])) continue;
	open(input + files[i]);
	run("Fast Style Transfer...", "model=" + model + " model_file=[] blend_with=[] strength=1 planes=[All planes] provider=Auto tile_size=0 tile_overlap=64");
	saveAs("Tiff", output + File.getNameWithoutExtension(files[i]) + "-" + model + ".tif");
	close("*");
	done++;
}
print("Stylised " + done + " images from " + input + " into " + output);

function isImage(name) {
	return matches(toLowerCase(name), ".*[.](tif|tiff|png|jpg|jpeg|gif|bmp)");
}

function option(args, key, fallback) {
	return call("ij.Macro.getValue", args, key, fallback);
}
