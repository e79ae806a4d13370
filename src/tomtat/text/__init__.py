"""Vietnamese text core: encoding repair, normalization, boilerplate cleaning, sentences, tokens."""
