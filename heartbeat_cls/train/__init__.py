"The one training loop (`fit`), cross-validation folds kept on disk, and the experiments `train` and `cv` run."
