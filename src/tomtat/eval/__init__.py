"""Evaluation (tomtat.eval): Vietnamese-correct ROUGE (:mod:`.rouge`: ``score``, ``rouge_n``,
``rouge_l``), data sets with references (:mod:`.datasets`) and ``evaluate()``
(:mod:`.evaluate`)."""
