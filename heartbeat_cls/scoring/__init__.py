"Numbers from predictions: classification metrics, the Challenge's scores, the learnt patient decision, and patient-level scoring."
