"""Analysis: comparison views over the curated tables, the comparability rules, and the claims drawn from them."""
