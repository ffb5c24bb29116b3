"Judging trained models: interpretation (confusion, top losses), evaluation on other patients, run folders and results tables."
