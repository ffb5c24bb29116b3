"Measurements behind the project's decisions (analysis, extrastoles, segmentation checks, speed) and a CNN primer."
