"Synthetic recordings and datasets (PASCAL-like and CirCor-like) the notebooks' tests run on."
