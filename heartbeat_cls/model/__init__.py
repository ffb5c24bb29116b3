"The network and what it is trained and saved as: the DataBlock, the learner, the saved model folder, and prediction."
