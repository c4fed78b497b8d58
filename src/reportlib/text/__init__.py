"""Text analysis with jieba: segmentation, keywords, themes, and the words around uncurated numbers."""
