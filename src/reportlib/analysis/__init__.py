"""Analysis: comparison views over the curated tables, and the findings drawn from them."""
