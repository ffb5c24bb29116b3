"What a recording becomes before the network sees it: mel-spectrogram images, recording-level and beat features (segmentation), and windows."
