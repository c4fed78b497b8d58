"""Curation: the raw texts and the curated tables, read, typed and checked against the texts.

The lowest layer: everything else starts from the frames and problems made here.
"""
