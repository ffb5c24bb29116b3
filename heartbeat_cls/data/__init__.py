"The recordings and their tables: audio files, the PASCAL and CirCor datasets, downloading them, finding them, and patient-grouped splits."
